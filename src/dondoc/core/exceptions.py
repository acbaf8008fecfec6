"""Domain errors: each carries a Vietnamese message for the user, mapped to HTTP once."""


class DomainError(Exception):
    """A rule of the domain refused the request; `message` is shown to the user."""

    status_code = 400
    default_message = "Yêu cầu không hợp lệ."

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)


class NotFound(DomainError):
    """Not found, or not in the user's scope: both answer alike so an outsider learns nothing."""

    status_code = 404
    default_message = "Không tìm thấy hoặc bạn không có quyền truy cập."


class NotAllowed(DomainError):
    """The user may see the object but not perform this action on it."""

    status_code = 403
    default_message = "Bạn không có quyền thực hiện thao tác này."


class InvalidInput(DomainError):
    """Input that cannot be accepted, with a message naming the field and what was expected."""

    status_code = 400
