"""When the shape cache keys records (sdlc.checking.pacing): not during a pause, which
follows a window of few hits once the cache is warm, and doubles while hits stay few."""

from __future__ import annotations

from sdlc.checking.pacing import Pacing


def _run(pacing: Pacing, hits: list[bool]) -> str:
    """Feed ``hits`` to the keyed records; return K for each keyed record, . for each
    let through without a key."""
    out = []
    for hit in hits:
        if pacing.keyed():
            out.append("K")
            pacing.saw(hit)
        else:
            out.append(".")
    return "".join(out)


def test_a_cold_cache_is_not_judged_during_its_warm_up() -> None:
    assert _run(Pacing(warm=8, window=4, pause=2), [False] * 8) == "K" * 8


def test_few_hits_pause_the_cache_and_each_poor_window_doubles_the_pause() -> None:
    pacing = Pacing(warm=0, window=2, pause=1, longest=4)
    # pauses of 1, 2, 4 and then 4 again: the longest
    assert _run(pacing, [False] * 19) == "KK.KK..KK....KK...."
    assert pacing.passed == 11


def test_a_good_window_makes_the_next_pause_short_again() -> None:
    pacing = Pacing(warm=0, window=2, pause=1, longest=8)
    # poor, pause 1; poor, pause 2; good (one hit in two): no pause; poor: pause 1
    assert (
        _run(pacing, [False, False, False, False, False, False, False, False, True] + [False] * 3)
        == "KK.KK..KKKK."
    )
