"""Canonical JSON (RFC 8785, the JSON Canonicalization Scheme) and its SHA-256.

Hashes and signatures must not depend on how a record happens to be written:
key order, indentation, quoting or YAML versus JSON. They are therefore taken
over one canonical text of the data: object keys sorted by their UTF-16 code
units, no whitespace, strings escaped as ECMAScript's ``JSON.stringify`` does,
numbers in ECMAScript's shortest form, all encoded as UTF-8.

Only the JSON types are accepted (``dict`` with text keys, ``list``/``tuple``,
``str``, ``int``, ``float``, ``bool``, ``None``); anything else is a bug in the
caller and raises :class:`TypeError`.
"""

from __future__ import annotations

import hashlib
import math
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

MAX_SAFE_INTEGER = 2**53 - 1
"""Larger integers cannot be represented exactly by every JSON reader (RFC 8785 §3.2.2.3)."""


def canonical(value: Any) -> bytes:
    """The RFC 8785 canonical form of ``value``, as UTF-8 bytes."""
    parts: list[str] = []
    _write(value, parts)
    try:
        return "".join(parts).encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text holds a lone surrogate, which JSON cannot carry") from None


def sha256_hex(value: Any) -> str:
    """Lower-case hex SHA-256 of the canonical form of ``value``."""
    return hashlib.sha256(canonical(value)).hexdigest()


def _write(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, dict):
        out.append("{")
        keys = sorted(value, key=_utf16) if any(map(_astral, value)) else sorted(value)
        for n, key in enumerate(keys):
            if not isinstance(key, str):
                raise TypeError(f"object keys must be text, found {type(key).__name__}")
            if n:
                out.append(",")
            out.append(_string(key))
            out.append(":")
            _write(value[key], out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for n, item in enumerate(value):
            if n:
                out.append(",")
            _write(item, out)
        out.append("]")
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise ValueError(f"integer {value} is outside the range JSON numbers carry exactly")
        out.append(str(value))
    elif isinstance(value, float):
        out.append(number(value))
    else:
        raise TypeError(f"{type(value).__name__} is not a JSON type")


def _astral(key: Any) -> bool:
    """Whether a key may sort differently by UTF-16 code units than by code points:
    only text with characters from U+D800 up can."""
    if not isinstance(key, str):
        raise TypeError(f"object keys must be text, found {type(key).__name__}")
    return bool(key) and max(key) >= "\ud800"


def _utf16(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


_string = encode_basestring
"""JSON.stringify's escaping: only '"', '\\' and control characters are escaped (short
forms \\b \\t \\n \\f \\r, else \\u00xx in lower case); the rest is written as is."""


def number(value: float) -> str:
    """ECMAScript's ``Number.prototype.toString`` of ``value`` (RFC 8785 §3.2.2.3)."""
    if not math.isfinite(value):
        raise ValueError(f"{value} is not a JSON number")
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    # repr gives the shortest text that reads back as the same double; Decimal splits
    # it into significant digits and a power of ten without any rounding
    _, numerals, exponent = Decimal(repr(abs(value))).as_tuple()
    assert isinstance(exponent, int)
    significant = "".join(map(str, numerals)).lstrip("0")
    digits = significant.rstrip("0")
    # the value is digits × 10^(n - k): ECMAScript's k and n
    k = len(digits)
    n = len(significant) + exponent
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        text = (
            digits[0] + ("." + digits[1:] if k > 1 else "") + f"e{'+' if e >= 0 else '-'}{abs(e)}"
        )
    return sign + text
