"""The partnership's procedure: threshold rules as data, never needing more than the law's 3 (§1.2)."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from joinedup.casereviews.models import ThresholdRule
from joinedup.casereviews.services import procedures
from joinedup.core.errors import ApplicationError, NotPermitted


def test_a_rule_needing_more_than_three_complaints_is_refused(procedure, coordinator):
    with pytest.raises(ApplicationError, match="cannot need more than 3") as refused:
        procedures.rule_add(by=coordinator, procedure=procedure, kind="reporters", count=5, months=6)
    assert refused.value.field == "count"


def test_the_database_refuses_it_too(procedure):
    with pytest.raises(IntegrityError), transaction.atomic():
        ThresholdRule.objects.create(procedure=procedure, kind="reports", count=4, months=6)


def test_the_coordinator_adds_a_hate_rule_on_the_page_and_bad_input_is_explained(
    procedure, coordinator, client_for
):
    client = client_for(coordinator)
    url = reverse("case-review-procedure")
    page = client.post(
        url, {"action": "rule-add", "rule-kind": "reporters", "rule-count": "5", "rule-months": "6"}
    )
    html = page.content.decode()
    assert "There is a problem" in html and "cannot need more than 3" in html
    client.post(url, {"action": "rule-add", "rule-kind": "hate", "rule-count": "1", "rule-months": "3"})
    assert [r.describe() for r in procedure.rules.all()][-1] == "1 hate incident in 3 months"


def test_the_coordinator_changes_the_timescales(procedure, coordinator, client_for):
    form = {
        "action": "settings",
        "settings-name": "South procedure",
        "settings-complaint_window": "30",
        "settings-complaint_window_unit": "days",
        "settings-acknowledge_days": "3",
        "settings-decision_days": "15",
        "settings-meeting_days": "20",
        "settings-outcome_days": "5",
        "settings-requires_written_consent": "no",
        "settings-escalation_route": "The PCC's office",
        "settings-nearby_metres": "200",
        "settings-year_start_month": "1",
    }
    client_for(coordinator).post(reverse("case-review-procedure"), form)
    procedure.refresh_from_db()
    assert (procedure.acknowledge_days, procedure.complaint_window_unit, procedure.year_start_month) == (
        3,
        "days",
        1,
    )


def test_an_officer_reads_the_procedure_but_cannot_change_it(procedure, officer_a, client_for):
    client = client_for(officer_a)
    assert (
        "3 or more reports about the same problem in 6 months"
        in client.get(reverse("case-review-procedure")).content.decode()
    )
    assert (
        client.post(reverse("case-review-procedure"), {"action": "rule-remove", "rule": "1"}).status_code
        == 403
    )
    with pytest.raises(NotPermitted):
        procedures.rule_add(by=officer_a, procedure=procedure, kind="hate", count=1)
