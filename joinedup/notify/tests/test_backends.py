"""NotifyBackend against a local stand-in for GOV.UK Notify's API (see conftest.py)."""

import socket
import traceback

import pytest

from joinedup.core.errors import ApplicationError
from joinedup.notify.backends import NotifyError
from joinedup.notify.services import notify_email, unless_refused

ACKNOWLEDGED = {
    "reference": "WOR-1234",
    "category": "Graffiti",
    "partner": "Worcester City Council",
    "tracking_url": "https://joinedup.example.gov.uk/track/WOR-1234/",
}


def test_it_sends_the_email_through_notify_with_our_templates_notify_id(fake_notify):
    notification_id = notify_email(
        to="resident@example.org",
        template="report_acknowledged",
        personalisation=ACKNOWLEDGED,
        reference="WOR-1234",
    )

    [sent] = fake_notify.received
    assert sent == {
        "email_address": "resident@example.org",
        "template_id": fake_notify.template_id("report_acknowledged"),
        "personalisation": ACKNOWLEDGED,
        "reference": "WOR-1234",
    }
    assert len(notification_id) == 36


def test_it_is_refused_when_the_key_is_signed_with_the_wrong_secret(fake_notify, settings):
    settings.NOTIFY_API_KEY = f"joinedup_test-{fake_notify.service_id}-00000000-0000-4000-8000-000000000000"

    with pytest.raises(NotifyError, match=r"403: AuthError: Invalid token"):
        notify_email(to="resident@example.org", template="report_acknowledged", personalisation=ACKNOWLEDGED)

    assert fake_notify.received == []


def test_notifys_refusal_is_an_application_error_that_names_the_problem_and_not_the_key(fake_notify):
    fake_notify.refuse_next(400, "BadRequestError", "Can't send to this recipient using a team-only API key")

    with pytest.raises(ApplicationError) as raised:
        notify_email(to="resident@example.org", template="report_acknowledged", personalisation=ACKNOWLEDGED)

    error = raised.value
    assert isinstance(error, NotifyError)
    assert error.message == (
        "GOV.UK Notify did not send the 'report_acknowledged' email "
        "(400: BadRequestError: Can't send to this recipient using a team-only API key)."
    )
    assert error.extra == {"notify_status": 400}
    everything_shown = "".join(traceback.format_exception(error))
    assert fake_notify.secret not in everything_shown
    assert fake_notify.api_key not in everything_shown


def test_a_template_without_a_notify_id_is_a_clear_error(fake_notify, settings):
    settings.NOTIFY_TEMPLATES = {}

    with pytest.raises(NotifyError, match=r"no GOV.UK Notify template ID for the 'report_acknowledged'"):
        notify_email(to="resident@example.org", template="report_acknowledged", personalisation=ACKNOWLEDGED)

    assert fake_notify.received == []


def test_notify_being_unreachable_is_a_notify_error(fake_notify, settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{closed.getsockname()[1]}"

    with pytest.raises(NotifyError, match=r"\(503: Request failed\)"):
        notify_email(to="resident@example.org", template="report_acknowledged", personalisation=ACKNOWLEDGED)


def _send_acknowledgement() -> bool:
    notify_email(to="resident@example.org", template="report_acknowledged", personalisation=ACKNOWLEDGED)
    return True


def test_a_task_gives_up_on_a_final_refusal_and_says_so(fake_notify, caplog):
    fake_notify.refuse_next(400, "BadRequestError", "Can't send to this recipient using a team-only API key")

    assert unless_refused(_send_acknowledgement, "report WOR-1234 follower") is False

    assert "Not emailing report WOR-1234 follower: GOV.UK Notify did not send" in caplog.text


def test_a_task_raises_a_passing_failure_so_the_queue_tries_again(fake_notify, settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{closed.getsockname()[1]}"

    with pytest.raises(NotifyError, match=r"\(503: Request failed\)"):
        unless_refused(_send_acknowledgement, "report WOR-1234 follower")
