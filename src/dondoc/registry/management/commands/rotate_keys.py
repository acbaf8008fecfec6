"""`dondoc rotate_keys`: re-encrypt personal fields with the first key of
DONDOC_ENCRYPTION_KEY and recompute the look-up hashes, after a new key was put first."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from dondoc.core.crypto import EncryptedTextField, is_current, lookup_hash, name_hash

BATCH = 2000


class Command(BaseCommand):
    help = (
        "Mã hóa lại dữ liệu cá nhân bằng khóa đầu tiên trong DONDOC_ENCRYPTION_KEY (sau khi "
        "thêm khóa mới vào đầu danh sách), rồi có thể bỏ khóa cũ. Ví dụ: dondoc rotate_keys"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="chỉ đếm, không ghi")

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            fields = [f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            changed = self._rotate(model, fields, dry_run=options["dry_run"])
            total += changed
            if changed:
                self.stdout.write(f"{model._meta.verbose_name_plural}: {changed} bản ghi")
        verb = "Cần mã hóa lại" if options["dry_run"] else "Đã mã hóa lại"
        self.stdout.write(f"{verb} {total} bản ghi.")

    def _rotate(self, model: Any, fields: list[str], *, dry_run: bool) -> int:
        """The stored (encrypted) values say which key wrote them: the records written with an
        older key are loaded and saved again (saving encrypts with the first key). Persons are
        all checked: a new oldest key changes their look-up hashes."""
        columns = [model._meta.get_field(name).column for name in fields]
        hashed = "identity_hash" in {f.name for f in model._meta.fields}
        rows = model._default_manager.values_list("pk", *columns).iterator(chunk_size=BATCH)
        stale = {row[0] for row in rows if not all(is_current(v or "") for v in row[1:])}
        ids = list(model._default_manager.values_list("pk", flat=True)) if hashed else sorted(stale)
        to_save = fields + (["identity_hash", "name_hash"] if hashed else [])
        changed = 0
        with transaction.atomic():
            for start in range(0, len(ids), BATCH):
                dirty = []
                for record in model._default_manager.filter(pk__in=ids[start : start + BATCH]):
                    digest = lookup_hash(record.identity_number) if hashed else ""
                    named = name_hash(record.full_name, record.birth_year) if hashed else ""
                    if record.pk in stale or (
                        hashed and (record.identity_hash, record.name_hash) != (digest, named)
                    ):
                        if hashed:
                            record.identity_hash, record.name_hash = digest, named
                        dirty.append(record)
                changed += len(dirty)
                if dirty and not dry_run:
                    model._default_manager.bulk_update(dirty, to_save)
        return changed
