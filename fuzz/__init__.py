"""Fuzz targets for sdlc's loaders and checker (see fuzz/README.md)."""
