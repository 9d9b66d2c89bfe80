"""Regional convergence: σ-convergence, β-convergence and distribution dynamics.

- σ-convergence: does the cross-regional dispersion of per-capita income fall over time?
  (:func:`sigma_series`, using :mod:`krdev.measures.inequality`; :cite:`sala-i-martin1996`).
- β-convergence: do initially poorer regions grow faster? (:func:`beta_convergence`, the
  cross-section regression of :cite:`barro1992`, with :func:`speed_of_convergence` and :func:`half_life`).
- Distribution dynamics: how do regions move between relative-income classes? (:func:`markov_classes`,
  a wrapper around PySAL ``giddy.markov.Markov``; :cite:`quah1993`, :cite:`rey2001`).

Korean 시도 enter the per-capita GRDP table at different dates: Gwangju in 1987 (carved from
Jeollanam-do), Daejeon in 1989 (from Chungcheongnam-do), Ulsan in 1998 (from Gyeongsangnam-do; it
became a metropolitan city in July 1997) and Sejong in 2013 (mainly from Chungcheongnam-do). The
parent holds the child's territory before the split. A dispersion series over an unbalanced panel
therefore changes because units appear, not only because regions converge. :func:`balanced_panel`
folds the units that enter after a start year back into their parent, population-weighted, so the
set of territories stays fixed; :func:`grdp_population` builds population weights on the same
boundaries as the GRDP table in each year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from krdev.measures import inequality

NATIONAL = "00"
#: Units that split off after 1985 → the 시도 that held their territory before (KOSTAT codes).
PARENT = {"24": "36", "25": "34", "26": "38", "29": "34"}


# ---------------------------------------------------------------- panel bookkeeping


def grdp_population(units: pd.DataFrame, registered: pd.DataFrame, estimated: pd.DataFrame,
                    code: str = "region_code") -> pd.DataFrame:
    """Population weights on the boundaries of the GRDP table, one row per (year, region) of ``units``.

    ``units`` has ``year`` and ``code`` columns (the regions the GRDP table reports that year).
    Registered population (year end) is used where available; years before the registered series
    use estimated mid-year population; years after it carry the last registered year forward. The
    column ``population_source`` says which. Population of units that the GRDP table does not yet
    report separately (e.g. Ulsan before 1998, Sejong in 2012) is added to their :data:`PARENT`, so
    weights and per-capita values describe the same territory.
    """
    reg_years = set(registered.year)
    est_years = set(estimated.year)
    out = []
    for year, frame in units.groupby("year"):
        if year in reg_years:
            pop, source = registered[registered.year == year], "registered"
        elif year in est_years and year < min(reg_years):
            pop, source = estimated[estimated.year == year], "estimated"
        else:
            nearest = max(y for y in reg_years if y <= year) if any(y <= year for y in reg_years) else min(reg_years)
            pop, source = registered[registered.year == nearest], f"registered ({nearest} carried forward)"
        pop = pop.set_index("sido_code").population.astype(float)
        wanted = set(frame[code].astype(str))
        folded = {}
        for c, v in pop.items():
            target = c
            while target not in wanted:
                if target not in PARENT:
                    raise ValueError(f"{year}: population unit {c} has no GRDP unit to fold into")
                target = PARENT[target]
            folded[target] = folded.get(target, 0.0) + v
        missing = wanted - set(folded)
        if missing:
            raise ValueError(f"{year}: no population for GRDP unit(s) {sorted(missing)}")
        out += [{"year": year, code: c, "population": folded[c], "population_source": source} for c in sorted(wanted)]
    return pd.DataFrame(out)


def fold_units(frame: pd.DataFrame, value: str | list[str], mapping: dict[str, str], weight: str = "population",
               code: str = "region_code") -> pd.DataFrame:
    """Merge units into others (``mapping`` child → parent), averaging per-capita ``value`` by ``weight``.

    The merged per-capita value is :math:`\\sum_i v_i w_i / \\sum_i w_i` over the parent and its
    children present that year, which is exactly the per-capita value of the merged territory when
    ``weight`` is its population. Weights are summed.
    """
    values = [value] if isinstance(value, str) else list(value)
    f = frame.copy()
    original = f[code].astype(str)
    f[code] = original.map(lambda c: _root(c, mapping))
    # parents first, so that descriptive columns (names, sources) are taken from the parent's row
    f = f.assign(_child=original != f[code]).sort_values(["year", code, "_child"], kind="stable")
    for v in values:
        f[v] = f[v] * f[weight]
    extra = [c for c in f.columns if c not in (*values, weight, "year", code, "_child")]
    grouped = f.groupby(["year", code], sort=True)
    out = grouped[[*values, weight]].sum(min_count=1)
    if extra:
        out = out.join(grouped[extra].first())
    out = out.reset_index()
    for v in values:
        out[v] = out[v] / out[weight]
    return out


def _root(c: str, mapping: dict[str, str]) -> str:
    while c in mapping:
        c = mapping[c]
    return c


def balanced_panel(frame: pd.DataFrame, value: str | list[str], start_year: int, weight: str = "population",
                   code: str = "region_code", parents: dict[str, str] | None = None) -> tuple[pd.DataFrame, dict]:
    """Fold every unit absent in ``start_year`` into its parent, for all years; return (panel, mapping).

    With a 1985 start, Gwangju, Daejeon, Ulsan and Sejong are folded into Jeollanam-do,
    Chungcheongnam-do, Gyeongsangnam-do and Chungcheongnam-do, giving 13 territories with fixed
    boundaries; with a 2000 start only Sejong is folded. Entry of a new unit then cannot show up as
    convergence or divergence.
    """
    parents = PARENT if parents is None else parents
    present = set(frame.loc[frame.year == start_year, code].astype(str))
    if not present:
        raise ValueError(f"no units in the start year {start_year}")
    later = sorted(set(frame[code].astype(str)) - present)
    mapping = {}
    for c in later:
        if c not in parents:
            raise ValueError(f"unit {c} enters after {start_year} and has no parent to fold into")
        mapping[c] = parents[c]
    panel = fold_units(frame[frame.year >= start_year], value, mapping, weight=weight, code=code)
    return panel, mapping


# ---------------------------------------------------------------- σ-convergence


def sigma_series(frame: pd.DataFrame, value: str, weight: str | None = "population") -> pd.DataFrame:
    """Dispersion of ``value`` across units for each year (σ-convergence, :cite:`sala-i-martin1996`).

    Columns: ``n`` units, ``cv`` (unweighted coefficient of variation), and with ``weight``
    ``cv_weighted`` (Williamson's :math:`V_w`, :cite:`williamson1965`), ``theil`` /
    ``theil_weighted`` (:cite:`theil1967`), ``gini`` / ``gini_weighted``. Rows with a missing
    value are dropped.
    """
    rows = []
    for year, f in frame.dropna(subset=[value]).groupby("year"):
        y = f[value].to_numpy(float)
        row = {"year": int(year), "n": len(f), "cv": inequality.cv(y), "theil": inequality.theil(y),
               "gini": inequality.gini(y)}
        if weight:
            w = f[weight].to_numpy(float)
            row |= {"cv_weighted": inequality.williamson(y, w), "theil_weighted": inequality.theil(y, w),
                    "gini_weighted": inequality.gini(y, w)}
        rows.append(row)
    return pd.DataFrame(rows)


def capital_decomposition(frame: pd.DataFrame, value: str, capital_region, weight: str = "population",
                          code: str = "region_code") -> pd.DataFrame:
    """Population-weighted Theil *T* split into capital vs non-capital (between) and inside each (within), by year."""
    capital = {str(c) for c in capital_region}
    rows = []
    for year, f in frame.dropna(subset=[value]).groupby("year"):
        groups = np.where(f[code].astype(str).isin(capital), "capital", "non-capital")
        d = inequality.theil_decomposition(f[value], groups, f[weight])
        rows.append({"year": int(year), "total": d.total, "between": d.between, "within": d.within,
                     "between_share": d.between_share})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- β-convergence


def speed_of_convergence(b: float, years: float) -> float:
    r"""Implied annual speed of convergence :math:`\lambda = -\ln(1 + bT)/T` (:cite:`barro1992`).

    ``b`` is the slope of *average annual* growth on initial log income over ``years`` = *T*.
    Returns NaN when :math:`1+bT \le 0` (the slope is too steep for the log-linear model).
    """
    x = 1 + b * years
    return -math.log(x) / years if x > 0 else float("nan")


def half_life(speed: float) -> float:
    r"""Years to close half the gap to the steady state, :math:`\ln 2/\lambda`; NaN unless :math:`\lambda>0`."""
    return math.log(2) / speed if speed > 0 and math.isfinite(speed) else float("nan")


@dataclass(frozen=True)
class BetaResult:
    """One β-convergence regression: growth = a + b·ln y₀ (:cite:`barro1992`).

    ``b`` with its 95% interval ``ci_low``–``ci_high`` (OLS, classical standard errors), ``speed``
    λ and ``half_life`` implied by ``b`` (and by the interval's ends: ``speed_ci``), ``data`` the
    cross-section used (``code``, ``log_initial``, ``growth``, ``fitted``).
    """

    start: int
    end: int
    n: int
    a: float
    b: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    r2: float
    speed: float
    half_life: float
    speed_ci: tuple[float, float]
    data: pd.DataFrame

    @property
    def years(self) -> int:
        return self.end - self.start

    @property
    def converging(self) -> bool:
        """True when the whole 95% interval of ``b`` is below zero."""
        return self.ci_high < 0

    def summary(self) -> dict:
        """The scalar results as a dict (for a table)."""
        return {"period": f"{self.start}–{self.end}", "n": self.n, "b": self.b, "ci_low": self.ci_low,
                "ci_high": self.ci_high, "p_value": self.p_value, "r2": self.r2, "speed": self.speed,
                "half_life": self.half_life}


def beta_convergence(frame: pd.DataFrame, value: str, start: int, end: int, code: str = "region_code") -> BetaResult:
    r"""Absolute β-convergence between ``start`` and ``end`` (:cite:`barro1992`).

    Regresses average annual log growth :math:`(\ln y_{i,T}-\ln y_{i,0})/T` on :math:`\ln y_{i,0}` by OLS
    (statsmodels) over the units present in both years. A negative ``b`` means poorer units grew
    faster. Nominal values are fine for the slope: a deflator common to all regions only shifts the
    intercept.
    """
    import statsmodels.api as sm

    if end <= start:
        raise ValueError("end must be after start")
    a0 = frame[frame.year == start].set_index(code)[value]
    a1 = frame[frame.year == end].set_index(code)[value]
    both = pd.concat([a0.rename("y0"), a1.rename("y1")], axis=1).dropna()
    if len(both) < 3:
        raise ValueError(f"fewer than three units with {value} in both {start} and {end}")
    T = end - start
    d = pd.DataFrame({code: both.index.astype(str), "log_initial": np.log(both.y0.to_numpy(float)),
                      "growth": (np.log(both.y1.to_numpy(float)) - np.log(both.y0.to_numpy(float))) / T})
    model = sm.OLS(d.growth, sm.add_constant(d.log_initial)).fit()
    lo, hi = model.conf_int(0.05).loc["log_initial"]
    b = float(model.params["log_initial"])
    d["fitted"] = model.fittedvalues.to_numpy()
    speed = speed_of_convergence(b, T)
    return BetaResult(start=start, end=end, n=len(d), a=float(model.params["const"]), b=b,
                      se=float(model.bse["log_initial"]), ci_low=float(lo), ci_high=float(hi),
                      p_value=float(model.pvalues["log_initial"]), r2=float(model.rsquared), speed=speed,
                      half_life=half_life(speed), speed_ci=(speed_of_convergence(hi, T), speed_of_convergence(lo, T)),
                      data=d.reset_index(drop=True))


# ---------------------------------------------------------------- distribution dynamics

#: Fixed relative-income breaks (share of the national per-capita value) used when ``income_classes`` is 0.
FIXED_BREAKS = (0.8, 0.9, 1.0, 1.2)


def relative_income(frame: pd.DataFrame, value: str, national: pd.Series, code: str = "region_code") -> pd.DataFrame:
    """``frame`` (year × unit) pivoted to units × years of ``value`` divided by ``national`` (indexed by year)."""
    wide = frame.pivot(index=code, columns="year", values=value).dropna()
    return wide.div(national.reindex(wide.columns).to_numpy(float), axis=1)


def class_breaks(relative: pd.DataFrame, classes: int) -> list[float]:
    """Upper bounds of the relative-income classes (the last is +inf).

    ``classes`` > 1: pooled quantiles over all units and years (equal counts overall, fixed in
    relative terms over time, as in :cite:`quah1993`); ``classes`` = 0: :data:`FIXED_BREAKS`.
    """
    if classes == 0:
        return [*FIXED_BREAKS, float("inf")]
    if classes < 2:
        raise ValueError("income_classes must be 0 (fixed breaks) or at least 2 (quantile classes)")
    qs = np.quantile(relative.to_numpy().ravel(), np.linspace(0, 1, classes + 1)[1:-1])
    return [*[float(q) for q in qs], float("inf")]


def class_labels(breaks: list[float]) -> list[str]:
    """Readable labels such as "< 0.80", "0.80–0.90", "≥ 1.20" for the classes of :func:`class_breaks`."""
    labels, lo = [], None
    for hi in breaks:
        if lo is None:
            labels.append(f"< {hi:.2f}")
        elif math.isinf(hi):
            labels.append(f"≥ {lo:.2f}")
        else:
            labels.append(f"{lo:.2f}–{hi:.2f}")
        lo = hi
    return labels


@dataclass(frozen=True)
class MarkovResult:
    """A fitted Markov chain of relative-income classes (:cite:`quah1993`).

    ``transitions`` are counts, ``p`` row-normalised probabilities (rows: class in year *t*,
    columns: class in *t*+1), ``ergodic`` the steady-state distribution, ``initial`` / ``final`` the
    class shares in the first and last year.
    """

    labels: list[str]
    breaks: list[float]
    transitions: pd.DataFrame
    p: pd.DataFrame
    ergodic: pd.Series
    initial: pd.Series
    final: pd.Series
    classes: pd.DataFrame

    def long(self) -> pd.DataFrame:
        """``p`` as a long table (from, to, probability, count) for a heat-map."""
        out = self.p.stack(future_stack=True).rename("probability").reset_index()
        out.columns = ["from_class", "to_class", "probability"]
        out["count"] = self.transitions.stack(future_stack=True).to_numpy()
        return out.dropna(subset=["probability"]).reset_index(drop=True)


def _stationary(p: np.ndarray) -> np.ndarray:
    """Stationary distribution of a row-stochastic matrix (left eigenvector for eigenvalue 1).

    For a reducible chain with several stationary distributions their average is returned.
    """
    from giddy.ergodic import steady_state

    ss = np.atleast_2d(np.asarray(steady_state(p), dtype=float))
    ss = ss.mean(axis=0)
    return ss / ss.sum()


def markov_classes(relative: pd.DataFrame, classes: int) -> MarkovResult:
    """Discretise ``relative`` (units × years) and fit ``giddy.markov.Markov`` (:cite:`rey2001`).

    Classes with no observations are kept (``fill_empty_classes``) so the matrix has one row per
    class; the ergodic distribution comes from giddy's ``steady_state``.
    """
    import warnings

    with warnings.catch_warnings():  # giddy imports tqdm.auto, which warns outside a widget frontend
        warnings.simplefilter("ignore")
        from giddy.markov import Markov

    breaks = class_breaks(relative, classes)
    labels = class_labels(breaks)
    ids = np.searchsorted(np.array(breaks[:-1]), relative.to_numpy(), side="right")
    k = len(breaks)
    m = Markov(ids, classes=np.arange(k), fill_empty_classes=True, summary=False)
    counts = pd.DataFrame(np.asarray(m.transitions), index=labels, columns=labels)
    # giddy fills a class that is never left (or never observed) with a self-loop, which makes the
    # chain reducible; rows without observed transitions are shown as missing and get ergodic mass 0.
    observed = counts.sum(axis=1).to_numpy() > 0
    p = pd.DataFrame(np.asarray(m.p, dtype=float), index=labels, columns=labels)
    p.loc[~observed, :] = np.nan
    ss = np.zeros(k)
    if observed.any():
        sub = np.asarray(m.p, dtype=float)[np.ix_(observed, observed)]
        sub = sub / sub.sum(axis=1, keepdims=True)
        ss[observed] = _stationary(sub)
    ergodic = pd.Series(ss, index=labels, name="ergodic")
    first = pd.Series(np.bincount(ids[:, 0], minlength=k) / ids.shape[0], index=labels, name="initial")
    last = pd.Series(np.bincount(ids[:, -1], minlength=k) / ids.shape[0], index=labels, name="final")
    cls = pd.DataFrame(ids, index=relative.index, columns=relative.columns)
    return MarkovResult(labels=labels, breaks=breaks, transitions=counts, p=p, ergodic=ergodic,
                        initial=first, final=last, classes=cls)


# ---------------------------------------------------------------- assembling the 시도 panel


def sido_panel(per_capita: pd.DataFrame, registered: pd.DataFrame, estimated: pd.DataFrame,
               code: str = "region_code") -> tuple[pd.DataFrame, pd.Series]:
    """Split the KOSIS per-capita table into (regions with population weights, national rows).

    ``per_capita`` is the ``grdp_per_capita`` resource (with the national row ``"00"``). The first
    frame adds ``population`` and ``population_source`` from :func:`grdp_population`; the second is
    the national rows indexed by year (all measures).
    """
    from krdev.data import assert_same_vintage

    assert_same_vintage(per_capita, registered, estimated)
    national = per_capita[per_capita[code] == NATIONAL].set_index("year")
    regions = per_capita[per_capita[code] != NATIONAL].copy()
    regions[code] = regions[code].astype(str)
    weights = grdp_population(regions[["year", code]], registered, estimated, code=code)
    return regions.merge(weights, on=["year", code], how="left", validate="one_to_one"), national


def first_year(frame: pd.DataFrame, value: str) -> int:
    """First year in which every unit reported that year has ``value`` (e.g. 2000 for GRNI)."""
    ok = frame.groupby("year")[value].apply(lambda s: s.notna().all())
    return int(ok[ok].index.min())


def weighting_sensitivity(frame: pd.DataFrame, value: str, registered: pd.DataFrame, estimated: pd.DataFrame,
                          code: str = "region_code") -> pd.DataFrame:
    """Williamson's :math:`V_w` of ``value`` with registered vs estimated population weights, in the years both exist.

    The weighted dispersion series uses estimated population before the registered series starts;
    this table shows how much the choice of population concept alone moves :math:`V_w`.
    """
    years = sorted(set(registered.year) & set(estimated.year) & set(frame.year))
    rows = []
    for year in years:
        f = frame[frame.year == year].dropna(subset=[value])
        units = f[["year", code]]
        out = {"year": year}
        for label, src in (("registered", registered), ("estimated", estimated)):
            src = src[src.year == year]
            w = grdp_population(units, src, src, code=code).set_index(code).population
            out[f"cv_weighted_{label}"] = inequality.williamson(f[value], w.reindex(f[code].astype(str)).to_numpy())
        rows.append(out)
    out = pd.DataFrame(rows)
    if len(out):
        out["difference"] = out.cv_weighted_registered - out.cv_weighted_estimated
    return out


# ---------------------------------------------------------------- per capita from totals (2020-base accounts)

#: ``activity_order`` of GRDP at market prices in the KOSIS GRDP-by-activity tables.
GRDP_ORDER = 1


def per_capita_from_totals(activity: pd.DataFrame, registered: pd.DataFrame, estimated: pd.DataFrame,
                           value: str = "nominal_million_krw", code: str = "region_code") -> tuple[pd.DataFrame, pd.DataFrame]:
    """GRDP per head from a table of totals (the ``kosis_grdp_activity_2020base`` resource) and population.

    GRDP (row :data:`GRDP_ORDER`, million KRW) is divided by the population of :func:`grdp_population`:
    registered (year-end) population where it exists (from 1992), estimated mid-year population before,
    on the boundaries of the GRDP table. The statistical office's own per-capita figures divide by the
    *estimated* population instead, so these values differ from the published ones by the gap between
    the two populations (a few per cent). Returns (regions, national): regions with ``year``, ``code``,
    ``grdp`` (million KRW), ``population``, ``population_source`` and ``grdp_per_capita`` (thousand KRW
    per person); national indexed by year with ``grdp_per_capita`` (national GRDP over the sum of the
    populations). Both carry the vintage of ``activity``.
    """
    from krdev.data import assert_same_vintage

    vintage = assert_same_vintage(activity, registered, estimated)
    totals = activity[activity.activity_order == GRDP_ORDER]
    regions = pd.DataFrame({"year": totals.year.astype(int).to_numpy(), code: totals.kostat_code.astype(str).to_numpy(),
                            "grdp": totals[value].astype(float).to_numpy()})
    national_grdp = regions[regions[code] == NATIONAL].set_index("year").grdp
    regions = regions[regions[code] != NATIONAL].reset_index(drop=True)
    weights = grdp_population(regions[["year", code]], registered, estimated, code=code)
    out = regions.merge(weights, on=["year", code], how="left", validate="one_to_one")
    out["grdp_per_capita"] = out.grdp * 1000 / out.population
    pop = out.groupby("year").population.sum()
    national = pd.DataFrame({"grdp_per_capita": national_grdp * 1000 / pop})
    for frame in (out, national):
        frame.attrs["vintage"] = vintage
        frame.attrs["resource"] = activity.attrs.get("resource", "?")
    return out, national


def population_gap(official: pd.DataFrame, registered: pd.DataFrame, year: int,
                   total: str = "grdp_billion_krw", per_capita: str = "grdp_per_capita_thousand_krw") -> pd.DataFrame:
    """The population behind published per-capita GRDP against registered population, by 시도, one year.

    ``official`` publishes GRDP (billion KRW) and GRDP per head (thousand KRW); their ratio is the
    population the statistical office divided by (its estimated population). ``gap`` is that population
    over registered year-end population, minus one.
    """
    implied = official[total].astype(float) * 1e6 / official[per_capita].astype(float)
    out = pd.DataFrame({"sido_code": official.kostat_code.astype(str).to_numpy(), "implied_population": implied.to_numpy()})
    reg = registered[registered.year == year].set_index("sido_code").population.astype(float)
    out["registered_population"] = out.sido_code.map(reg)
    out["gap"] = out.implied_population / out.registered_population - 1
    return out
