"""Checks on the HTML a page is served with, shared by the Django client and Chromium tests.

A browser silently drops a `<form>` opened inside another one, and its first `</form>` then
closes the outer form: the buttons after it belong to no form and do nothing. That is only
visible in the HTML as served (the browser's DOM has already repaired it), so the check
parses the response text, not the DOM.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass(frozen=True)
class NestedForm:
    line: int  # 1-based line of the inner <form> in the served HTML
    outer_line: int
    snippet: str

    def __str__(self) -> str:
        inner, outer = self.line, self.outer_line
        return f"line {inner}: <form> inside the <form> of line {outer}: {self.snippet}"


class _FormNesting(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lines = source.splitlines()
        self.open: list[int] = []  # lines of the forms currently open
        self.found: list[NestedForm] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "form":
            return
        line = self.getpos()[0]
        if self.open:
            text = self.lines[line - 1].strip() if line <= len(self.lines) else ""
            self.found.append(NestedForm(line, self.open[-1], text[:160]))
        self.open.append(line)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.open:
            self.open.pop()


def nested_forms(html: str) -> list[NestedForm]:
    """Every `<form>` that opens while another is still open (none on a correct page)."""
    parser = _FormNesting(html)
    parser.feed(html)
    parser.close()
    return parser.found


def assert_no_nested_forms(html: str, where: str) -> None:
    found = nested_forms(html)
    assert not found, f"{where}: a form inside a form\n" + "\n".join(map(str, found))
