"""Spatial weights, Moran's I and map classes for 시군구 data.

- :func:`contiguity_weights` — Queen contiguity (libpysal, :cite:`rey2007pysal`) with explicit
  handling of *islands*, units that share no border with any other (Ongjin-gun, Ulleung-gun, Wando-gun,
  ... in the simplified boundaries): they are either attached to their nearest neighbour (k-nearest
  neighbours with k = 1, by centroid) or dropped, and the function reports which units they were.
- :func:`moran_table` — global Moran's I (:cite:`moran1950`) with permutation inference from
  ``esda.Moran``; the random seed is fixed so the pseudo p-values are reproducible.
- :func:`class_breaks` — choropleth classes from ``mapclassify`` (:cite:`mapclassify`), e.g. Jenks
  natural breaks (:cite:`jenks1967`) or quantiles.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

ISLAND_METHODS = ("knn", "drop")


@dataclass(frozen=True)
class Weights:
    """Spatial weights with the bookkeeping a reader needs: which units were islands and what was done."""

    w: object  # libpysal.weights.W, row-standardised
    ids: list[str]
    islands: pd.DataFrame
    method: str
    components: int


def contiguity_weights(gdf, id_col: str, islands: str = "knn", name_col: str | None = None) -> Weights:
    """Row-standardised Queen contiguity weights for ``gdf`` keyed by ``id_col``.

    ``islands="knn"`` links each unit without a contiguous neighbour to its nearest unit (centroid
    distance in a metric projection, EPSG:5179) with :func:`libpysal.weights.util.attach_islands`;
    ``islands="drop"`` removes them (the returned ``ids`` then omit them). ``islands`` in the result
    lists them either way.
    """
    from libpysal.weights import KNN, Queen
    from libpysal.weights.util import attach_islands

    if islands not in ISLAND_METHODS:
        raise ValueError(f"islands must be one of {ISLAND_METHODS}, got {islands!r}")
    g = gdf.reset_index(drop=True)
    ids = g[id_col].astype(str).tolist()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        q = Queen.from_dataframe(g, ids=ids, use_index=False)
    island_ids = [str(i) for i in q.islands]
    cols = [id_col] + ([name_col] if name_col else [])
    table = g[g[id_col].astype(str).isin(island_ids)][cols].reset_index(drop=True)
    if islands == "drop" and island_ids:
        keep = g[~g[id_col].astype(str).isin(island_ids)].reset_index(drop=True)
        ids = keep[id_col].astype(str).tolist()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            w = Queen.from_dataframe(keep, ids=ids, use_index=False)
    elif island_ids:
        pts = g.to_crs(5179).geometry.centroid
        coords = np.column_stack([pts.x, pts.y])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            knn = KNN.from_array(coords, k=1, ids=ids)
            w = attach_islands(q, knn)
    else:
        w = q
    w.transform = "r"
    return Weights(w=w, ids=ids, islands=table, method=islands, components=int(w.n_components))


def moran(values: pd.Series, weights: Weights, permutations: int = 999, seed: int = 12345) -> dict:
    """Global Moran's I of ``values`` (indexed by the weights' ids) with ``esda.Moran`` (:cite:`moran1950`).

    ``np.random.seed(seed)`` is set immediately before the call so the permutation p-value
    (``p_sim``) is the same on every run. ``p_norm`` is the analytical p-value under normality.
    """
    import esda

    y = values.astype(float).reindex(weights.ids)
    if y.isna().any():
        raise ValueError(f"missing values for {int(y.isna().sum())} unit(s) in the weights; drop them first")
    np.random.seed(seed)
    m = esda.Moran(y.to_numpy(), weights.w, permutations=permutations)
    out = {"n": int(weights.w.n), "I": float(m.I), "expected_I": float(m.EI), "z_norm": float(m.z_norm),
           "p_norm": float(m.p_norm)}
    if permutations:
        out |= {"p_sim": float(m.p_sim), "permutations": int(permutations)}
    return out


def moran_table(frames: dict, value: str, id_col: str, boundaries: dict, islands: str = "knn",
                permutations: int = 999, seed: int = 12345, name_col: str | None = None) -> pd.DataFrame:
    """Moran's I for several years: ``frames[year]`` holds ``id_col`` and ``value``, ``boundaries[year]`` the polygons.

    Units without a value (e.g. the 2010 시군구 whose GRDP is unpublished) are removed before the
    weights are built, so the neighbour structure matches the data; islands are reported per year.
    """
    rows = []
    for year, frame in frames.items():
        f = frame.dropna(subset=[value])
        b = boundaries[year]
        b = b[b[id_col].astype(str).isin(f[id_col].astype(str))]
        wts = contiguity_weights(b, id_col, islands=islands, name_col=name_col)
        vals = f.set_index(f[id_col].astype(str))[value]
        r = moran(vals, wts, permutations=permutations, seed=seed)
        label = ", ".join(wts.islands[name_col]) if name_col else ", ".join(wts.islands[id_col].astype(str))
        rows.append({"year": year, **r, "islands": len(wts.islands), "island_units": label, "components": wts.components})
    return pd.DataFrame(rows)


CLASSIFIERS = {"natural_breaks": "NaturalBreaks", "quantiles": "Quantiles", "fisher_jenks": "FisherJenks",
               "equal_interval": "EqualInterval"}


def class_breaks(values, k: int = 5, method: str = "natural_breaks", seed: int = 12345) -> list[float]:
    """Upper bounds of ``k`` map classes from ``mapclassify`` (:cite:`mapclassify`; :cite:`jenks1967`).

    Returns the ``k - 1`` inner breaks, the form ``charts.choropleth(classes=...)`` expects for a
    threshold colour scale. ``NaturalBreaks`` uses random starts, so the seed is fixed.
    """
    import mapclassify

    if method not in CLASSIFIERS:
        raise ValueError(f"method must be one of {list(CLASSIFIERS)}, got {method!r}")
    if k < 2:
        raise ValueError("need at least two classes")
    y = np.asarray(values, dtype=float)
    y = y[~np.isnan(y)]
    np.random.seed(seed)
    classifier = getattr(mapclassify, CLASSIFIERS[method])(y, k=k)
    return [float(b) for b in classifier.bins[:-1]]
