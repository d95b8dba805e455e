"""Where ``sdlc check`` checks: ``--jobs N`` processes here, or ``--dask ADDRESS``.

Both go through :func:`sdlc.checking.batch.check_with`, which streams the reports
back in input order (see docs/scaling.md).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..errors import UsageError

if TYPE_CHECKING:
    from concurrent.futures import Executor


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes, 1 or more: {text}")
    return value


def workers_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--jobs`` and ``--dask``."""
    parser.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help="check in N processes (default: one per core available, for 16 MiB of records "
        "or more; less is checked in this process, where starting workers costs more)",
    )
    parser.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="check on a Dask cluster, given its scheduler's address "
        "(tcp://host:8786; needs the 'distributed' package; docs/scaling.md)",
    )


@contextmanager
def cluster(address: str | None) -> Iterator[Executor | None]:
    """The executor of the Dask cluster at ``address`` while in the block (``None``
    without an address)."""
    if address is None:
        yield None
        return
    try:  # untyped, and not a dependency of sdlc: looked up as a module
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise UsageError(
            "--dask needs the 'distributed' package, which is not installed: "
            "pip install distributed"
        ) from None
    try:
        client = distributed.Client(address, timeout=30)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        yield client.get_executor()
    finally:
        client.close()
