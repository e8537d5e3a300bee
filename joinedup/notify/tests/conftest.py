"""A stand-in for GOV.UK Notify's API on 127.0.0.1, so NotifyBackend is tested over real HTTP.

It checks what Notify checks: the bearer token is a JWT signed (HS256) with the API key's secret
and issued by its service ID a moment ago, the template exists, and every placeholder is filled.
"""

import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest

from joinedup.notify.templates import TEMPLATES
from joinedup.notify.testing import notify_outbox  # noqa: F401 - a fixture for these tests

TOKEN_LIFETIME = 30  # seconds either side of "now" that Notify accepts a token's iat


@dataclass
class FakeNotify:
    base_url: str = ""
    service_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    secret: str = field(default_factory=lambda: str(uuid.uuid4()))
    # Notify template ID -> our template name, as if each had been pasted into Notify.
    templates: dict[str, str] = field(default_factory=lambda: {str(uuid.uuid4()): name for name in TEMPLATES})
    received: list[dict] = field(default_factory=list)
    refusal: tuple[int, str, str] | None = None

    @property
    def api_key(self) -> str:
        return f"joinedup_test-{self.service_id}-{self.secret}"

    def template_id(self, name: str) -> str:
        return next(template_id for template_id, ours in self.templates.items() if ours == name)

    def refuse_next(self, status: int, error: str, message: str) -> None:
        """Answer the next email with this Notify error instead of sending it."""
        self.refusal = (status, error, message)

    def answer(self, path: str, authorization: str, body: dict) -> tuple[int, dict]:
        if path != "/v2/notifications/email":
            return _error(404, "ResourceNotFound", "No result found")
        if not authorization.startswith("Bearer "):
            return _error(401, "AuthError", "Unauthorized: authentication token must be provided")
        try:
            claims = jwt.decode(
                authorization.removeprefix("Bearer "),
                self.secret,
                algorithms=["HS256"],
                options={"require": ["iss", "iat"]},
            )
        except jwt.InvalidTokenError:
            return _error(403, "AuthError", "Invalid token: API key not found")
        if claims["iss"] != self.service_id:
            return _error(403, "AuthError", "Invalid token: service not found")
        if abs(time.time() - claims["iat"]) > TOKEN_LIFETIME:
            return _error(403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds")
        if self.refusal:
            (status, error, message), self.refusal = self.refusal, None
            return _error(status, error, message)
        name = self.templates.get(body.get("template_id", ""))
        if name is None:
            return _error(400, "BadRequestError", "Template not found")
        missing = sorted(TEMPLATES[name].placeholders - body.get("personalisation", {}).keys())
        if missing:
            return _error(400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}")

        self.received.append(body)
        subject, text = TEMPLATES[name].render(body.get("personalisation", {}))
        notification_id = str(uuid.uuid4())
        return 201, {
            "id": notification_id,
            "reference": body.get("reference"),
            "content": {
                "subject": subject,
                "body": text,
                "from_email": "joined.up@notifications.service.gov.uk",
            },
            "uri": f"{self.base_url}/v2/notifications/{notification_id}",
            "template": {
                "id": body["template_id"],
                "version": 1,
                "uri": f"{self.base_url}/services/{self.service_id}/templates/{body['template_id']}",
            },
            "scheduled_for": None,
        }


def _error(status: int, error: str, message: str) -> tuple[int, dict]:
    return status, {"status_code": status, "errors": [{"error": error, "message": message}]}


@pytest.fixture
def fake_notify(settings) -> Iterator[FakeNotify]:
    """Notify's email endpoint on a free local port, with settings pointing NotifyBackend at it."""
    fake = FakeNotify()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            status, answer = fake.answer(self.path, self.headers.get("Authorization", ""), body)
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format, *args) -> None:  # quiet: pytest shows failures
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NOTIFY_BACKEND = "joinedup.notify.backends.NotifyBackend"
    settings.NOTIFY_API_KEY = fake.api_key
    settings.NOTIFY_BASE_URL = fake.base_url
    settings.NOTIFY_TEMPLATES = {name: template_id for template_id, name in fake.templates.items()}
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
