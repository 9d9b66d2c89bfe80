"""Net migration to a group of regions from an origin × destination (OD) table of movers.

The input is a long table with one row per (year, origin, destination) and a count of movers, such
as KOSTAT's internal-migration statistics (국내인구이동통계, :cite:`kosis`). For a group of regions
:math:`G` (e.g. the capital region) and year :math:`t`:

.. math::

    I_t = \\sum_{o \\notin G} \\sum_{d \\in G} M_{odt}, \\qquad
    O_t = \\sum_{o \\in G} \\sum_{d \\notin G} M_{odt}, \\qquad
    N_t = I_t - O_t .

Moves within one region (the diagonal, :math:`o = d`) and between two members of the group (e.g.
Seoul → Gyeonggi-do) are not migration *into or out of* the group and are excluded by construction.
Net migration of a group equals the sum of its members' net migration, because moves between
members cancel (a check used in the tests). These are the standard accounting identities of
migration analysis (:cite:`rowland2003`).

All functions take the column names as arguments with the defaults of the book's ``movers``
resource (KOSTAT codes ``origin_sido_code`` / ``destination_sido_code``).
"""

from __future__ import annotations

import pandas as pd

ORIGIN = "origin_sido_code"
DESTINATION = "destination_sido_code"
VALUE = "movers"


def _check(od: pd.DataFrame, origin: str, destination: str, value: str, by: str | None) -> None:
    needed = [origin, destination, value] + ([by] if by else [])
    missing = [c for c in needed if c not in od.columns]
    if missing:
        raise KeyError(f"OD table lacks column(s) {missing}; it has {list(od.columns)}")
    if (od[value] < 0).any():
        raise ValueError(f"column {value!r} has negative counts")


def group_flows(od: pd.DataFrame, members, *, origin: str = ORIGIN, destination: str = DESTINATION,
                value: str = VALUE, by: str = "year") -> pd.DataFrame:
    """Inflow, outflow and net migration of the region group ``members`` per ``by`` (year).

    Returns a DataFrame indexed by ``by`` with columns ``inflow`` (from non-members to members),
    ``outflow`` (members to non-members) and ``net`` (inflow − outflow). Moves within a region and
    between members are excluded.

    >>> od = pd.DataFrame({"year": [1, 1, 1, 1], "origin_sido_code": ["a", "b", "a", "c"],
    ...                    "destination_sido_code": ["b", "a", "c", "a"], "movers": [5, 2, 7, 1]})
    >>> group_flows(od, ["a", "b"]).loc[1].tolist()
    [1, 7, -6]
    """
    _check(od, origin, destination, value, by)
    members = [str(m) for m in members]
    o_in = od[origin].astype(str).isin(members)
    d_in = od[destination].astype(str).isin(members)
    years = pd.Index(sorted(od[by].unique()), name=by)
    inflow = od.loc[~o_in & d_in].groupby(by)[value].sum().reindex(years, fill_value=0)
    outflow = od.loc[o_in & ~d_in].groupby(by)[value].sum().reindex(years, fill_value=0)
    out = pd.DataFrame({"inflow": inflow.astype("int64"), "outflow": outflow.astype("int64")})
    out["net"] = out.inflow - out.outflow
    return out


def region_net(od: pd.DataFrame, *, origin: str = ORIGIN, destination: str = DESTINATION, value: str = VALUE,
               by: str = "year") -> pd.DataFrame:
    """Net migration of every single region per ``by``: moves in from other regions minus moves out.

    Long DataFrame with columns ``by``, ``region``, ``inflow``, ``outflow``, ``net``; the diagonal
    (moves within a region) is excluded.
    """
    _check(od, origin, destination, value, by)
    between = od.loc[od[origin].astype(str) != od[destination].astype(str)]
    inflow = between.groupby([by, destination])[value].sum().rename_axis([by, "region"])
    outflow = between.groupby([by, origin])[value].sum().rename_axis([by, "region"])
    out = pd.concat({"inflow": inflow, "outflow": outflow}, axis=1).fillna(0).astype("int64")
    out["net"] = out.inflow - out.outflow
    return out.reset_index()


