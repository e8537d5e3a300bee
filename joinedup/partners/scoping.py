"""Partnership scoping: the base every partnership-owned record builds on.

A record that belongs to a partnership inherits `PartnershipScoped`; selectors then start from
`Model.objects.visible_to(user)`, so a user of one partnership never sees another's records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from .models import User


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> PartnershipQuerySet:
        from .policy import partnership_ids_for

        return self.filter(partnership_id__in=partnership_ids_for(user))


class PartnershipScoped(models.Model):
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.PROTECT, related_name="+")

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        abstract = True
