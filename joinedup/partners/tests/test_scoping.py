"""A user of one partnership never sees another's people, groups or agreements."""

import datetime as dt

import pytest

from joinedup.core.errors import NotFound
from joinedup.partners import selectors, services
from joinedup.partners.models import GroupKind, SharingAgreement
from joinedup.partners.tests.factories import DataClassFactory

TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def world(south, north, south_council, north_council, police, officer_a, officer_b, analyst):
    board = services.group_create(by=None, partnership=None, name="County Board", kind=GroupKind.BOARD)
    south_csp = services.group_create(
        by=None, partnership=south, name="South CSP", kind=GroupKind.PARTNERSHIP, parent=board
    )
    south_tasking = services.group_create(
        by=None,
        partnership=south,
        name="South Tasking",
        kind=GroupKind.TASKING,
        parent=south_csp,
        members=[south_council, police],
    )
    north_csp = services.group_create(
        by=None, partnership=north, name="North CSP", kind=GroupKind.PARTNERSHIP, parent=board
    )
    data_class = DataClassFactory(code="asb-case", name="ASB case data")
    south_isa = services.agreement_save(
        by=None,
        partnership=south,
        reference="S-1",
        title="South sharing",
        purpose="ASB",
        lawful_basis="Public task",
        signatories=[south_council, police],
        data_classes=[data_class],
        starts_on=TODAY - dt.timedelta(days=10),
        review_due_on=TODAY + dt.timedelta(days=300),
    )
    north_isa = services.agreement_save(
        by=None,
        partnership=north,
        reference="N-1",
        title="North sharing",
        purpose="ASB",
        lawful_basis="Public task",
        signatories=[north_council, police],
        data_classes=[data_class],
        starts_on=TODAY - dt.timedelta(days=10),
        review_due_on=TODAY + dt.timedelta(days=300),
    )
    return {
        "board": board,
        "south_csp": south_csp,
        "south_tasking": south_tasking,
        "north_csp": north_csp,
        "south_isa": south_isa,
        "north_isa": north_isa,
    }


def _tree_names(nodes):
    names = []
    for node in nodes:
        names.append(node.group.name)
        names.extend(_tree_names(node.children))
    return names


def test_a_north_officer_sees_only_north_groups_under_the_shared_board(world, officer_b):
    assert _tree_names(selectors.governance_tree(user=officer_b)) == ["County Board", "North CSP"]


def test_a_south_officer_sees_the_south_tree_and_nothing_of_the_north(world, officer_a):
    names = _tree_names(selectors.governance_tree(user=officer_a))
    assert names == ["County Board", "South CSP", "South Tasking"]
    with pytest.raises(NotFound):
        selectors.group_get(user=officer_a, group_id=world["north_csp"].id)


def test_the_shared_board_lists_only_the_viewers_own_groups_beneath_it(world, officer_b):
    children = selectors.group_children(user=officer_b, group=world["board"])
    assert [g.name for g in children] == ["North CSP"]


def test_a_partner_in_both_partnerships_sees_both_trees(world, analyst):
    assert set(_tree_names(selectors.governance_tree(user=analyst))) == {
        "County Board",
        "South CSP",
        "South Tasking",
        "North CSP",
    }


def test_agreements_are_seen_only_within_the_partnership(world, officer_a, officer_b, analyst):
    assert [r.agreement.reference for r in selectors.agreement_list(user=officer_a, today=TODAY)] == ["S-1"]
    assert [r.agreement.reference for r in selectors.agreement_list(user=officer_b, today=TODAY)] == ["N-1"]
    assert {r.agreement.reference for r in selectors.agreement_list(user=analyst, today=TODAY)} == {
        "S-1",
        "N-1",
    }
    with pytest.raises(NotFound):
        selectors.agreement_get(user=officer_b, agreement_id=world["south_isa"].id)
    assert SharingAgreement.objects.visible_to(officer_b).count() == 1


def test_people_of_a_shared_partner_are_seen_only_where_they_work(
    world, police, south, officer_a, officer_b, analyst
):
    from joinedup.partners.tests.factories import UserFactory

    south_pcso = UserFactory(full_name="South PCSO", organisation=police, partnerships=[south])
    assert list(selectors.people_list(user=officer_a, organisation=police)) == [analyst, south_pcso]
    assert list(selectors.people_list(user=officer_b, organisation=police)) == [analyst]


def test_people_of_another_partnerships_council_are_invisible(world, south_council, officer_a, officer_b):
    assert officer_a in selectors.people_list(user=officer_a, organisation=south_council)
    assert list(selectors.people_list(user=officer_b, organisation=south_council)) == []


def test_the_public_sees_no_groups_agreements_or_partnerships(world):
    from django.contrib.auth.models import AnonymousUser

    public = AnonymousUser()
    assert selectors.governance_tree(user=public) == []
    assert selectors.agreement_list(user=public, today=TODAY) == []
    assert not selectors.partnership_list(user=public).exists()


def test_a_deactivated_account_sees_nothing(world, officer_a):
    officer_a.is_active = False
    officer_a.save()
    assert selectors.agreement_list(user=officer_a, today=TODAY) == []
