"""The hand-over form: one choice per line (the proposed receiver, another agency of the
successor unit, or not handed over), and the keys of the lines the page showed."""

from __future__ import annotations

from typing import Any

from django import forms

from dondoc.handover.selectors import HandoverDraft
from dondoc.org.models import Agency

from .inputs import VietnameseForm

DROP = "khong-chuyen"


def field_name(key: str) -> str:
    """ "a:12" → "line-a-12": a form field name for a line's key."""
    return "line-" + key.replace(":", "-").replace(".", "-")


class HandoverForm(VietnameseForm):
    """Built from the draft as it is now; `choices()` gives the service its mapping."""

    lines = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20000)

    def __init__(
        self, *args: Any, draft: HandoverDraft, agencies: list[Agency], **kwargs: Any
    ) -> None:
        self.draft = draft
        super().__init__(*args, **kwargs)
        self.initial.setdefault("lines", " ".join(line.key for line in draft.lines))
        for line in draft.lines:
            proposed = [(str(c.agency.pk), c.agency.name) for c in line.candidates]
            shown = {c.agency.pk for c in line.candidates}
            others = [(str(a.pk), a.name) for a in agencies if a.pk not in shown]
            choices: list[Any] = [] if line.candidates else [("", "— Chọn cơ quan tiếp nhận —")]
            if proposed:
                choices.append(("Đề xuất", proposed))
            if others:
                choices.append(("Cơ quan khác của địa bàn", others))
            choices.append((DROP, "Không chuyển (bỏ dòng này)"))
            name = field_name(line.key)
            self.fields[name] = forms.ChoiceField(
                label=line.label, choices=choices, widget=forms.Select(attrs={"class": "receiver"})
            )
            self.fields[name].error_messages["required"] = (
                f"Dòng «{line.label}»: chọn cơ quan tiếp nhận hoặc “Không chuyển”."
            )
            self.fields[name].error_messages["invalid_choice"] = (
                f"Dòng «{line.label}»: cơ quan tiếp nhận không thuộc địa bàn; chọn lại."
            )
            self.initial.setdefault(name, str(line.proposal.agency.pk) if line.proposal else "")

    def bound_lines(self) -> list[tuple[Any, Any]]:
        """(line, its bound field) in the order of the draft, for the template."""
        return [(line, self[field_name(line.key)]) for line in self.draft.lines]

    def shown_keys(self) -> list[str]:
        return str(self.cleaned_data.get("lines") or "").split()

    def choices(self) -> dict[str, int | None]:
        """The page's keys → the chosen agency id, or None where the line is not handed over."""
        chosen: dict[str, int | None] = {}
        for key in self.shown_keys():
            value = self.cleaned_data.get(field_name(key))
            chosen[key] = None if value is None or value in ("", DROP) else int(value)
        return chosen
