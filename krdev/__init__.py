"""krdev: the reusable code of *Korean Regional Development: An Executable Compendium*.

One idea per module:

- :mod:`krdev.data` — the data package: resource registry, hashing, validation, :func:`krdev.data.load`.
- :mod:`krdev.regions` — the 시도 crosswalk (KOSTAT statistical and MOIS administrative codes).
- :mod:`krdev.measures` — inequality, convergence, specialisation and network measures.
- :mod:`krdev.charts` — the Altair theme, offline renderer, maps and figure helpers.
- :mod:`krdev.params` — validation of notebook parameters.
- :mod:`krdev.runner` — papermill execution with a content-hash cache; the book build.
- :mod:`krdev.sphinxext` — what the book build needs beyond configuration.

The version below is the single source of the book's version number (CITATION.cff,
the cite-this-chapter boxes and the site footer all read it).
"""

__version__ = "0.1.0"
