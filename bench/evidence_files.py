"""Benchmark of evidence files at rest: encrypting and decrypting a file of the largest size
accepted (20 MB) and a typical scanned minute (1 MB), and the space the encryption adds.

Prints figures; asserts nothing. Run: .venv/bin/python bench/evidence_files.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
    import django

    django.setup()
    from bench.timing import timed
    from dondoc.core.crypto import decrypt_bytes, encrypt_bytes
    from dondoc.tracking.evidence import MAX_EVIDENCE_BYTES

    for label, size in (("1 MB", 1024 * 1024), ("20 MB", MAX_EVIDENCE_BYTES)):
        data = os.urandom(size)
        stored = encrypt_bytes(data)
        encrypt = timed(lambda data=data: encrypt_bytes(data), runs=5)
        decrypt = timed(lambda stored=stored: decrypt_bytes(stored), runs=5)
        print(
            f"{label:>6}: encrypt {encrypt * 1000:7.1f} ms, decrypt {decrypt * 1000:7.1f} ms, "
            f"stored {len(stored) / size:.3f}× the original"
        )


if __name__ == "__main__":
    main()
