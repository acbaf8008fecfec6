"""What some pages, downloads and exports show, as text: run in a subprocess against one
database (tests/core/test_backup.py compares the original with its restored copy).

    python -m tests.core.snapshot USERNAME URL [URL …]   → JSON {url: [status, text]}
"""

from __future__ import annotations

import io
import json
import re
import sys

import django

_VOLATILE = re.compile(
    r'(name="csrfmiddlewaretoken" value="|nonce="|name="form_token" value=")[^"]*"'
)


def _text(content: bytes) -> str:
    """A page as text without its per-request tokens; a workbook or Word file as its cells and
    paragraphs (their archives carry the time they were written)."""
    if content.startswith(b"PK"):
        try:
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(content), read_only=True)
            return json.dumps(
                [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book],
                default=str,
                ensure_ascii=False,
            )
        except Exception:
            import docx

            document = docx.Document(io.BytesIO(content))
            cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
            return "\n".join([p.text for p in document.paragraphs] + cells)
    return _VOLATILE.sub(r'\1"', content.decode("utf-8-sig"))


def main() -> None:
    django.setup()
    from django.test import Client

    from dondoc.org.models import User

    username, *urls = sys.argv[1:]
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username=username))
    out = {}
    for url in urls:
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        out[url] = [response.status_code, _text(content)]
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
