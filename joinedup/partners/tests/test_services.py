import datetime as dt

import pytest

from joinedup.audit.models import Action, AuditEvent
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners import services
from joinedup.partners.models import AgreementStatus, GroupKind, Role
from joinedup.partners.tests.factories import DataClassFactory, OrganisationFactory

TODAY = dt.date(2026, 11, 21)


def _agreement_args(partnership, signatories, **overrides):
    args = dict(
        partnership=partnership,
        reference="ISA-1",
        title="Sharing",
        purpose="ASB cases",
        lawful_basis="Public task",
        signatories=signatories,
        data_classes=[DataClassFactory(code="asb-case", name="ASB case data")],
        starts_on=TODAY,
        review_due_on=TODAY + dt.timedelta(days=365),
    )
    args.update(overrides)
    return args


def test_a_user_cannot_work_in_a_partnership_their_organisation_is_not_in(south_council, north):
    with pytest.raises(ApplicationError, match="South Council is not a member of North Partnership"):
        services.user_create(
            by=None, email="x@example.org", full_name="X", organisation=south_council, partnerships=[north]
        )


def test_a_new_user_works_in_all_their_organisations_partnerships_by_default(police, south, north):
    user = services.user_create(by=None, email="Y@Example.org", full_name="Y", organisation=police)
    assert user.email == "y@example.org"
    assert set(user.partnerships.all()) == {south, north}
    assert AuditEvent.objects.filter(action=Action.CREATED, object_id=str(user.pk)).exists()


def test_an_email_address_can_have_only_one_account(officer_a, south_council):
    with pytest.raises(ApplicationError, match="already an account"):
        services.user_create(
            by=None, email="OFFICER.A@example.org", full_name="Dup", organisation=south_council
        )


def test_a_group_cannot_report_to_another_partnerships_group(south, north):
    north_group = services.group_create(
        by=None, partnership=north, name="North CSP", kind=GroupKind.PARTNERSHIP
    )
    with pytest.raises(ApplicationError, match="belongs to another partnership"):
        services.group_create(
            by=None, partnership=south, name="South tasking", kind=GroupKind.TASKING, parent=north_group
        )


def test_a_group_member_must_belong_to_the_partnership(south, north_council):
    with pytest.raises(ApplicationError, match="Not members of South Partnership: North Council"):
        services.group_create(
            by=None, partnership=south, name="G", kind=GroupKind.TASKING, members=[north_council]
        )


def test_an_agreement_needs_two_signatories_who_are_members(coordinator, south, south_council, north_council):
    with pytest.raises(ApplicationError, match="at least two partners"):
        services.agreement_save(by=coordinator, **_agreement_args(south, [south_council]))
    with pytest.raises(ApplicationError, match="North Council is not"):
        services.agreement_save(by=coordinator, **_agreement_args(south, [south_council, north_council]))


def test_an_agreement_review_must_follow_its_start(coordinator, south, south_council, police):
    with pytest.raises(ApplicationError, match="review date must be after the start"):
        services.agreement_save(
            by=coordinator,
            **_agreement_args(south, [south_council, police], review_due_on=TODAY - dt.timedelta(days=1)),
        )


def test_an_officer_cannot_record_an_agreement(officer_a, south, south_council, police):
    with pytest.raises(NotPermitted):
        services.agreement_save(by=officer_a, **_agreement_args(south, [south_council, police]))


def test_a_coordinator_cannot_record_an_agreement_for_another_partnership(coordinator, north, police):
    other = OrganisationFactory(name="North Housing", partnerships=[north])
    with pytest.raises(NotPermitted, match="You do not work in North Partnership"):
        services.agreement_save(by=coordinator, **_agreement_args(north, [other, police]))


def test_recording_and_changing_an_agreement_is_audited_with_what_changed(
    coordinator, south, south_council, police
):
    agreement = services.agreement_save(by=coordinator, **_agreement_args(south, [south_council, police]))
    services.agreement_save(
        by=coordinator,
        agreement=agreement,
        **_agreement_args(south, [south_council, police], title="Sharing ASB data"),
    )
    events = AuditEvent.objects.filter(object_id=str(agreement.pk)).order_by("id")
    assert [e.action for e in events] == [Action.CREATED, Action.CHANGED]
    assert events[1].changes == {"title": ["Sharing", "Sharing ASB data"]}
    assert events[1].actor == coordinator
    assert events[1].partnership == south


def test_an_agreement_reference_is_unique_within_a_partnership(coordinator, south, south_council, police):
    services.agreement_save(by=coordinator, **_agreement_args(south, [south_council, police]))
    with pytest.raises(ApplicationError, match="already has an agreement ISA-1"):
        services.agreement_save(
            by=coordinator, **_agreement_args(south, [south_council, police], reference="isa-1")
        )


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (TODAY - dt.timedelta(days=1), AgreementStatus.NOT_STARTED),
        (TODAY, AgreementStatus.CURRENT),
        (TODAY + dt.timedelta(days=366), AgreementStatus.REVIEW_OVERDUE),
        (TODAY + dt.timedelta(days=800), AgreementStatus.ENDED),
    ],
)
def test_an_agreement_is_flagged_when_its_review_is_overdue_or_it_has_ended(
    coordinator, south, south_council, police, day, status
):
    agreement = services.agreement_save(
        by=coordinator,
        **_agreement_args(south, [south_council, police], ends_on=TODAY + dt.timedelta(days=700)),
    )
    assert agreement.status_on(day) == status


def test_roles_have_the_names_partners_use():
    assert Role.COORDINATOR.label == "Community safety coordinator"
