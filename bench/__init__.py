"""The benchmark: sdlc against parsing and against PM4Py, on the same records."""
