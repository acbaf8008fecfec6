"""Every reader of a zip-based office file in src/ calls the zip guard first: a scan of the
source, so that a new `zipfile.ZipFile(...)`, `openpyxl.load_workbook(...)` or
`docx.Document(...)` that skips `check_archive` fails here, not in production."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import dondoc

SRC = Path(dondoc.__file__).parent
GUARD = SRC / "core" / "archives.py"
# Calls that inflate a zip: the function name as written (attribute or plain name).
OPENERS = {"ZipFile", "load_workbook", "read_excel", "ExcelReader", "Document", "Path"}


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _module(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id
    return ""


def _opens_an_archive(call: ast.Call, imported: dict[str, str]) -> bool:
    name = _name(call)
    if name not in OPENERS:
        return False
    origin = _module(call) or imported.get(name, "")
    if name == "Document":  # python-docx reads a file only when given one
        return origin == "docx" and bool(call.args or call.keywords)
    if name == "Path":
        return origin == "zipfile"
    if name == "ZipFile":  # writing a new archive inflates nothing
        modes = [*call.args[1:2], *(k.value for k in call.keywords if k.arg == "mode")]
        return not any(isinstance(m, ast.Constant) and m.value in ("w", "x") for m in modes)
    return True


def _imports(tree: ast.Module) -> dict[str, str]:
    """Plain names imported from a module: {"load_workbook": "openpyxl", "Document": "docx"}."""
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                found[alias.asname or alias.name] = node.module.split(".")[0]
    return found


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _own_calls(scope: ast.AST) -> Iterator[ast.Call]:
    """The calls of a function (or module) itself, not those of the functions it defines."""
    pending = list(ast.iter_child_nodes(scope))
    while pending:
        node = pending.pop()
        if isinstance(node, _FUNCTIONS):
            continue
        if isinstance(node, ast.Call):
            yield node
        pending.extend(ast.iter_child_nodes(node))


def unguarded_readers(source: str, where: str) -> list[str]:
    """ "file:line name()" of each call that opens an archive with no `check_archive(...)`
    before it in the same function."""
    tree = ast.parse(source)
    imported = _imports(tree)
    found: list[str] = []
    scopes = [tree, *(n for n in ast.walk(tree) if isinstance(n, _FUNCTIONS))]
    for scope in scopes:
        calls = list(_own_calls(scope))
        guards = [c.lineno for c in calls if _name(c) == "check_archive"]
        for call in calls:
            if _opens_an_archive(call, imported) and not any(g < call.lineno for g in guards):
                found.append(f"{where}:{call.lineno} {_name(call)}()")
    return sorted(found, key=lambda r: int(r.split(":")[1].split()[0]))


def test_every_office_file_reader_in_src_passes_the_guard_first() -> None:
    found = [
        reader
        for path in sorted(SRC.rglob("*.py"))
        if path != GUARD
        for reader in unguarded_readers(path.read_text("utf-8"), str(path.relative_to(SRC)))
    ]
    assert found == []


def test_the_scan_finds_a_reader_without_the_guard() -> None:
    unguarded = """
import io, zipfile, docx
from openpyxl import load_workbook

def names(data):
    return zipfile.ZipFile(io.BytesIO(data)).namelist()

def book(data):
    return load_workbook(io.BytesIO(data))

def word(data):
    check_archive(data, DOCUMENT_LIMITS)
    return docx.Document(io.BytesIO(data)), docx.Document()

def late(data):
    book = load_workbook(io.BytesIO(data))
    check_archive(data, DOCUMENT_LIMITS)

def written():
    with zipfile.ZipFile(io.BytesIO(), "w") as archive:
        return archive
"""
    assert unguarded_readers(unguarded, "x.py") == [
        "x.py:6 ZipFile()",
        "x.py:9 load_workbook()",
        "x.py:16 load_workbook()",
    ]
