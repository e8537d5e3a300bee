"""Each process holds a routing table per partnership; a saved change must reach it before the next
report, in this process at once and in the others once the change is committed."""

import pytest

from joinedup.core import freshness
from joinedup.reports import services
from joinedup.reports.models import RoutingRule
from joinedup.reports.routing import ROUTING_STAMP, routing_table

from .conftest import GUILDHALL

pytestmark = pytest.mark.django_db


def _submit(south, category):
    return services.report_submit(
        partnership=south,
        category=category,
        description="Bags dumped",
        longitude=GUILDHALL[0],
        latitude=GUILDHALL[1],
    )


def test_a_rule_added_after_the_table_was_built_routes_the_next_report(
    south, worcester, litter, litter_rule, police, target
):
    assert _submit(south, litter).lead_partner == litter_rule.lead_partner
    RoutingRule.objects.create(
        partnership=south,
        name="Litter in Cathedral to the police",
        category=litter,
        area=worcester.children.get(name="Cathedral"),
        lead_partner=police,
        service_target=target,
    )

    assert _submit(south, litter).lead_partner == police


def test_a_deactivated_category_is_gone_from_the_table_at_once(south, worcester, litter, litter_rule):
    assert "general-litter" in routing_table(south).categories
    litter.active = False
    litter.save()

    assert "general-litter" not in routing_table(south).categories


def test_nothing_changed_means_the_same_table_and_no_queries(
    south, worcester, litter, litter_rule, django_assert_num_queries
):
    table = routing_table(south)
    with django_assert_num_queries(0):
        assert routing_table(south) is table
        assert table.area_ids_at(*GUILDHALL)["ward"] is not None


def test_another_process_learns_of_a_change_once_it_is_committed(
    south, worcester, litter, litter_rule, django_capture_on_commit_callbacks
):
    freshness.forget()  # as another process would: only the shared stamps, none of this test's own
    before = routing_table(south)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        freshness.touch(ROUTING_STAMP)
    # Another process (its own memory, the shared cache) still sees the old stamp until the commit.
    freshness.forget()
    assert routing_table(south).stamp == before.stamp
    for callback in callbacks:
        callback()
    freshness.forget()
    assert routing_table(south).stamp != before.stamp
