import factory

from joinedup.partners.models import (
    DataClass,
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    Role,
    User,
)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = OrganisationKind.RESPONSIBLE_AUTHORITY

    @factory.post_generation
    def partnerships(self, create, extracted, **kwargs):
        for partnership in extracted or []:
            Membership.objects.create(partnership=partnership, organisation=self)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    role = Role.OFFICER
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def partnerships(self, create, extracted, **kwargs):
        if extracted is None and self.organisation_id:
            extracted = list(self.organisation.partnerships.all())
        self.partnerships.set(extracted or [])


class DataClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataClass
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"class-{n}")
    name = factory.Sequence(lambda n: f"Data class {n}")
