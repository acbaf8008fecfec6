"""The record of processing (one entry per kind of processing, shipped as data in
data/processing.json) and the data inventory read from the models themselves: what is held,
why, who reads it, how long it is kept (Law 91/2025/QH15; Decree 356/2025/NĐ-CP).

The rules the law texts give (days to answer a request, hours to notify a breach, who may
reveal names) live in the same file, so an administrator corrects them without a release
where a text was not at hand (README, "Bảo vệ dữ liệu cá nhân")."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

DATA = Path(__file__).with_name("data") / "processing.json"


@dataclass(frozen=True)
class ProcessingKind:
    key: str
    title: str
    models: tuple[str, ...]
    basis: str
    purpose: str
    categories: tuple[str, ...]
    subjects: str
    readers: str
    retention_years: int | None
    retention_from: str
    retention_basis: str

    @property
    def retention_label(self) -> str:
        if self.retention_years is None:
            return self.retention_basis or "Không thời hạn"
        field = {
            "received_on": "ngày tiếp nhận",
            "opened_on": "ngày khởi tố",
            "accepted_on": "ngày thụ lý",
            "provided_on": "ngày hỗ trợ",
            "ended_on": "ngày kết thúc quản lý",
        }.get(self.retention_from, self.retention_from)
        return f"{self.retention_years} năm kể từ {field}; sau đó ẩn danh"


@dataclass(frozen=True)
class RequestRule:
    kind: str
    label: str
    days: int
    extension_days: int


@dataclass(frozen=True)
class Rules:
    source: str
    kinds: tuple[ProcessingKind, ...]
    acknowledge_working_days: int
    acknowledge_source: str
    requests: dict[str, RequestRule]
    rights_source: str
    breach_hours: int
    breach_authority: str
    breach_source: str
    reveal_roles: frozenset[str]
    masking_source: str

    def kind(self, key: str) -> ProcessingKind:
        for kind in self.kinds:
            if kind.key == key:
                return kind
        raise KeyError(key)


def _path() -> Path:
    return Path(getattr(settings, "DONDOC_PRIVACY_RULES", "") or DATA)


@cache
def _load(path: str) -> Rules:
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    kinds = tuple(
        ProcessingKind(
            key=k["key"],
            title=k["title"],
            models=tuple(k["models"]),
            basis=k["basis"],
            purpose=k["purpose"],
            categories=tuple(k["categories"]),
            subjects=k["subjects"],
            readers=k["readers"],
            retention_years=k["retention_years"],
            retention_from=k["retention_from"],
            retention_basis=k["retention_basis"],
        )
        for k in data["kinds"]
    )
    requests = data["requests"]
    return Rules(
        source=data["source"],
        kinds=kinds,
        acknowledge_working_days=requests["acknowledge_working_days"],
        acknowledge_source=requests["acknowledge_source"],
        requests={
            key: RequestRule(key, value["label"], value["days"], value["extension_days"])
            for key, value in requests["kinds"].items()
        },
        rights_source=requests["rights_source"],
        breach_hours=data["breach"]["hours"],
        breach_authority=data["breach"]["authority"],
        breach_source=data["breach"]["source"],
        reveal_roles=frozenset(data["masking"]["reveal_roles"]),
        masking_source=data["masking"]["source"],
    )


def rules() -> Rules:
    """The rules in force (settings.DONDOC_PRIVACY_RULES names another file, if set)."""
    return _load(str(_path()))


def processing_kind(key: str) -> ProcessingKind:
    return rules().kind(key)


# --- What the models hold ----------------------------------------------------------------


@dataclass(frozen=True)
class HeldField:
    model: str  # "registry.Person"
    model_label: str  # "cá nhân"
    field: str
    label: str
    category: str  # "cơ bản" / "nhạy cảm"
    encrypted: bool


# Fields that are personal although not encrypted (Decree 356/2025/NĐ-CP, Art. 3 basic, Art. 4
# sensitive: ethnic origin, religious views). Encrypted fields are personal by construction.
PLAIN_PERSONAL = {
    ("registry", "person", "sex"): "cơ bản",
    ("registry", "person", "birth_year"): "cơ bản",
    ("registry", "person", "nationality"): "cơ bản",
    ("registry", "person", "residence_unit"): "cơ bản",
    ("registry", "person", "ethnicity"): "nhạy cảm",
    ("registry", "person", "religion"): "nhạy cảm",
    ("org", "user", "first_name"): "cơ bản",
    ("org", "user", "last_name"): "cơ bản",
    ("org", "user", "email"): "cơ bản",
}
SENSITIVE_ENCRYPTED = {("registry", "person", "birth_date")}


def held_fields() -> list[HeldField]:
    """Every personal field of every model: the encrypted ones and those listed above."""
    from django.apps import apps

    from dondoc.core.crypto import EncryptedTextField

    held: list[HeldField] = []
    for model in apps.get_models():
        meta = model._meta
        for field in meta.get_fields():
            if not getattr(field, "concrete", False) or field.auto_created:
                continue
            key = (meta.app_label, str(meta.model_name), field.name)
            encrypted = isinstance(field, EncryptedTextField)
            if not encrypted and key not in PLAIN_PERSONAL:
                continue
            category = PLAIN_PERSONAL.get(key, "cơ bản")
            if key in SENSITIVE_ENCRYPTED:
                category = "nhạy cảm"
            held.append(
                HeldField(
                    model=f"{meta.app_label}.{meta.object_name}",
                    model_label=str(meta.verbose_name),
                    field=field.name,
                    label=str(getattr(field, "verbose_name", field.name)),
                    category=category,
                    encrypted=encrypted,
                )
            )
    return held
