"""The handbook: a process rendered as Markdown pages for an mkdocs-material site.

:func:`sdlc.render.render` is the entry point; this package holds the parts:
:mod:`.pages` works out what the handbook says, :mod:`.diagrams` draws it,
:mod:`.markdown` escapes text from YAML, :mod:`.render` fills the templates and
:mod:`.output` swaps the result into place.
"""
