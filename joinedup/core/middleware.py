"""Maps the application's errors to GOV.UK-styled error pages, in one place."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import ApplicationError, NotFound, NotPermitted

_TEMPLATES = {NotPermitted: "errors/403.html", NotFound: "errors/404.html"}


class ApplicationErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ApplicationError):
            return None
        template = _TEMPLATES.get(type(exception), "errors/400.html")
        return render(request, template, {"message": exception.message}, status=exception.status)
