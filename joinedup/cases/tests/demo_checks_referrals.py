"""The demo's referrals, as someone trying `make demo` finds them: one in each state, and Victim Support's
case worker sees those sent to it without seeing the cases."""

import pytest

from joinedup.cases import referral_selectors, selectors
from joinedup.cases.models import Referral, ReferralStatus
from joinedup.demo.cases import VICTIM_SUPPORT_EMAIL
from joinedup.partners.models import User

pytestmark = pytest.mark.django_db


def test_there_is_a_referral_in_each_state():
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    closed = Referral.objects.get(status=ReferralStatus.CLOSED)
    assert closed.outcome and closed.case.events.filter(kind="referral_closed").exists()


def test_victim_support_sees_its_referrals_but_none_of_the_cases():
    support = User.objects.get(email=VICTIM_SUPPORT_EMAIL)
    received = referral_selectors.referrals_received(user=support)
    assert {r.status for r in received} == {"sent", "declined", "closed"}
    assert not selectors.cases_open_to(support).filter(id__in=[r.case_id for r in received]).exists()
