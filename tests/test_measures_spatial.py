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


def test_same_results_with_and_without_numba_compilation():
    """The book's kernels run with ``NUMBA_DISABLE_JIT=1`` (``runner.execute_passes``): mapclassify
    and giddy compile their numba functions at import, which costs more than the book's few hundred
    regions take in plain Python. Class breaks (every method, Fisher-Jenks included: its core is a
    numba function) and the Markov chain must be the same either way."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json, numpy as np, pandas as pd\n"
        "from krdev.measures import spatial, convergence\n"
        "rng = np.random.default_rng(7)\n"
        "y = rng.lognormal(3, 0.6, 229)\n"
        "out = {m: spatial.class_breaks(y, 5, m) for m in spatial.CLASSIFIERS}\n"
        "rel = pd.DataFrame(rng.lognormal(0, 0.3, (17, 12)), columns=range(2000, 2012))\n"
        "chain = convergence.markov_classes(rel, 4)\n"
        "out['markov'] = chain.p.round(12).to_numpy().tolist()\n"
        "out['ergodic'] = [round(float(v), 12) for v in chain.ergodic]\n"
        "print(json.dumps(out))\n"
    )
    runs = {}
    for flag in ("0", "1"):
        env = {**os.environ, "NUMBA_DISABLE_JIT": flag}
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        runs[flag] = json.loads(done.stdout.strip().splitlines()[-1])
    assert runs["0"] == runs["1"]
    assert set(runs["0"]) == {*sp.CLASSIFIERS, "markov", "ergodic"}
