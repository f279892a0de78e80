import io

import pytest
from django.core.management import CommandError, call_command

from motcua.dossiers import diagram
from motcua.dossiers.diagram import WORKFLOW_DOC, render_workflow_markdown
from motcua.dossiers.states import ALLOWED, Status


def test_docs_workflow_md_matches_the_lifecycle_table():
    assert WORKFLOW_DOC.read_text(encoding="utf-8") == render_workflow_markdown(), (
        "docs/workflow.md drifted from motcua/dossiers/states.py: "
        "run `motcua dossier-diagram --write`"
    )


def test_the_diagram_draws_every_allowed_move_and_nothing_else():
    page = render_workflow_markdown()
    arrows = {
        tuple(line.strip().split(" --> "))
        for line in page.splitlines()
        if " --> " in line and "[*]" not in line
    }
    expected = {(a.value, b.value) for a, targets in ALLOWED.items() for b in targets}
    assert arrows == expected
    for status in Status:
        assert f"{status.value}: {status.label}" in page


def test_the_check_command_fails_on_drift(tmp_path, monkeypatch):
    stale = tmp_path / "workflow.md"
    stale.write_text("# old\n", encoding="utf-8")
    monkeypatch.setattr(diagram, "WORKFLOW_DOC", stale)
    from motcua.dossiers.management.commands import dossier_diagram

    monkeypatch.setattr(dossier_diagram, "WORKFLOW_DOC", stale)
    with pytest.raises(CommandError, match="lệch"):
        call_command("dossier_diagram", "--check")
    call_command("dossier_diagram", "--write", stdout=io.StringIO())
    call_command("dossier_diagram", "--check")
    assert stale.read_text(encoding="utf-8") == render_workflow_markdown()
