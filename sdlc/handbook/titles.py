"""Short titles for the site's navigation, set in a page's front matter.

mkdocs takes a page's navigation title (and the browser tab's) from its front
matter's ``title`` when there is one, from its first heading otherwise, and puts
it into the page as it is, unescaped. A long title (a process named "Secure
development of the national eID login gateway") wraps over several lines of the
narrow navigation. :func:`nav_title` gives a title for the navigation: cut at a
word boundary to :data:`LONGEST` characters with an ellipsis, and holding only
letters, digits, spaces and ``-.,:;()/+`` (an apostrophe becomes ``’``), so that
nothing in it can be markup wherever mkdocs puts it. The page's heading keeps the
whole title, escaped as every text is.
"""

from __future__ import annotations

import json

LONGEST = 40
_KEEP = frozenset(" -.,:;()/+’–—")


def nav_title(text: object, longest: int = LONGEST) -> str | None:
    """The navigation title of a page headed ``text``; ``None`` when ``text`` itself
    is short and plain enough."""
    raw = " ".join(str(text).split())
    safe = "".join(c for c in raw.replace("'", "’") if c.isalnum() or c in _KEEP)
    safe = " ".join(safe.split())
    if len(safe) > longest:
        cut = safe[: longest - 1]
        if " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        safe = cut.rstrip(" -.,:;/+") + "…"
    if safe == raw:
        return None
    return safe or None


def front_matter_title(text: object) -> str | None:
    """``title: "…"`` for a page's front matter (a YAML double-quoted string, as JSON
    writes it), or ``None`` when the heading serves as the navigation title."""
    short = nav_title(text)
    return None if short is None else f"title: {json.dumps(short)}"
