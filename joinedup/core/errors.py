"""The one error vocabulary of Joined Up.

Services and selectors raise `ApplicationError` (or a subclass); the web layer maps it to the GOV.UK
error summary or an error page, and the API to JSON, each in one place.
"""


class ApplicationError(Exception):
    """Something the user asked for cannot be done; `message` is safe to show them."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}


class NotPermitted(ApplicationError):
    status = 403


class NotFound(ApplicationError):
    status = 404