def sign_runs(net: pd.Series, sign: int = -1) -> pd.DataFrame:
    """Maximal runs of consecutive index values (years) where ``net`` has the given sign.

    ``sign=-1`` finds the periods when net migration into a group was negative (more left than
    arrived), i.e. when the usual direction of the flow reversed for a group that gains on balance
    over the whole period; ``sign=+1`` finds positive runs. Zero belongs to neither. A gap in the index (a
    missing year) ends a run. Returns columns ``start``, ``end``, ``years`` and ``cumulative``
    (sum of ``net`` over the run), one row per run, in time order.

    >>> sign_runs(pd.Series([3, -1, -2, 4, -5], index=[2000, 2001, 2002, 2003, 2004])).values.tolist()
    [[2001, 2002, 2, -3], [2004, 2004, 1, -5]]
    """
    if sign not in (-1, 1):
        raise ValueError("sign must be -1 or +1")
    net = net.dropna().sort_index()
    rows, current = [], None
    previous = None
    for year, v in net.items():
        hit = (v < 0) if sign < 0 else (v > 0)
        contiguous = previous is not None and int(year) == int(previous) + 1
        if hit and current is not None and contiguous:
            current["end"], current["years"] = int(year), current["years"] + 1
            current["cumulative"] += v
        elif hit:
            if current is not None:
                rows.append(current)
            current = {"start": int(year), "end": int(year), "years": 1, "cumulative": v}
        else:
            if current is not None:
                rows.append(current)
            current = None
        previous = year
    if current is not None:
        rows.append(current)
    return pd.DataFrame(rows, columns=["start", "end", "years", "cumulative"])


def reversal_periods(net: pd.Series) -> pd.DataFrame:
    """Runs of years whose net flow has the opposite sign to the net flow over the whole series.

    For the capital region, which gained migrants on balance over 1970–2020, these are the years of
    net *out*-migration. Same columns as :func:`sign_runs`; empty if the series never reverses.
    """
    total = net.dropna().sum()
    if total == 0:
        return sign_runs(net, -1).iloc[0:0]
    return sign_runs(net, -1 if total > 0 else 1)


def net_to_group_by_origin(od: pd.DataFrame, members, *, origin: str = ORIGIN, destination: str = DESTINATION,
                           value: str = VALUE, by: str = "year", years=None) -> pd.DataFrame:
    """For each non-member region: moves to the group, moves from the group and the net, summed.

    ``years`` (an iterable, optional) restricts the sum to those values of ``by``. Sorted by net,
    largest first, so the top rows are the regions that *send* the most migrants to the group on
    balance. Columns: ``region``, ``to_group``, ``from_group``, ``net``.
    """
    _check(od, origin, destination, value, by)
    members = [str(m) for m in members]
    if years is not None:
        od = od.loc[od[by].isin(list(years))]
    o_in = od[origin].astype(str).isin(members)
    d_in = od[destination].astype(str).isin(members)
    to_group = od.loc[~o_in & d_in].groupby(origin)[value].sum()
    from_group = od.loc[o_in & ~d_in].groupby(destination)[value].sum()
    out = pd.concat({"to_group": to_group, "from_group": from_group}, axis=1).fillna(0).astype("int64")
    out.index = out.index.astype(str).rename("region")
    out["net"] = out.to_group - out.from_group
    return out.sort_values("net", ascending=False).reset_index()


def top_pairs(od: pd.DataFrame, n: int = 10, *, origin: str = ORIGIN, destination: str = DESTINATION,
              value: str = VALUE, by: str = "year", years=None) -> pd.DataFrame:
    """The ``n`` largest directed origin → destination flows between different regions, summed over ``years``.

    Columns: ``origin``, ``destination``, ``movers``; ties are broken by origin then destination
    so the result is deterministic.
    """
    _check(od, origin, destination, value, by)
    if years is not None:
        od = od.loc[od[by].isin(list(years))]
    between = od.loc[od[origin].astype(str) != od[destination].astype(str)]
    pairs = between.groupby([origin, destination])[value].sum().rename("movers").reset_index()
    pairs = pairs.rename(columns={origin: "origin", destination: "destination"})
    pairs = pairs.sort_values(["movers", "origin", "destination"], ascending=[False, True, True])
    return pairs.head(n).reset_index(drop=True)


