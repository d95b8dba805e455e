"""Coverage-guided fuzzing of sdlc's loaders with atheris: ``make fuzz`` runs it.

    python fuzz/fuzz_loaders.py CORPUS_DIR [SEED_DIR...] -max_total_time=60

Any exception but sdlc's own InputError is a crash; libFuzzer saves the input
that caused it (see fuzz/README.md for turning it into a regression test).
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports(include=["sdlc", "fuzz"]):
    from fuzz import targets


def main() -> None:
    atheris.Setup(sys.argv, targets.loaders)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
