"""When a shape cache pays for its keys, and when it pauses.

A record's key costs about a third of what a hit saves (the rules; reading the
record and its own integrity are paid either way), so below about one hit in two
or three the keys cost more than they save. On records that share shapes the hits
repay them many times over; on records that rarely do (every change's people in a
pattern of their own) the keys are pure cost. :class:`Pacing` weighs
this as records go by, so that a :class:`~sdlc.checking.shapes.ShapeCache` keys
records only while keys pay: after a warm-up of :data:`WARM` records (a cold cache
hits little even on records that will repeat), it counts hits per :data:`WINDOW`
records, and after a window with fewer than one hit in two it pauses for
:data:`PAUSE` records, checked in full without a key. Each pause that ends in
another poor window is twice as long as the one before (at most :data:`LONGEST`);
a good window makes the next pause short again. Pausing changes no report.
"""

from __future__ import annotations

__all__ = ["LONGEST", "PAUSE", "WARM", "WINDOW", "Pacing"]

WARM = 1024
"""Records keyed before a cache first weighs whether its keys pay."""
WINDOW = 512
"""Records over which a cache weighs whether its keys pay."""
PAUSE = 4096
"""Records checked without a key in a cache's first pause."""
LONGEST = 65536
"""The longest pause: a cache tries again at least this often."""


class Pacing:
    """Whether to key the next record, from the hits of those keyed so far."""

    def __init__(
        self, warm: int = WARM, window: int = WINDOW, pause: int = PAUSE, longest: int = LONGEST
    ) -> None:
        self._warm, self._window, self._pause, self._longest = warm, window, pause, longest
        self._next = pause
        self._seen = self._hits = self._paused = 0
        self.passed = 0
        """Records let through without a key while paused."""

    def keyed(self) -> bool:
        """Whether to key the next record (``False`` while paused)."""
        if self._paused:
            self._paused -= 1
            self.passed += 1
            return False
        return True

    def saw(self, hit: bool) -> None:
        """Note a keyed record, and whether the cache answered it."""
        self._seen += 1
        self._hits += hit
        if self._warm:
            self._warm -= 1
            self._seen = self._hits = 0
            return
        if self._seen < self._window:
            return
        if self._hits * 2 < self._window:
            self._paused, self._next = self._next, min(2 * self._next, self._longest)
        else:
            self._next = self._pause
        self._seen = self._hits = 0
