"""Abstract base models: timestamps and optimistic versioning."""

from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True)
    updated_at = models.DateTimeField("thời điểm sửa", auto_now=True)

    class Meta:
        abstract = True
