"""The emails Joined Up sends, as GOV.UK Notify templates.

Each template here must also exist in the partnership's Notify account, pasted from this file;
`NOTIFY_TEMPLATE_IDS` maps our names to Notify's template IDs. The local backends render these
texts, so development and tests show what Notify would send. Placeholders are Notify's
`((name))`; wording follows the GOV.UK style guide (plain English, no exclamation marks).
"""

import re
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\(\(([a-z_]+)\)\)")
# Notify's formatting drops empty paragraphs, e.g. when an optional note is blank.
BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class EmailTemplate:
    subject: str
    body: str

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(PLACEHOLDER.findall(self.subject + "\n" + self.body))

    def render(self, personalisation: dict[str, str]) -> tuple[str, str]:
        """The subject and body with every placeholder filled in."""

        def fill(text: str) -> str:
            return PLACEHOLDER.sub(lambda match: str(personalisation[match.group(1)]), text)

        return fill(self.subject), BLANK_LINES.sub("\n\n", fill(self.body)).strip()


TEMPLATES: dict[str, EmailTemplate] = {
    "report_received": EmailTemplate(
        subject="We have received your report ((reference))",
        body="""\
We have received your report about ((category)).

Your reference is ((reference)).

We will pass it to the partner organisation best placed to deal with it, and email you when there is news.

You can check progress at any time:
((tracking_url))
""",
    ),
    "report_acknowledged": EmailTemplate(
        subject="Your report ((reference)) is being looked at",
        body="""\
((partner)) has received your report about ((category)) and is looking into it.

Your reference is ((reference)).

You can check progress at any time:
((tracking_url))
""",
    ),
    "report_allocated": EmailTemplate(
        subject="Your report ((reference)) has been passed to ((partner))",
        body="""\
Your report about ((category)) has been passed to ((partner)), who are best placed to deal with it.

Your reference is ((reference)).

You can check progress at any time:
((tracking_url))
""",
    ),
    "report_resolved": EmailTemplate(
        subject="Your report ((reference)) has been dealt with",
        body="""\
((partner)) has dealt with your report about ((category)).

((public_note))

If the problem has not gone away, you can reopen your report until ((reopen_until)):
((reopen_url))

You can see your report at:
((tracking_url))

Your reference is ((reference)).
""",
    ),
    "report_closed": EmailTemplate(
        subject="Your report ((reference)) has been closed",
        body="""\
We have closed your report about ((category)).

Reason: ((reason))

((public_note))

If you think it should not have been closed, you can reopen it until ((reopen_until)):
((reopen_url))

You can see your report at:
((tracking_url))

Your reference is ((reference)).
""",
    ),
    "report_reopened": EmailTemplate(
        subject="Your report ((reference)) has been reopened",
        body="""\
Your report about ((category)) has been reopened.

Reason: ((reason))

We will email you when there is news. You can check progress at any time:
((tracking_url))

Your reference is ((reference)).
""",
    ),
    "report_escalation": EmailTemplate(
        subject="Report ((reference)) needs action",
        body="""\
Report ((reference)) about ((category)) is close to or past its service target and needs action.

Allocated to: ((partner))
Status: ((state))
Due: ((due))

Open the report:
((report_url))
""",
    ),
    "case_actions_overdue": EmailTemplate(
        subject="Case actions overdue: ((count))",
        body="""\
((count)) of the case actions you hold passed their due date.

Cases: ((references))

See your actions, overdue first:
((queue_url))
""",
    ),
    "case_share_ended": EmailTemplate(
        subject="Case ((reference)) is no longer shared with ((partner))",
        body="""\
Case ((reference)) was shared with ((partner)). No current information sharing agreement covers that
sharing any more, so it has ended and their staff can no longer open the case.

((reason))

To share the case again, first record a current agreement, then share it from the case's access page:
((case_url))
""",
    ),
    "tasking_update_request": EmailTemplate(
        subject="Your update for ((group)) on ((date))",
        body="""\
The agenda for the ((group)) meeting on ((date)) is published. Item ((number)) is yours: please write
your update before the meeting, so everyone can read it beforehand.

Sign in to write your update:
((update_url))
""",
    ),
}
