import pytest

from joinedup.notify.templates import TEMPLATES

# What each feature fills in: the contract between it and the Notify templates.
PLACEHOLDERS = {
    "report_received": {"reference", "category", "tracking_url"},
    "report_acknowledged": {"reference", "category", "partner", "tracking_url"},
    "report_allocated": {"reference", "category", "partner", "tracking_url"},
    "report_resolved": {
        "reference",
        "category",
        "partner",
        "public_note",
        "tracking_url",
        "reopen_until",
        "reopen_url",
    },
    "report_closed": {
        "reference",
        "category",
        "reason",
        "public_note",
        "tracking_url",
        "reopen_until",
        "reopen_url",
    },
    "report_reopened": {"reference", "category", "reason", "tracking_url"},
    "report_escalation": {"reference", "category", "partner", "state", "due", "report_url"},
    "case_actions_overdue": {"count", "references", "queue_url"},
    "case_share_ended": {"reference", "partner", "reason", "case_url"},
    # Referrals to partner services (cases): no personal data, a link to sign in and read it.
    "referral_received": {"service", "partner", "queue_url"},
    "referral_withdrawn": {"service", "partner", "queue_url"},
    **{
        name: {"case_reference", "service", "partner", "referral_url"}
        for name in ("referral_accepted", "referral_declined", "referral_closed")
    },
    "case_high_risk": {"reference", "partner", "review_due", "case_url"},
    # What the ASB Case Review fills in (joinedup.casereviews.notifications).
    "case_review_acknowledged": {"reference", "name", "received_on", "partnership", "decision_due"},
    "case_review_decision": {"reference", "name", "decision"},
    "case_review_outcome": {"reference", "letter"},
    "tasking_update_request": {"group", "date", "number", "update_url"},
    # The PSPO register's expiry alert (joinedup.plan.registers_notifications).
    "pspo_expiring": {"partnership", "reference", "title", "expires_on", "months", "register_url"},
}


def test_each_template_uses_exactly_the_placeholders_its_feature_provides():
    assert {name: set(template.placeholders) for name, template in TEMPLATES.items()} == PLACEHOLDERS


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_each_template_reads_plainly_and_renders_completely(name):
    template = TEMPLATES[name]
    subject, body = template.render(
        {placeholder: f"<{placeholder}>" for placeholder in template.placeholders}
    )

    assert "!" not in subject + body  # GOV.UK style: no exclamation marks
    assert "((" not in subject + body
    assert "\n\n\n" not in body
    assert len(subject) < 80
