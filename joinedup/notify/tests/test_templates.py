import pytest

from joinedup.notify.templates import TEMPLATES

# What the reporting feature fills in: the contract between it and the Notify templates.
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
    "tasking_update_request": {"group", "date", "number", "update_url"},
}


def test_each_template_uses_exactly_the_placeholders_reporting_provides():
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
