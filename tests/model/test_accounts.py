"""The roster's ``accounts``: who each person is in GitHub, GitLab, git and CI, and
one account for one person only."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from sdlc.errors import InputError
from sdlc.load.loaders import load_roster
from sdlc.model.accounts import Accounts, account_key
from sdlc.model.roster import Roster


def roster(*people: dict[str, object]) -> Roster:
    return Roster.model_validate({"people": list(people)})


def test_accounts_are_optional_and_listed_by_system() -> None:
    found = roster(
        {"id": "kari", "name": "Kari"},
        {
            "id": "ola",
            "name": "Ola",
            "accounts": {
                "github": "ola-n",
                "gitlab": "ola.nordmann",
                "email": ["ola@example.no", "ola@users.noreply.github.com"],
                "builder": ["https://github.com/actions/runner"],
            },
        },
    )
    assert found.by_id["kari"].accounts == Accounts()
    assert list(found.by_id["ola"].accounts.listed()) == [
        ("github", None, "ola-n"),
        ("gitlab", None, "ola.nordmann"),
        ("email", 0, "ola@example.no"),
        ("email", 1, "ola@users.noreply.github.com"),
        ("builder", 0, "https://github.com/actions/runner"),
    ]


def test_names_are_compared_without_case_but_builder_ids_exactly() -> None:
    assert account_key("github", "Kari-L") == account_key("github", "kari-l")
    assert account_key("email", "Kari@Example.NO") == "kari@example.no"
    assert account_key("builder", "https://CI/x") == "https://CI/x"


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        (
            {"github": "Kari-L"},
            {"github": "kari-l"},
            "github account 'kari-l' of ola is also listed for kari",
        ),
        (
            {"email": ["kari@example.no"]},
            {"email": ["ola@example.no", "KARI@example.no"]},
            "email account 'KARI@example.no' of ola is also listed for kari",
        ),
        (
            {"builder": ["https://ci.example.no"]},
            {"builder": ["https://ci.example.no"]},
            "builder account 'https://ci.example.no' of ola is also listed for kari",
        ),
    ],
)
def test_one_account_belongs_to_one_person(
    first: dict[str, object], second: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        roster(
            {"id": "kari", "name": "Kari", "accounts": first},
            {"id": "ola", "name": "Ola", "accounts": second},
        )


def test_the_same_builder_id_in_two_cases_is_two_accounts() -> None:
    roster(
        {"id": "ci", "name": "CI", "accounts": {"builder": ["https://ci.example.no/A"]}},
        {"id": "cd", "name": "CD", "accounts": {"builder": ["https://ci.example.no/a"]}},
    )


@pytest.mark.parametrize(
    "accounts",
    [
        {"github": "-starts-with-a-dash"},
        {"github": "has space"},
        {"email": ["not-an-address"]},
        {"builder": ["has space"]},
        {"slack": "kari"},
    ],
)
def test_malformed_accounts_are_refused(accounts: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        roster({"id": "kari", "name": "Kari", "accounts": accounts})


@pytest.mark.parametrize(
    ("builder", "accepted"),
    [
        ("b" * 2000, True),
        ("é\x1c" * 1000, True),  # not white space, as Unicode has it
        ("b" * 2001, False),
        ("", False),
        ("runner\u3000a", False),  # ideographic space
        ("runner\n", False),
    ],
)
def test_a_builder_id_is_1_to_2000_characters_without_white_space(
    builder: str, accepted: bool
) -> None:
    people: dict[str, object] = {"id": "ci", "name": "CI", "accounts": {"builder": [builder]}}
    if accepted:
        assert roster(people).people[0].accounts.builder == (builder,)
    else:
        with pytest.raises(ValidationError):
            roster(people)


def test_a_shared_account_in_a_roster_file_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "roster.yaml"
    path.write_text(
        "people:\n"
        "  - id: kari\n    name: Kari\n    accounts: {github: Kari-L}\n"
        "  - id: ola\n    name: Ola\n    accounts: {github: kari-l}\n",
        "utf-8",
    )
    with pytest.raises(InputError) as raised:
        load_roster(path)
    assert str(raised.value) == (
        f"{path}:7:24: At Person(id='ola') ==> At key: accounts ==> At key: github ==> github "
        "account 'kari-l' of ola is also listed for kari; an account MUST belong to one person "
        "(evidence from it would count for either): keep it in one entry"
    )
