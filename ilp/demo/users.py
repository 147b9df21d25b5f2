"""Demo logins: one account per role, so a newcomer can see the system as each user does."""

from django.contrib.auth import get_user_model

from ilp.accounts.models import Role
from ilp.core.choices import Klaster
from ilp.facilities.models import Facility
from ilp.regions.models import Region

DEMO_PASSWORD = "demo12345"


def demo_accounts(*, puskesmas: Facility, kabkota: Region) -> list[dict]:
    posyandu = puskesmas.children.filter(kind=Facility.Kind.POSYANDU).order_by("code").first()
    pustu = puskesmas.children.filter(kind=Facility.Kind.PUSTU).order_by("code").first()
    return [
        {"username": "pendaftaran", "first_name": "Rina", "last_name": "Loket", "role": Role.PENDAFTARAN, "facility": puskesmas},
        {"username": "dokter", "first_name": "dr. Sisyani", "role": Role.DOKTER, "facility": puskesmas},
        {"username": "bidan", "first_name": "Bd. Yusnita", "role": Role.BIDAN, "facility": puskesmas, "klaster": Klaster.IBU_ANAK},
        {"username": "perawat", "first_name": "Ns. Hendra", "role": Role.PERAWAT, "facility": puskesmas, "klaster": Klaster.DEWASA_LANSIA},
        {"username": "bidan.pustu", "first_name": "Bd. Elvi", "role": Role.BIDAN, "facility": pustu},
        {"username": "kader", "first_name": "Ibu Rosmaini", "role": Role.KADER, "facility": posyandu},
        {"username": "kapus", "first_name": "Kepala", "last_name": "Puskesmas", "role": Role.KEPALA_PUSKESMAS, "facility": puskesmas},
        {"username": "dinkes", "first_name": "Dinkes", "last_name": kabkota.name, "role": Role.DINKES_KABKOTA, "region": kabkota},
        {"username": "dinkes.prov", "first_name": "Dinkes Provinsi", "role": Role.DINKES_PROVINSI, "region": kabkota.parent},
        {"username": "pusat", "first_name": "Kemenkes", "role": Role.PUSAT},
        {"username": "admin", "first_name": "Admin", "role": Role.ADMIN, "is_staff": True},
    ]


def create_demo_users(*, puskesmas: Facility, kabkota: Region) -> list:
    User = get_user_model()
    users = []
    for account in demo_accounts(puskesmas=puskesmas, kabkota=kabkota):
        username = account.pop("username")
        user, created = User.objects.update_or_create(username=username, defaults=account)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users.append(user)
    return users


def demo_login(*, username: str, role: str, facility: Facility, first_name: str, last_name: str = ""):
    """One more demo account an app's demo.py needs (lab, farmasi, gigi, gizi, klinik), password DEMO_PASSWORD.

    Re-seeding keeps a password someone changed; name, role and facility are brought back to the demo's."""
    user, created = get_user_model().objects.update_or_create(
        username=username, defaults={"first_name": first_name, "last_name": last_name, "role": role, "facility": facility})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user
