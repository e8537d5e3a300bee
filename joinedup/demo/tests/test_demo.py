"""Every check of the Worcester demo, as someone trying `make demo` finds it, under one load of it.

Loading the demo takes longer than all its checks together, so it is loaded once here, in a
transaction rolled back at the end, and each check runs inside a savepoint. Each app keeps its checks
in `tests/demo_checks*.py` (named so pytest does not collect them twice); they are gathered below.
"""

# ruff: noqa: F403 - each module's checks are star-imported below, to run under the one loaded demo.
from __future__ import annotations

import pytest
from django.db import transaction
from django.test import TestCase

from joinedup.casereviews.tests.demo_checks import *
from joinedup.cases.tests.demo_checks import *
from joinedup.cases.tests.demo_checks_referrals import *
from joinedup.cases.tests.demo_checks_repeats import *
from joinedup.demo.loader import load_demo
from joinedup.demo.partnerships import SOUTH
from joinedup.demo.tests.reporting_checks import *
from joinedup.intelligence.tests.demo_checks import *
from joinedup.notify import backends
from joinedup.partners.models import Partnership
from joinedup.plan.tests.demo_checks import *
from joinedup.plan.tests.demo_checks_registers import *
from joinedup.problems.tests.demo_checks import *
from joinedup.problems.tests.demo_checks_engagement import *
from joinedup.problems.tests.demo_checks_surveys import *
from joinedup.publications.tests.demo_checks import *
from joinedup.tasking.tests.demo_checks import *

from .reporting_checks import Demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    backends.clear()
    with django_db_blocker.unblock(), transaction.atomic():
        # Run what the load queues for after its commit (emails, inline in tests) as a real commit would.
        with TestCase.captureOnCommitCallbacks(execute=True) as queued:
            load_demo()
        yield Demo(queued=len(queued), emails=list(backends.outbox))
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _savepoint(demo):
    with TestCase.captureOnCommitCallbacks(execute=False):
        sid = transaction.savepoint()
        yield
        transaction.savepoint_rollback(sid)


@pytest.fixture
def south(demo):
    """The demo's South Worcestershire partnership (not the test persona of that name)."""
    return Partnership.objects.get(slug=SOUTH)
