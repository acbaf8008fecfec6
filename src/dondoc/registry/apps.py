"""Django app configuration of `registry`."""

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "dondoc.registry"
    label = "registry"
    verbose_name = "Cơ sở dữ liệu nghiệp vụ"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # Personal fields are never written to the audit log (its masking keeps half the text):
        # the log keeps which record changed, not those values.
        for model, personal in (
            (
                models.Person,
                ["full_name", "identity_number", "identity_hash", "address", "phone", "birth_date"],
            ),
            (models.CrimeReport, ["summary"]),
            (models.Complaint, ["content", "place", "respondent"]),
            (models.CriminalCase, ["place", "facts"]),
            (models.CompensationClaim, ["damaging_act"]),
            (models.Referral, ["reason", "consent_name", "feedback"]),
            (models.RecordCorrection, ["before"]),
        ):
            auditlog.register(model, exclude_fields=personal)
        auditlog.register(models.CrimeReportPerson)
        for plain in (
            models.ComplaintRound,
            models.CasePerson,
            models.ComplaintPerson,
            models.CaseStep,
            models.VictimSupport,
            models.Activity,
            models.LegalInstrument,
            models.FriendlyInterviewRoom,
        ):
            auditlog.register(plain)
