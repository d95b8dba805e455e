"""The Markdown form of ``sdlc practice``: a page a person reads, with tables. Every
text from a record or a process (stages, teams, people, waivers, conditions) goes
through the handbook's escaper, :func:`sdlc.handbook.markdown.inline`, and so do
the sentences made of them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..handbook.markdown import inline
from .analysis import Practice
from .groups import Group
from .text import headline
from .timing import Spread
from .wording import changes, duration, path, percent


def _row(*cells: object) -> str:
    return "| " + " | ".join(inline(c) for c in cells) + " |"


def _table(head: Sequence[str], rows: Sequence[tuple[object, ...]]) -> Iterator[str]:
    if not rows:
        yield "None."
        yield ""
        return
    yield _row(*head)
    yield "| " + " | ".join("---" for _ in head) + " |"
    for row in rows:
        yield _row(*row)
    yield ""


def _times(spread: Spread | None) -> tuple[object, ...]:
    if spread is None:
        return ("not measured", "", 0)
    return (duration(spread.median), duration(spread.p90), spread.count)


def group_section(group: Group, top: int) -> Iterator[str]:
    flow, times, dev = group.flow, group.times, group.deviations
    n = len(group.cases)
    yield f"## {inline(group.words[0].upper() + group.words[1:])}"
    yield ""
    yield f"{changes(n)}, {flow.events} events, {len(flow.variants)} distinct paths."
    yield ""
    yield "### Flow"
    yield ""
    variants = [(percent(c, n), c, path(v)) for v, c in flow.top_variants(top)]
    yield from _table(("share", "changes", "path"), variants)
    follows = [(a, b, c) for (a, b), c in flow.top_follows(top)]
    yield from _table(("stage", "directly followed by", "times"), follows)
    loops = [
        (loop.stage, loop.times, loop.changes, percent(loop.changes, n),
         ", ".join(f"{s} {c}" for s, c in loop.after.most_common()))
        for loop in flow.ranked_loops()
    ]  # fmt: skip
    yield "Rework:"
    yield ""
    yield from _table(("back to", "times", "changes", "share", "after"), loops)
    yield "### Time"
    yield ""
    rows = [(f"{s}: to completion", *_times(sp)) for s, sp in times.stages().items()]
    rows += [(f"{s}: wait before the gate", *_times(sp)) for s, sp in times.gates().items()]
    rows.append(("lead time to deployment", *_times(Spread.of(times.to_deployment))))
    rows.append(("lead time to verification", *_times(Spread.of(times.to_verification))))
    yield from _table(("what", "median", "90th percentile", "measured"), rows)
    longest = ", ".join(f"{s} ({duration(sp.median)})" for s, sp in times.longest())
    if longest:
        yield f"Changes wait longest at: {inline(longest)}."
        yield ""
    yield "### Where practice leaves the process"
    yield ""
    orders = [
        (s, ", ".join(b) if b else "(redone or invalidated dependencies)", c, percent(c, n))
        for s, b, c in dev.ranked_orders()
    ]
    yield from _table(("out of order", "before", "changes", "share"), orders)
    gaps = [
        (g.stage, g.applies, len(g.skipped), len(g.waived),
         ", ".join(f"{p} ({level}): {n}" for p, level, n in g.approvers()))
        for g in dev.ranked_gaps()
    ]  # fmt: skip
    yield from _table(("stage", "applies to", "skipped", "waived", "waivers"), gaps)
    together = [(a, b, c) for a, b, c in flow.together()]
    yield from _table(("always together", "then", "times"), together)


def practice_markdown(practice: Practice, top: int = 5) -> str:
    """The whole study as a Markdown page; ``top`` paths and steps per group."""
    lines = ["# Process in practice", "", inline(headline(practice)) + ".", ""]
    lines += ["## Suggestions", ""]
    for i, s in enumerate(practice.suggestions, 1):
        lines.append(f"{i}. **{inline(s.text)}.** Evidence: {inline(s.evidence)}.")
        lines.append(f"   {inline(s.advice)}")
        if s.proposal is not None:
            lines.append(f"   {inline(s.proposal.words())}")
    if not practice.suggestions:
        lines.append("None.")
    lines.append("")
    for group in [practice.overall, *practice.groups]:
        lines += list(group_section(group, top))
    lines += ["## Conditional stages", ""]
    rows = [
        (a.stage, a.risk or "all", "every one" if a.always else "none", a.of, a.condition)
        for a in practice.applicability
    ]
    lines += list(_table(("stage", "risk", "applied to", "of", "condition"), rows))
    return "\n".join(lines).rstrip("\n") + "\n"
