import json
import logging

import pytest

from joinedup.core.errors import ApplicationError
from joinedup.notify.services import notify_email

RECEIVED = {
    "reference": "WOR-1234",
    "category": "Fly-tipping",
    "tracking_url": "https://joinedup.example.gov.uk/track/WOR-1234/",
}


def test_it_renders_the_template_with_the_personalisation(notify_outbox):
    notification_id = notify_email(
        to="resident@example.org", template="report_received", personalisation=RECEIVED, reference="WOR-1234"
    )

    [email] = notify_outbox
    assert email.id == notification_id
    assert email.to == "resident@example.org"
    assert email.template == "report_received"
    assert email.reference == "WOR-1234"
    assert email.subject == "We have received your report WOR-1234"
    assert "We have received your report about Fly-tipping." in email.body
    assert "https://joinedup.example.gov.uk/track/WOR-1234/" in email.body
    assert "((" not in email.subject + email.body


def test_it_drops_the_empty_paragraph_of_a_blank_optional_note(notify_outbox):
    notify_email(
        to="resident@example.org",
        template="report_closed",
        personalisation={
            **RECEIVED,
            "reason": "Duplicate of WOR-1200",
            "public_note": "",
            "reopen_until": "1 January 2027",
            "reopen_url": "https://example.org/track/WOR-1/reopen/x/",
        },
    )

    assert "Reason: Duplicate of WOR-1200\n\nIf you think it should not" in notify_outbox[0].body


def test_it_refuses_a_template_it_does_not_have(notify_outbox):
    with pytest.raises(ApplicationError, match=r"template called 'report_recieved'.*report_received"):
        notify_email(to="resident@example.org", template="report_recieved", personalisation=RECEIVED)

    assert notify_outbox == []


def test_it_names_the_personalisation_that_is_missing(notify_outbox):
    with pytest.raises(
        ApplicationError, match="needs personalisation for: partner, public_note, reopen_until, reopen_url"
    ):
        notify_email(to="resident@example.org", template="report_resolved", personalisation=RECEIVED)

    assert notify_outbox == []


def test_it_refuses_an_address_that_is_not_an_email_address(notify_outbox):
    with pytest.raises(ApplicationError, match="correct format") as raised:
        notify_email(to="not-an-address", template="report_received", personalisation=RECEIVED)

    assert raised.value.field == "to"
    assert notify_outbox == []


def test_the_file_backend_writes_one_json_file_per_email_and_logs_it(settings, tmp_path, caplog):
    settings.NOTIFY_BACKEND = "joinedup.notify.backends.FileBackend"
    settings.NOTIFY_OUTBOX_DIR = tmp_path / "outbox"

    with caplog.at_level(logging.INFO, logger="joinedup.notify.backends"):
        notification_id = notify_email(
            to="resident@example.org",
            template="report_received",
            personalisation=RECEIVED,
            reference="WOR-1234",
        )

    [path] = (tmp_path / "outbox").iterdir()
    written = json.loads(path.read_text())
    assert written["id"] == notification_id
    assert written["to"] == "resident@example.org"
    assert written["template"] == "report_received"
    assert written["subject"] == "We have received your report WOR-1234"
    assert "about Fly-tipping" in written["body"]
    assert written["personalisation"] == RECEIVED
    assert written["reference"] == "WOR-1234"
    assert written["sent_at"].endswith("+00:00")
    [line] = caplog.messages
    assert "report_received" in line
    assert str(path) in line
