"""Attack: a ``--templates`` folder that reaches for Python itself.

Templates run in jinja2's immutable sandbox. A template that walks from a string to
``object.__subclasses__()``, or from a jinja2 global to a module's ``os``, stops the
render with exit 2 and a message naming the template, the line and what the sandbox
refused; nothing runs, and the old handbook stays as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import ROOT, RunCli

SMALL = ROOT / "tests" / "cases" / "render" / "small" / "process.yaml"
HINT = (
    "  hint: templates run in jinja2's sandbox: use the values the handbook passes "
    "(process, hb, stage …) and their public methods, never names starting with '_'\n"
)


@pytest.mark.parametrize(
    ("expression", "refused"),
    [
        ("''.__class__.__mro__[1].__subclasses__()", "access to attribute '__class__' of 'str'"),
        (
            "cycler.__init__.__globals__.os.system('touch PWNED')",
            "access to attribute '__init__' of 'type'",
        ),
        ("process.__class__.__init__.__globals__", "access to attribute '__class__' of 'Process'"),
        ("hb.process.stages.__len__()", "access to attribute '__len__' of 'tuple'"),
        ("lipsum.__globals__['os'].popen('id').read()", "access to attribute '__globals__'"),
        ("process.roles.clear()", "access to attribute 'clear' of 'dict'"),
    ],
)
def test_a_template_cannot_reach_python(
    run_cli: RunCli, tmp_path: Path, expression: str, refused: str
) -> None:
    mine = tmp_path / "templates"
    mine.mkdir()
    (mine / "roles.md.j2").write_text(f"# Roles\n\n{{{{ {expression} }}}}\n", encoding="utf-8")
    out = tmp_path / "handbook"
    assert run_cli("render", str(SMALL), "--out", str(out))[0] == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    code, stdout, err = run_cli("render", str(SMALL), "--out", str(out), "--templates", str(mine))
    assert (code, stdout) == (2, "")
    head = f"sdlc: {mine / 'roles.md.j2'}:3: cannot render small/roles.md from roles.md.j2: "
    assert err.startswith(head + "the sandbox refused it: " + refused), err
    assert err.endswith(HINT)
    assert not (ROOT / "PWNED").exists()
    assert not (tmp_path / "PWNED").exists()
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_the_built_in_templates_render_in_the_sandbox() -> None:
    import jinja2.sandbox

    from sdlc.handbook.templating import environment

    assert isinstance(environment(), jinja2.sandbox.ImmutableSandboxedEnvironment)
