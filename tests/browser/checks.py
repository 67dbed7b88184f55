"""What every page must pass in the browser: axe-core's WCAG 2.2 A/AA rules plus our own checks."""

from pathlib import Path

import axe_playwright_python

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]

OWN_CHECKS = (Path(__file__).parent / "own_checks.js").read_text(encoding="utf-8")


def axe_violations(page) -> list[str]:
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "async (tags) => await axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    lines = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            lines.append(f"{violation['id']} ({violation['impact']}): {node['target']} — {violation['help']}")
    return lines


def assert_accessible(page) -> None:
    problems = axe_violations(page) + page.evaluate(OWN_CHECKS)
    assert not problems, f"{page.url}:\n" + "\n".join(problems)


def focused(page) -> dict:
    return page.evaluate(
        """() => { const el = document.activeElement;
                   return {tag: el.tagName.toLowerCase(), id: el.id,
                           text: (el.innerText || el.value || "").trim(),
                           cls: el.className || "", href: el.getAttribute("href") || ""}; }"""
    )


def tab_until(page, predicate, *, limit: int = 60, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element satisfies predicate; fail after limit presses."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        element = focused(page)
        if predicate(element):
            return element
    raise AssertionError(f"not reachable by {key} within {limit} presses")
