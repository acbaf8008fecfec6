"""STYLE habit 15: web input goes through Django Forms. No view indexes `request.POST[...]`,
calls `request.POST.get(...)` / `.getlist(...)` or tests `... in request.POST`: the POST data
is only handed to a form (`SomeForm(request.POST)`, `request.POST if … else None`)."""

from __future__ import annotations

import ast
from pathlib import Path

import dondoc.web

WEB = Path(dondoc.web.__file__).parent


def _hand_parsed(source: str) -> list[tuple[int, str]]:
    """Where `request.POST` is read by hand: as the value of a subscript or an attribute
    (`.get`, `.getlist`, `.dict` …), or on the right of `in`."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        is_post = (
            isinstance(node, ast.Attribute)
            and node.attr == "POST"
            and isinstance(node.value, ast.Name)
            and node.value.id == "request"
        )
        if not is_post:
            continue
        parent = parents[node]
        read = (
            isinstance(parent, ast.Subscript | ast.Attribute) and parent.value is node
        ) or isinstance(parent, ast.Compare)
        if read:
            found.append((node.lineno, ast.unparse(parent)[:60]))
    return sorted(found)


def test_the_scan_finds_each_way_of_reading_post_by_hand() -> None:
    source = (
        "a = request.POST['x']\nb = request.POST.get('y')\nc = request.POST.getlist('z')\n"
        "d = 'w' in request.POST\ne = Form(request.POST)\n"
        "f = Form(request.POST if request.method == 'POST' else None)\ng = request.POST or None\n"
    )
    assert [line for line, _ in _hand_parsed(source)] == [1, 2, 3, 4]


def test_no_view_reads_post_by_hand() -> None:
    views = sorted(WEB.glob("views*.py"))
    assert len(views) >= 5
    found = [
        f"{path.name}:{line}: {code}"
        for path in views
        for line, code in _hand_parsed(path.read_text(encoding="utf-8"))
    ]
    assert not found, "read the POST through a Django Form (web/forms_*.py):\n" + "\n".join(found)
