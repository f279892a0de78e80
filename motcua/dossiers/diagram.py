"""`docs/workflow.md`: the lifecycle page, generated from the table in `states.py`."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from motcua.dossiers.states import ALLOWED, FINAL, INITIAL, NATIONAL_CODE, Status, render_mermaid

WORKFLOW_DOC = Path(settings.BASE_DIR) / "docs" / "workflow.md"

_INTRO = """\
# Dossier lifecycle

Generated from `motcua/dossiers/states.py` by `motcua dossier-diagram --write`; do not edit by hand
(a test fails when this page and the table drift apart).

Every status maps to exactly one national status code (`TrangThai`, DOMAIN.md §3) exchanged with
the national portal. Every move goes through `motcua.dossiers.services.move()`, which locks the
dossier row, checks this table and the form's `version`, appends a history event and updates the
row; a move the table does not allow is refused with HTTP 409 `transition_not_allowed`.

Codes: a dossier gets its code `{receiving agency}-{YYMMDD}-{NNNN}` when it is received at the
counter or submitted online (as the national portal does for online dossiers). A counter visit
that ends with a guidance slip (Mẫu 02) or a refusal (Mẫu 03) is recorded without a code.
"""


def render_workflow_markdown() -> str:
    """The whole `docs/workflow.md` page."""
    rows = [
        "| status | national code | meaning | next statuses |",
        "|---|---|---|---|",
    ]
    for status in Status:
        targets = ", ".join(f"`{t.value}`" for t in sorted(ALLOWED[status])) or "— (final)"
        start = f" (start: {INITIAL[status]})" if status in INITIAL else ""
        rows.append(
            f"| `{status.value}` | {NATIONAL_CODE[status]} | {status.label}{start} | {targets} |"
        )
    finals = ", ".join(f"`{s.value}`" for s in Status if s in FINAL)
    return "\n".join(
        [
            _INTRO,
            "```mermaid",
            render_mermaid().rstrip("\n"),
            "```",
            "",
            "## Statuses",
            "",
            *rows,
            "",
            f"Final statuses: {finals}.",
            "",
        ]
    )
