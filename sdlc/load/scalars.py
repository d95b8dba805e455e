"""Plain YAML scalars turned into Python values: whole numbers in any of YAML 1.1's
bases (including base 60, ``1:30``), numbers with a fraction, booleans and null.

A whole number longer than Python reads (``sys.get_int_max_str_digits()``, 4,300
digits by default) is refused with :class:`TooManyDigits`, which the reader turns
into a located message; dates and times stay text, for the models to parse.
"""

from __future__ import annotations

import sys
from typing import Any


class TooManyDigits(ValueError):
    """A whole number written with more decimal digits than Python will read."""

    def __init__(self, digits: int, limit: int) -> None:
        super().__init__(f"{digits} digits")
        self.digits = digits
        self.limit = limit

    def message(self) -> str:
        return f"the number has {self.digits:,} digits, more than the {self.limit:,} sdlc reads"


NUMBER_HINT = "put quotes around it so that it is read as text, or shorten it"
"""How to repair a number that is too long to read."""


def check_digits(digits: str) -> None:
    """Raise :class:`TooManyDigits` if ``digits`` (decimal, no sign) is too long to read."""
    limit = sys.get_int_max_str_digits()
    if limit and len(digits) > limit:
        raise TooManyDigits(len(digits), limit)


def scalar(kind: str, text: str) -> Any:
    """Resolve a plain scalar of ``kind`` (``int``, ``float``, ``bool``, ``null`` or
    anything else, which stays text)."""
    if kind == "int":
        return _whole(text)
    if kind == "float":
        return _fraction(text)
    if kind == "bool":
        return text.lower() in ("yes", "true", "on", "y")
    if kind == "null":
        return None
    return text


def _whole(text: str) -> int:
    clean = text.replace("_", "")
    sign = -1 if clean.startswith("-") else 1
    digits = clean.lstrip("+-")
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    if digits.startswith("0o"):
        return sign * int(digits[2:], 8)
    if digits.startswith("0b"):
        return sign * int(digits[2:], 2)
    if ":" in digits:  # base 60, as YAML 1.1 reads 1:30 (90)
        value = 0
        for part in digits.split(":"):
            check_digits(part)
            value = value * 60 + int(part)
        return sign * value
    if len(digits) > 1 and digits.startswith("0") and digits.isdigit():
        return sign * int(digits, 8)
    check_digits(digits)
    return sign * int(digits)


def _fraction(text: str) -> float:
    low = text.lower().replace("_", "")
    if low in (".nan", "+.nan", "-.nan"):
        return float("nan")
    if low.endswith(".inf"):
        return float("-inf") if low.startswith("-") else float("inf")
    if ":" in low:  # base 60, as YAML 1.1 reads 1:30.5 (90.5)
        sign = -1.0 if low.startswith("-") else 1.0
        value = 0.0
        for part in low.lstrip("+-").split(":"):
            value = value * 60 + float(part)
        return sign * value
    return float(low)
