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
    "referral_received": EmailTemplate(
        subject="A referral to ((service)) has arrived",
        body="""\
((partner)) has referred someone to your service ((service)).

Sign in to read the referral and accept or decline it:
((queue_url))
""",
    ),
    "referral_withdrawn": EmailTemplate(
        subject="A referral to ((service)) has been withdrawn",
        body="""\
((partner)) has withdrawn a referral to your service ((service)). You no longer need to act on it.

Sign in to see the referral and why it was withdrawn:
((queue_url))
""",
    ),
    "referral_accepted": EmailTemplate(
        subject="Your referral to ((service)) has been accepted",
        body="""\
((partner)) has accepted your referral to ((service)) from case ((case_reference)).

Sign in to see the referral and any note from ((partner)):
((referral_url))
""",
    ),
    "referral_declined": EmailTemplate(
        subject="Your referral to ((service)) has been declined",
        body="""\
((partner)) has declined your referral to ((service)) from case ((case_reference)).

Sign in to see their reason:
((referral_url))
""",
    ),
    "referral_closed": EmailTemplate(
        subject="Your referral to ((service)) has been closed",
        body="""\
((partner)) has closed your referral to ((service)) from case ((case_reference)) and recorded the outcome.

Sign in to see the outcome, which is also on the case's timeline:
((referral_url))
""",
    ),
    "case_high_risk": EmailTemplate(
        subject="Case ((reference)): someone is at high risk",
        body="""\
A person in case ((reference)) has been assessed as high risk.

Assessed by: ((partner))
Reassess by: ((review_due))

Open the case to see the assessment and agree what happens next:
((case_url))
""",
    ),
    # ASB Case Review: to the applicant (joinedup.casereviews.notifications).
    "case_review_acknowledged": EmailTemplate(
        subject="We have received your ASB Case Review application ((reference))",
        body="""\
Dear ((name)),

We have received your application for an ASB Case Review, made on ((received_on)).

Your reference is ((reference)).

Every organisation in ((partnership)) that must consider it has been sent it.

We will tell you by ((decision_due)) whether the threshold for a review has been met, and why.
""",
    ),
    "case_review_decision": EmailTemplate(
        subject="ASB Case Review ((reference)): our decision",
        body="""\
Dear ((name)),

((decision))

Your reference is ((reference)).
""",
    ),
    "case_review_outcome": EmailTemplate(
        subject="ASB Case Review ((reference)): the outcome",
        body="""\
((letter))
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
    "pspo_expiring": EmailTemplate(
        subject="Public spaces protection order ((reference)) expires on ((expires_on))",
        body="""\
The ((partnership)) order ((reference)), ((title)), expires on ((expires_on)), in ((months)).

If it is still needed, it can be extended before then by up to 3 years. The police, the police and crime
commissioner and community representatives must be consulted first, so start the consultation soon.

See the order in the register:
((register_url))
""",
    ),
}
