"""Spatial weights with islands, Moran's I against a hand computation, map classes."""

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from krdev.measures import spatial as sp

geopandas = pytest.importorskip("geopandas")


def _grid_with_island():
    # a 3×3 grid of unit squares plus one square far away (an island)
    cells = [box(i, j, i + 1, j + 1) for j in range(3) for i in range(3)]
    cells.append(box(10, 10, 11, 11))
    ids = [f"{k:02d}" for k in range(10)]
    return geopandas.GeoDataFrame({"code": ids, "name": [f"u{k}" for k in range(10)]}, geometry=cells, crs=5179)


def test_islands_reported_and_attached_or_dropped():
    g = _grid_with_island()
    knn = sp.contiguity_weights(g, "code", islands="knn", name_col="name")
    assert knn.islands.code.tolist() == ["09"]
    assert knn.w.n == 10 and not knn.w.islands
    dropped = sp.contiguity_weights(g, "code", islands="drop")
    assert dropped.w.n == 9 and "09" not in dropped.ids
    with pytest.raises(ValueError):
        sp.contiguity_weights(g, "code", islands="ignore")


def _moran_by_hand(y, w):
    z = y - y.mean()
    W = w.full()[0]
    return len(y) / W.sum() * (z @ W @ z) / (z @ z)


def test_moran_matches_hand_computation_and_is_deterministic():
    g = _grid_with_island()
    wts = sp.contiguity_weights(g, "code", islands="drop")
    y = pd.Series([1, 2, 3, 2, 3, 4, 3, 4, 5.0], index=wts.ids)
    r1 = sp.moran(y, wts, permutations=99, seed=1)
    r2 = sp.moran(y, wts, permutations=99, seed=1)
    assert r1["I"] == pytest.approx(_moran_by_hand(y.to_numpy(), wts.w))
    assert r1["I"] > 0
    assert r1["p_sim"] == r2["p_sim"]
    assert r1["expected_I"] == pytest.approx(-1 / 8)


def test_moran_rejects_missing_values():
    g = _grid_with_island()
    wts = sp.contiguity_weights(g, "code", islands="drop")
    with pytest.raises(ValueError):
        sp.moran(pd.Series([1.0, 2.0], index=["00", "01"]), wts)


def test_class_breaks_quantiles_and_count():
    y = np.arange(1, 101, dtype=float)
    q = sp.class_breaks(y, 4, "quantiles")
    assert q == pytest.approx([25.75, 50.5, 75.25])
    assert len(sp.class_breaks(y, 5, "natural_breaks")) == 4
    with pytest.raises(ValueError):
        sp.class_breaks(y, 4, "jenks_typo")
