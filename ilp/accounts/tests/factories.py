"""Users with a role and a scope; the root conftest.py holds the named personas."""

import factory

from ilp.accounts.models import Role, User

PASSWORD = "rahasia-uji-123"


class UserFactory(factory.django.DjangoModelFactory):
    """A user (petugas pendaftaran unless told otherwise) who logs in with PASSWORD."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"petugas{n}")
    role = Role.PENDAFTARAN
    password = factory.django.Password(PASSWORD)
