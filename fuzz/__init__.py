"""Fuzz targets for sdlc's loaders and checker (see fuzz/README.md).

``python -m fuzz TARGET ...`` runs one under atheris (:mod:`fuzz.__main__`); the
targets themselves are in :mod:`fuzz.targets`.
"""

TARGETS = ("loaders", "checker")
"""The targets, by name: each is a function of :mod:`fuzz.targets`. Listed here,
apart from the targets, so the entry point can check a name before anything it
instruments is imported."""
