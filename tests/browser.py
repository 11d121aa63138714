"""Headless Chromium (Debian's package) with axe-core, for accessibility checks of real pages."""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# Chromium must not phone home: this machine has no internet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium():
    if not shutil.which(CHROMIUM):
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


# Runs in every document before its own scripts (Playwright's init scripts are outside the page's CSP): keeps each
# Content-Security-Policy violation the document reports.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} `
    + `(${event.sourceFile || document.location.pathname}:${event.lineNumber})`);
});
"""


@contextmanager
def browser_page(*, check_csp=True):
    """A fresh page in headless Chromium; Playwright drives it but never downloads a browser.

    The pages run under the site's real Content-Security-Policy. Every violation the browser reports (in the console,
    and as a securitypolicyviolation event) fails the test when the block ends, so each browser test also proves that
    nothing on its pages needs an inline script or style.
    """
    require_chromium()
    from playwright.sync_api import sync_playwright

    with _async_unsafe_allowed(), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            # A Dutch browser, as most of our visitors have.
            page = browser.new_page(locale="nl-NL")
            violations = watch_csp_violations(page)
            yield page
            if check_csp:
                violations.extend(csp_violation_events(page))
                assert not violations, violations
        finally:
            browser.close()


def watch_csp_violations(page) -> list[str]:
    """A list that fills with the Content-Security-Policy violations Chromium reports in the console of `page`."""
    found: list[str] = []
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            found.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None
        ),
    )
    return found


def csp_violation_events(page) -> list[str]:
    """The securitypolicyviolation events of the document now shown in `page`."""
    if page.is_closed():
        return []
    events = page.evaluate("() => window.__cspViolations || []")
    return [f"{page.url}: {event}" for event in events]


@contextmanager
def _async_unsafe_allowed():
    """Playwright's sync API runs an event loop in this thread; the test's ORM calls stay synchronous."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


def serious_axe_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the current page, as readable lines."""
    # Evaluated, not added as a <script>: the Content-Security-Policy refuses inline scripts, evaluate is outside it.
    page.evaluate(AXE.read_text())
    result = page.evaluate("() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
