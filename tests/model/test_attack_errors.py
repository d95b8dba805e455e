"""Attack: a list of many invalid values within the input limits.

pydantic reports every bad item of a list, so 900,000 wrong values in one list
cost 1.5 GB and 17 s before the first error could be shown. A record's lists
stop at their first bad item: one error, whatever the list's length.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sdlc.model import Record

EVENT = {"stage": "build", "actor": "ci", "at": "2026-03-01T10:00:00Z", "subject": "abcd1234"}


@pytest.mark.parametrize("field", ["covers", "produces", "evidence"])
def test_a_long_list_of_bad_values_gives_one_error(field: str) -> None:
    data = {"id": "R-1", "process": "eid-gateway@3.0", "events": [EVENT | {field: [1] * 100_000}]}
    with pytest.raises(ValidationError) as caught:
        Record.model_validate(data)
    assert caught.value.error_count() == 1


def test_a_long_list_of_bad_attributes_gives_one_error() -> None:
    data = {"id": "R-1", "process": "eid-gateway@3.0", "attributes": {"components": [1] * 100_000}}
    with pytest.raises(ValidationError) as caught:
        Record.model_validate(data)
    assert caught.value.error_count() == 1
