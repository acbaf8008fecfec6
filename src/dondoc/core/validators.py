"""Password validators whose messages Django's Vietnamese catalogue lacks."""

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule, with the message in Vietnamese (Django 5.2's vi catalogue misses it)."""

    def get_error_message(self) -> str:
        return f"Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất {self.min_length} ký tự."

    def get_help_text(self) -> str:
        return f"Mật khẩu phải có ít nhất {self.min_length} ký tự."
