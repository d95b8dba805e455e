"""The atheris entry point: ``python -m fuzz TARGET CORPUS... [libFuzzer flags]``.

TARGET names a function of :mod:`fuzz.targets` (see :data:`fuzz.TARGETS`); every
other argument goes to libFuzzer as it is: the corpus folder first, then seed
folders, or a crash file to replay, and flags such as ``-max_total_time=60``.
Only sdlc and the targets are instrumented, so coverage guides the search
through sdlc's own code. Any exception but sdlc's ``InputError`` is a crash;
libFuzzer saves the input that caused it (fuzz/README.md says what to do next).

Exit 2, before anything is fuzzed, for a missing or unknown target or when
atheris is not installed (``make .venv/.fuzz-installed`` installs it).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable

from fuzz import TARGETS

USAGE = f"usage: python -m fuzz {{{','.join(TARGETS)}}} CORPUS [SEEDS...] [libFuzzer flags]"


def atheris_installed() -> bool:
    return importlib.util.find_spec("atheris") is not None


def _target(argv: list[str]) -> str | None:
    """The target named by ``argv``, or ``None`` after saying why there is none."""
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(USAGE, file=sys.stderr)
        return None
    if argv[1] not in TARGETS:
        print(
            f"{USAGE}\nfuzz: unknown target {argv[1]!r} (expected one of: {', '.join(TARGETS)})",
            file=sys.stderr,
        )
        return None
    if not atheris_installed():
        print(
            "fuzz: atheris is not installed; 'make .venv/.fuzz-installed' installs it "
            "(the test suite runs the targets without it: tests/test_fuzz.py)",
            file=sys.stderr,
        )
        return None
    return argv[1]


def main(argv: list[str]) -> int:
    name = _target(argv)
    if name is None:
        return 2
    import atheris

    with atheris.instrument_imports(include=["sdlc", "fuzz"]):
        targets = importlib.import_module("fuzz.targets")
    run: Callable[[bytes], None] = getattr(targets, name)
    atheris.Setup([argv[0], *argv[2:]], run)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
