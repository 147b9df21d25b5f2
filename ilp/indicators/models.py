"""The facts table (one row per countable event) and the sasaran (target populations) per desa."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Fact(models.Model):
    """One countable event, as indicators count it: who (a person key), where (desa, facility), when, what.

    Written in the same transaction as the record it comes from, so computing a month never rescans
    the clinical tables. `source` identifies that record; rewriting a record replaces its facts.
    """

    kind = models.CharField(max_length=40)           # e.g. "pkg.anc", "flag", "visit", "imm"
    code = models.CharField(max_length=40, blank=True)  # e.g. trimester "T1", flag code, klaster, antigen
    group_key = models.CharField(max_length=40, blank=True)  # e.g. the pregnancy (HPHT) a contact belongs to
    role = models.CharField(max_length=20, blank=True)  # the performer's role (dokter, bidan, kader...)
    value = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    date = models.DateField()
    person = models.BigIntegerField()                 # the patient id (hashed when exported upwards)
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    facility = models.ForeignKey("facilities.Facility", null=True, on_delete=models.PROTECT, related_name="+")
    sex = models.CharField(max_length=1)
    age_days = models.IntegerField()
    disability = models.BooleanField(default=False)
    source = models.CharField(max_length=60, db_index=True)  # "packages.PackageRecord:12"

    class Meta:
        indexes = [
            models.Index(fields=["kind", "date"]), models.Index(fields=["kind", "code", "date"]),
            # The engine's access path (docs/decisions/0025): one kind's facts per desa up to a date, read from the
            # index alone on PostgreSQL (SQLite, which has no INCLUDE, does without it).
            models.Index(fields=["kind", "desa", "date"], include=["person", "code", "age_days", "sex", "group_key", "role"],
                         name="fact_kind_desa_date_cover"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.code} {self.date}"


class Sasaran(models.Model):
    """A yearly target population of one desa: estimated from DOMAIN.md §6.2 factors, or set by the Dinkes."""

    class Source(models.TextChoices):
        ESTIMASI = "estimasi", _("estimasi")
        DINKES = "dinkes", _("data Dinkes")

    year = models.PositiveSmallIntegerField()
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    group = models.CharField(max_length=30)  # bumil, bersalin, nifas, lahir_hidup, bayi, baduta, balita, ...
    value = models.DecimalField(max_digits=12, decimal_places=2)
    source = models.CharField(max_length=10, choices=Source.choices)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "desa", "group", "source"], name="one_sasaran_per_source")]

    def __str__(self) -> str:
        return f"{self.group} {self.year} {self.desa_id}: {self.value} ({self.source})"
