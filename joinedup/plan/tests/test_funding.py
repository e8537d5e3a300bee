"""Funding: allocations never pass the fund's total, deferrals, spend against allocation, outputs, the
committee table and its CSV, and who may see and decide what."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.plan import funding_selectors
from joinedup.plan.models import Project, ProjectStatus, Spend
from joinedup.plan.services import funding

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def _bid(fund, by, lead, title="Street Pastors", amount="40000", purpose="Night-time economy patrols"):
    return funding.project_submit(
        by=by, fund=fund, title=title, purpose=purpose, lead_partner=lead, amount_requested=Decimal(amount)
    )


def test_allocations_above_what_is_left_in_the_fund_are_refused_with_the_reason(
    fund, coordinator, officer_a, south_council
):
    first = _bid(fund, officer_a, south_council, "Partnership Analyst", "60000")
    second = _bid(fund, officer_a, south_council, "DAWN", "50000")
    funding.project_allocate(by=coordinator, project=first, amount=Decimal("60000"))
    with pytest.raises(ApplicationError) as refused:
        funding.project_allocate(by=coordinator, project=second, amount=Decimal("40000.01"))
    assert refused.value.message == (
        "£40,000.01 is more than the £40,000.00 left in PCC Community Safety Grant 2025/26 "
        "(£100,000.00 in total, £60,000.00 already allocated to other projects)"
    )
    second.refresh_from_db()
    assert (second.status, second.amount_allocated) == (ProjectStatus.SUBMITTED, Decimal("0"))
    funding.project_allocate(by=coordinator, project=second, amount=Decimal("40000"))
    assert funding.allocated_total(fund) == fund.total


def test_changing_an_allocation_counts_only_the_other_projects(fund, coordinator, officer_a, south_council):
    project = _bid(fund, officer_a, south_council, amount="100000")
    funding.project_allocate(by=coordinator, project=project, amount=Decimal("90000"))
    funding.project_allocate(by=coordinator, project=project, amount=Decimal("100000"))
    assert project.amount_allocated == Decimal("100000")


def test_only_coordinators_allocate(fund, officer_a, south_council):
    project = _bid(fund, officer_a, south_council)
    with pytest.raises(NotPermitted):
        funding.project_allocate(by=officer_a, project=project, amount=Decimal("100"))


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "The amount requested cannot be negative"),
        ("0", "must be more than £0"),
        ("1.001", "pounds and pence"),
    ],
)
def test_bad_amounts_are_refused(fund, officer_a, south_council, amount, message):
    with pytest.raises(ApplicationError, match=message):
        _bid(fund, officer_a, south_council, amount=amount)


def test_a_bid_deferred_to_a_later_round_moves_there_with_its_reason(
    fund, coordinator, officer_a, south_council, south
):
    later = funding.fund_create(
        by=coordinator,
        partnership=south,
        name="PCC grant 2026/27",
        funder="PCC",
        financial_year=2026,
        total=Decimal("1"),
    )
    project = _bid(fund, officer_a, south_council)
    funding.project_defer(by=coordinator, project=project, reason="Awaiting evaluation", to_fund=later)
    assert (project.fund, project.deferred_from, project.status) == (later, fund, ProjectStatus.SUBMITTED)
    assert project.comments.get().text.startswith(
        "Deferred from PCC Community Safety Grant 2025/26 to PCC grant 2026/27"
    )
    with pytest.raises(ApplicationError, match="Say why the bid is deferred"):
        funding.project_defer(by=coordinator, project=project, reason=" ")


def test_spend_past_the_allocation_is_refused(fund, coordinator, officer_a, south_council):
    project = _bid(fund, officer_a, south_council)
    funding.project_allocate(by=coordinator, project=project, amount=Decimal("1000"))
    funding.spend_record(
        by=officer_a,
        project=project,
        spent_on=dt.date(2025, 6, 1),
        amount=Decimal("900"),
        description="Radios",
    )
    with pytest.raises(
        ApplicationError,
        match=re.escape("This would take spend to £1,000.01, more than the £1,000.00 allocated"),
    ):
        funding.spend_record(
            by=officer_a,
            project=project,
            spent_on=dt.date(2025, 7, 1),
            amount=Decimal("100.01"),
            description="Jackets",
        )
    assert Spend.objects.count() == 1


def test_outputs_need_a_period_that_ends_after_it_starts(fund, coordinator, officer_a, south_council):
    project = _bid(fund, officer_a, south_council)
    funding.project_allocate(by=coordinator, project=project, amount=Decimal("1000"))
    with pytest.raises(ApplicationError, match="The period must end on or after the day it starts"):
        funding.output_report(
            by=officer_a,
            project=project,
            measure="individuals supported",
            value=Decimal("94"),
            period_start=dt.date(2025, 4, 1),
            period_end=dt.date(2025, 3, 31),
        )
    funding.output_report(
        by=officer_a,
        project=project,
        measure="individuals supported",
        value=Decimal("94"),
        period_start=dt.date(2025, 4, 1),
        period_end=dt.date(2025, 9, 30),
    )
    found = funding_selectors.outputs_for_period(
        user=coordinator, partnership=fund.partnership, start=dt.date(2025, 4, 1), end=dt.date(2026, 3, 31)
    )
    assert [(p.title, [str(o) for o in rows]) for p, rows in found.by_project] == [
        ("Street Pastors", ["94 individuals supported"])
    ]


def test_the_committee_table_and_its_csv_show_project_purpose_amount_and_total(
    fund, coordinator, officer_a, south_council, client_for
):
    a = _bid(fund, officer_a, south_council, "Partnership Analyst", "30000", purpose='=HYPERLINK("x")')
    b = _bid(fund, officer_a, south_council, "DAWN", "20000", purpose="Domestic abuse support")
    _bid(fund, officer_a, south_council, "Not funded", "5000")
    funding.project_allocate(by=coordinator, project=a, amount=Decimal("30000"))
    funding.project_allocate(by=coordinator, project=b, amount=Decimal("17500.50"))
    table = funding_selectors.funding_table(user=officer_a, fund=fund)
    assert [(r.title, r.amount) for r in table.rows] == [
        ("Partnership Analyst", Decimal("30000")),
        ("DAWN", Decimal("17500.50")),
    ]
    assert table.total_allocated == Decimal("47500.50") and table.remaining == Decimal("52499.50")
    page = client_for(officer_a).get(reverse("plan:fund", args=[fund.id])).content.decode()
    assert "£47,500.50" in page and "Domestic abuse support" in page
    response = client_for(officer_a).get(reverse("plan:fund-csv", args=[fund.id]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["Project", "Purpose", "Lead partner", "Top-sliced or local", "Amount (£)"]
    assert rows[1][1] == '\'=HYPERLINK("x")'  # never run as a formula
    assert rows[-1][:5] == ["Total", "", "", "", "47500.50"]


def test_an_allocation_too_large_is_shown_in_the_error_summary(
    fund, coordinator, officer_a, south_council, client_for
):
    project = _bid(fund, officer_a, south_council)
    page = client_for(coordinator).post(
        reverse("plan:project-act", args=[project.id, "allocate"]), {"allocate-amount": "100000.01"}
    )
    text = page.content.decode()
    assert "There is a problem" in text and "is more than the £100,000.00 left" in text
    assert Project.objects.get().status == ProjectStatus.SUBMITTED


def test_a_negative_fund_total_is_refused_on_the_page(client_for, coordinator, south):
    page = client_for(coordinator).post(
        reverse("plan:fund-new"),
        {"partnership": south.id, "name": "Grant", "funder": "PCC", "financial_year": "2025", "total": "-1"},
    )
    assert "The fund&#x27;s total cannot be negative" in page.content.decode()


def test_another_partnership_and_the_public_see_no_funding(
    fund, officer_a, officer_b, south_council, client_for, anonymous
):
    project = _bid(fund, officer_a, south_council)
    for url in (
        reverse("plan:fund", args=[fund.id]),
        reverse("plan:project", args=[project.id]),
        reverse("plan:fund-csv", args=[fund.id]),
    ):
        assert client_for(officer_b).get(url).status_code == 404
        assert anonymous.get(url).status_code == 302
    assert (
        client_for(officer_a)
        .post(reverse("plan:project-act", args=[project.id, "decline"]), {"decline-reason": "x"})
        .status_code
        == 403
    )
