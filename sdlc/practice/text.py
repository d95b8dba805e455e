"""The text form of ``sdlc practice``: for a terminal, figures as
:mod:`sdlc.practice.wording` writes them."""

from __future__ import annotations

from collections.abc import Iterator

from .analysis import Practice
from .groups import Group
from .timing import Spread
from .wording import changes, counted, duration, path, percent


def _spread(spread: Spread | None) -> str:
    if spread is None:
        return "not measured"
    return f"{duration(spread.median)}; {duration(spread.p90)}; n={spread.count}"


def headline(practice: Practice) -> str:
    sel = practice.selection
    teams = f", teams {', '.join(sel.teams)}" if sel.teams else ""
    read = counted(practice.read, "record")
    return (
        f"{changes(practice.changes)} studied{sel.words()}{teams} ({read} read, "
        f"{practice.unreadable} unreadable, {practice.outside} outside the selection)"
    )


def group_lines(group: Group, top: int) -> Iterator[str]:
    flow, times, dev = group.flow, group.times, group.deviations
    n = len(group.cases)
    yield f"{group.words[0].upper()}{group.words[1:]}: {changes(n)}, {flow.events} events"
    yield f"  Flow: {len(flow.variants)} distinct paths; the most frequent:"
    for variant, count in flow.top_variants(top):
        yield f"    {percent(count, n):>5} ({count})  {path(variant)}"
    yield "  Directly follows, most frequent first:"
    for (a, b), count in flow.top_follows(top):
        yield f"    {a} → {b}  {count}"
    for loop in flow.ranked_loops():
        after = ", ".join(f"'{s}' {c}" for s, c in loop.after.most_common())
        yield (
            f"  Rework back to '{loop.stage}': {loop.times} times in {changes(loop.changes)} "
            f"({percent(loop.changes, n)}), after {after}"
        )
    yield "  Time (median; 90th percentile; how many):"
    for stage, spread in times.stages().items():
        yield f"    {stage}, from what it depends on to completion: {_spread(spread)}"
    for stage, spread in times.gates().items():
        yield f"    waiting before gate {stage}: {_spread(spread)}"
    yield f"    lead time to deployment: {_spread(Spread.of(times.to_deployment))}"
    yield f"    lead time to verification: {_spread(Spread.of(times.to_verification))}"
    longest = ", ".join(f"'{s}' ({duration(sp.median)})" for s, sp in times.longest())
    if longest:
        yield f"    changes wait longest at: {longest}"
    for stage, before, count in dev.ranked_orders():
        what = f"before '{before[0]}'" if before else "after what it depends on was invalidated"
        yield f"  Out of order: '{stage}' {what} in {changes(count)} ({percent(count, n)})"
    for gap in dev.ranked_gaps():
        if gap.skipped:
            yield (
                f"  Skipped: '{gap.stage}' in {len(gap.skipped)} of {changes(gap.applies)} "
                f"({percent(len(gap.skipped), gap.applies)})"
            )
        if gap.waived:
            who = ", ".join(f"{n} waived by {p} ({level})" for p, level, n in gap.approvers())
            yield (
                f"  Waived: '{gap.stage}' in {len(gap.waived)} of {changes(gap.applies)} "
                f"({percent(len(gap.waived), gap.applies)}): {who}"
            )
    for first, then, count in flow.together():
        yield f"  Always together: '{first}' then '{then}' ({count} times)"


def practice_text(practice: Practice, top: int = 5) -> str:
    """The whole study as text; ``top`` paths and steps per group."""
    lines = [f"sdlc practice: {headline(practice)}", ""]
    for group in [practice.overall, *practice.groups]:
        lines += [*group_lines(group, top), ""]
    if practice.applicability:
        lines.append("Conditional stages:")
        for a in practice.applicability:
            where = "changes" if a.risk is None else f"{a.risk}-risk changes"
            how = "every one" if a.always else "none"
            lines.append(f"  '{a.stage}' applied to {how} of the {a.of} {where} ({a.condition})")
        lines.append("")
    lines.append(f"Suggestions ({len(practice.suggestions)}):")
    for i, s in enumerate(practice.suggestions, 1):
        lines.append(f"  {i}. {s.text}.")
        lines.append(f"     Evidence: {s.evidence}.")
        lines.append(f"     {s.advice}")
        if s.proposal is not None:
            lines.append(f"     {s.proposal.words()}")
    if not practice.suggestions:
        lines.append("  none")
    return "\n".join(lines) + "\n"
