"""New rows written in one round trip (core.rows): what the busiest write path relies on."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from joinedup.audit.models import Action, AuditEvent
from joinedup.core import rows
from joinedup.partners.models import Partnership


def _event(purpose: str, **fields) -> AuditEvent:
    return AuditEvent(actor_label="System", action=Action.CREATED, purpose=purpose, **fields)


@pytest.mark.django_db(transaction=True)
def test_an_id_is_only_given_inside_the_transaction_that_writes_the_row():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        rows.allocate_id(_event("outside"))


@pytest.mark.django_db
def test_rows_are_written_with_their_given_ids_and_every_field_as_the_orm_stores_it(south):
    with transaction.atomic():
        first, second = (
            _event("first", partnership=south, changes={"status": ["new", "open"]}),
            _event("second"),
        )
        rows.allocate_id(first)
        rows.allocate_id(second)
        assert second.pk > first.pk
        unnumbered = _event("third")
        rows.insert([first, second, unnumbered])
    saved = {e.purpose: e for e in AuditEvent.objects.filter(purpose__in=["first", "second", "third"])}
    assert saved["first"].pk == first.pk and saved["second"].pk == second.pk
    assert saved["first"].partnership == south
    assert saved["first"].changes == {"status": ["new", "open"]}  # JSON, read back as it was given
    assert saved["first"].at == first.at  # the field's default (now), stored to the microsecond
    assert saved["third"].pk > second.pk
    assert not first._state.adding and first._state.db == "default"


@pytest.mark.django_db
def test_an_id_is_never_given_twice_even_after_the_newest_row_is_deleted(south):
    newest = Partnership.objects.create(name="Short-lived", slug="short-lived")
    deleted_id = newest.pk
    newest.delete()
    with transaction.atomic():
        again = Partnership(name="Next", slug="next")
        assert rows.allocate_id(again) > deleted_id


@pytest.mark.django_db
def test_a_row_the_database_refuses_leaves_none_of_the_others_written(south):
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.insert([_event("before the clash"), Partnership(name="Another", slug=south.slug)])
    assert not AuditEvent.objects.filter(purpose="before the clash").exists()
    assert Partnership.objects.filter(slug=south.slug).count() == 1
