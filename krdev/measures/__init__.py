"""Measures used in the book, one module per idea; every function cites its reference.

- :mod:`krdev.measures.shares` — shares of a total (capital-region concentration).
- :mod:`krdev.measures.migration` — inflow, outflow and net migration of a region group from an
  origin × destination table, reversal periods, senders and largest flows.
- :mod:`krdev.measures.policy_indicators` — the balanced-development paper's indicators and the policy
  calendar, assembled from the data package.
- :mod:`krdev.measures.inequality` — coefficient of variation (Williamson 1965), Theil (1967) with
  decomposition, Gini.
- :mod:`krdev.measures.convergence` — σ- and β-convergence (Barro & Sala-i-Martin 1992), Markov
  distribution dynamics (Quah 1993).
- :mod:`krdev.measures.specialisation` — location quotients, Krugman and Hoover indices.
- :mod:`krdev.measures.networks` — bipartite membership graphs and centrality.
"""