def od_wide(od: pd.DataFrame, *, origin: str = ORIGIN, destination: str = DESTINATION, value: str = VALUE,
            by: str = "year", scale: float = 1000.0, digits: int = 1, diagonal: bool = False) -> pd.DataFrame:
    """The OD table reshaped for a light interactive chart: one row per (``by``, origin).

    Destinations become columns (named by their code) holding ``value / scale`` rounded to
    ``digits``; the diagonal is left out unless ``diagonal``. A chart folds the destination columns
    back into rows in the browser (Vega-Lite ``fold``), so the page carries a 17-column table
    instead of one JSON object per cell.
    """
    _check(od, origin, destination, value, by)
    frame = od if diagonal else od.loc[od[origin].astype(str) != od[destination].astype(str)]
    wide = frame.pivot_table(index=[by, origin], columns=destination, values=value, aggfunc="sum")
    wide = (wide / scale).round(digits)
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index().rename(columns={origin: "origin"})


def describe_runs(runs: pd.DataFrame, none: str = "none", and_: str = " and ") -> str:
    """Runs from :func:`sign_runs` as text, e.g. ``"2011 and 2013–2016"``; ``none`` if empty.
    ``and_`` joins the last two runs (the edition's word for "and").

    >>> describe_runs(pd.DataFrame({"start": [2011, 2013], "end": [2011, 2016]}))
    '2011 and 2013–2016'
    """
    parts = [str(s) if s == e else f"{s}–{e}" for s, e in zip(runs.start, runs.end)]
    if not parts:
        return none
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + and_ + parts[-1]


PAIR_KINDS = ("within the group", "into the group", "out of the group", "outside the group")


def classify_pairs(origins: pd.Series, destinations: pd.Series, members) -> pd.Series:
    """Label each directed pair by its relation to the group: one of :data:`PAIR_KINDS`.

    >>> classify_pairs(pd.Series(["a", "b", "a", "c"]), pd.Series(["b", "a", "c", "d"]), ["a", "b"]).tolist()
    ['within the group', 'within the group', 'out of the group', 'outside the group']
    """
    members = [str(m) for m in members]
    o = origins.astype(str).isin(members).to_numpy()
    d = destinations.astype(str).isin(members).to_numpy()
    kinds = [PAIR_KINDS[0] if a and b else PAIR_KINDS[1] if b else PAIR_KINDS[2] if a else PAIR_KINDS[3]
             for a, b in zip(o, d)]
    return pd.Series(kinds, index=origins.index, name="kind")


def _people(value: float) -> str:
    """A count of people for a sentence: "2.00 million", "5 thousand"; in the Korean edition in 만/억
    (:func:`krdev.i18n.number`)."""
    from krdev.i18n import lang, number

    value = abs(float(value))
    if lang() == "ko":
        return number(value if value >= 1e4 else round(value, -3))
    return f"{value / 1e6:.2f} million" if value >= 1e6 else f"{value / 1e3:,.0f} thousand"


