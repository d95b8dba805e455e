"""A split pattern accepts and refuses exactly what its pattern does, with the same error,
and states the pattern in the JSON Schema."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import Field, TypeAdapter, ValidationError

from sdlc.model.accounts import BUILDER_ID, EMAIL, BuilderId, Email

WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000"
"""Unicode's White_Space, some of it, and characters Python calls space but it does not."""
NOT_WHITE_SPACE = "\x1c\x1f\u180e\u200b"

PAIRS = [
    (TypeAdapter(Annotated[str, Field(pattern=EMAIL)]), TypeAdapter(Email)),
    (TypeAdapter(Annotated[str, Field(pattern=BUILDER_ID)]), TypeAdapter(BuilderId)),
]
"""The pattern as pydantic compiles it, and the split pattern that stands for it."""


def outcome(adapter: TypeAdapter[Any], value: object) -> object:
    """What validating ``value`` gives: the value, or every error as people see it."""
    try:
        return ("valid", adapter.validate_python(value))
    except ValidationError as exc:
        return [
            (e["type"], e["msg"], e.get("ctx"), e["loc"], e["input"])
            for e in exc.errors(include_url=False)
        ]


def same_outcomes(value: object) -> None:
    for compiled, split in PAIRS:
        assert outcome(split, value) == outcome(compiled, value), repr(value)


TEXT = st.text(alphabet=st.sampled_from([*"ab@é", *WHITE_SPACE, *NOT_WHITE_SPACE]), max_size=12)
LONG = st.builds(
    lambda before, at, after: "x" * before + at + "y" * after,
    st.integers(0, 300),
    st.sampled_from(["@", "", "@@", " @"]),
    st.integers(0, 2100),
)


@settings(max_examples=2000, deadline=None)
@given(st.one_of(TEXT, LONG, st.integers(), st.none(), st.binary(max_size=4)))
def test_a_split_pattern_validates_as_its_pattern(value: object) -> None:
    same_outcomes(value)


@pytest.mark.parametrize(
    "value",
    [
        "a" * 64 + "@" + "b" * 255,
        "a" * 65 + "@b",
        "a@" + "b" * 256,
        "a@b\n",
        "\na@b",
        "a\ud800@b",
        "b" * 2000,
        "b" * 2001,
        "",
    ],
)
def test_the_bounds_are_where_the_pattern_puts_them(value: str) -> None:
    same_outcomes(value)


def test_a_refusal_names_the_pattern() -> None:
    with pytest.raises(ValidationError) as raised:
        TypeAdapter(Email).validate_python("a" * 65 + "@example.no")
    assert raised.value.errors(include_url=False)[0]["msg"] == (
        r"String should match pattern '^[^@\s]{1,64}@[^@\s]{1,255}$'"
    )


def test_the_json_schema_states_the_pattern() -> None:
    for compiled, split in PAIRS:
        assert split.json_schema() == compiled.json_schema()
