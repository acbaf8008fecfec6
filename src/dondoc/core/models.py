"""Abstract base models (timestamps), and the form tokens that make a create happen once."""

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True)
    updated_at = models.DateTimeField("thời điểm sửa", auto_now=True)

    class Meta:
        abstract = True


class Submission(models.Model):
    """One sent form that created something (core.idempotency): its token is used once."""

    token = models.CharField(max_length=64, unique=True)
    action = models.CharField(max_length=60)  # "plan.save", "progress_report.save", …
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    result_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "biểu mẫu đã gửi"
        verbose_name_plural = "biểu mẫu đã gửi"

    def __str__(self) -> str:
        return f"{self.action} {self.created_at:%d/%m/%Y %H:%M}"