def net_sentences(flows: pd.DataFrame, group: str = "the capital region") -> dict[str, str]:
    """Plain-language sentences about a group's net migration, correct whatever its sign.

    ``flows`` comes from :func:`group_flows`. Returns ``total`` (gain or loss over the whole
    period), ``peak`` (the largest annual gain, or the smallest loss if there was never a gain),
    ``reversals`` (years when the flow ran against its overall direction) and ``last`` (the final
    year). Used to glue prose that stays true when a chapter is re-run with other parameters; the
    sentences are in the edition's language (:func:`krdev.i18n.gettext`).

    >>> f = pd.DataFrame({"net": [5000, -2000, 3000]}, index=pd.Index([2000, 2001, 2002], name="year"))
    >>> net_sentences(f, "G")["reversals"]
    'The net flow reversed in 2001 (1 year), when G lost 2 thousand people on balance.'
    """
    from krdev.i18n import gettext as _

    net = flows["net"]
    first, last = int(net.index.min()), int(net.index.max())
    total = dict(first=first, last=last, group=group, people=_people(net.sum()))
    out = {"total": _("Over {first}–{last} {group} gained {people} people by net migration from the rest of the country.", **total)
           if net.sum() >= 0 else
           _("Over {first}–{last} {group} lost {people} people by net migration from the rest of the country.", **total)}
    if (net > 0).any():
        out["peak"] = _("The largest annual net gain came in {year} ({people}).", year=int(net.idxmax()), people=_people(net.max()))
    else:
        out["peak"] = _("Net migration was negative in every year; the smallest loss came in {year} ({people}).",
                        year=int(net.idxmax()), people=_people(net.max()))
    runs = reversal_periods(net)
    if len(runs):
        years = int(runs.years.sum())
        values = dict(runs=describe_runs(runs, and_=_(" and ")), n=years, group=group, people=_people(runs.cumulative.sum()))
        if net.sum() >= 0:
            out["reversals"] = (_("The net flow reversed in {runs} ({n} years), when {group} lost {people} people on balance.", **values)
                                if years > 1 else
                                _("The net flow reversed in {runs} ({n} year), when {group} lost {people} people on balance.", **values))
        else:
            out["reversals"] = (_("The net flow reversed in {runs} ({n} years), when {group} gained {people} people on balance.", **values)
                                if years > 1 else
                                _("The net flow reversed in {runs} ({n} year), when {group} gained {people} people on balance.", **values))
    else:
        out["reversals"] = _("The net flow never changed direction in {first}–{last}.", first=first, last=last)
    v = net.iloc[-1]
    out["last"] = (_("In {year} {group} gained {people} people on balance.", year=last, group=group, people=_people(v)) if v >= 0 else
                   _("In {year} {group} lost {people} people on balance.", year=last, group=group, people=_people(v)))
    return out


def entry_years(od: pd.DataFrame, created: dict, *, origin: str = ORIGIN, by: str = "year") -> pd.DataFrame:
    """First year each region appears as an origin, set against the year it was created.

    ``created`` maps region code -> year of creation (e.g. the crosswalk's ``established_year``).
    KOSIS back-casts some metropolitan cities into years before they existed; those rows have
    ``back_cast`` True. Regions present from the table's first year are left out. Columns: ``region``,
    ``first_year``, ``created``, ``back_cast``, sorted by first year then code.

    >>> od = pd.DataFrame({"year": [1, 2, 2, 5], "origin_sido_code": ["a", "a", "b", "c"]})
    >>> entry_years(od, {"a": 0, "b": 3, "c": 5}).values.tolist()
    [['b', 2, 3, True], ['c', 5, 5, False]]
    """
    first = od.groupby(origin)[by].min()
    late = first[first > first.min()]
    out = pd.DataFrame({"region": late.index.astype(str), "first_year": late.astype(int).to_numpy()})
    out["created"] = out.region.map({str(k): int(v) for k, v in created.items()})
    out["back_cast"] = out.first_year < out.created
    return out.sort_values(["first_year", "region"]).reset_index(drop=True)


def turning_points(series: pd.Series, radius: int = 3) -> pd.DataFrame:
    """Local peaks and troughs: years whose value is the highest (or lowest) within ``radius`` years
    on each side (fewer at the ends of the series are not turning points). Columns: ``year``,
    ``value``, ``kind`` ("peak" or "trough"), in time order.

    A descriptive device for saying in words how a series moved ("fell to … in 1998, rebounded to …
    in 2002") without choosing the years by eye.

    >>> s = pd.Series([5, 4, 1, 3, 9, 2, 0, 1, 4], index=range(2000, 2009))
    >>> turning_points(s, 2).values.tolist()
    [[2002, 1, 'trough'], [2004, 9, 'peak'], [2006, 0, 'trough']]
    """
    s = series.dropna().sort_index()
    rows = []
    values = s.to_numpy()
    for i in range(radius, len(s) - radius):
        window = values[i - radius: i + radius + 1]
        if values[i] == window.max() and (window == values[i]).sum() == 1:
            rows.append((int(s.index[i]), values[i], "peak"))
        elif values[i] == window.min() and (window == values[i]).sum() == 1:
            rows.append((int(s.index[i]), values[i], "trough"))
    return pd.DataFrame(rows, columns=["year", "value", "kind"])
