"""Users with a role and a scope; the root conftest.py holds the named personas."""

from functools import lru_cache

import factory
from django.contrib.auth.hashers import make_password

from ilp.accounts.models import Role, User

PASSWORD = "rahasia-uji-123"


@lru_cache(maxsize=1)
def hashed_password() -> str:
    # Hashing is slow on purpose (PBKDF2); one hash serves every user a test creates.
    return make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    """A user (petugas pendaftaran unless told otherwise) who logs in with PASSWORD."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"petugas{n}")
    role = Role.PENDAFTARAN
    password = factory.LazyFunction(hashed_password)
