"""Helpers of the browser tests (Playwright in Debian's chromium)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

AXE_URL = "/static/vendor/axe/axe.min.js"  # axe-core from npm, served like every front-end asset

# The serious and critical violations, each as "rule: the elements concerned".
AXE_SERIOUS = (
    "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    ".filter(v => ['serious', 'critical'].includes(v.impact))"
    ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
)


def axe_violations(page: Page, live_server: Any) -> list[str]:
    """The serious and critical accessibility violations axe-core finds on the current page."""
    page.wait_for_load_state("load")  # a click may still be navigating: no document to inject into
    page.add_script_tag(url=live_server.url + AXE_URL)
    violations: list[str] = page.evaluate(AXE_SERIOUS)
    return violations


def assert_accessible(page: Page, live_server: Any) -> None:
    """No serious or critical accessibility violation on the current page."""
    violations = axe_violations(page, live_server)
    assert violations == [], f"{page.url}: {violations}"
