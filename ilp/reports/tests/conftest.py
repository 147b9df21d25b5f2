import base64
import datetime as dt
import re
import zlib
from decimal import Decimal

import pytest

from ilp.indicators.models import Sasaran
from ilp.packages.services import record_package
from ilp.reports.area import area_for_code
from ilp.reports.tables import Month, Table

from .factories import aged, diagnosis

JANUARY = Month(2026, 1)
ON = dt.date(2026, 1, 15)


@pytest.fixture
def area(puskesmas):
    """The wilayah kerja of Puskesmas Sitiung I, as `--scope <its code>` gives it."""
    return area_for_code(puskesmas.code)


@pytest.fixture
def some_diagnoses(desa, desa_lain):
    """In our desa in January 2026: diarrhoea twice (new, then old), a pneumonia, a dengue; one diarrhoea elsewhere."""
    woman = aged(years=30, on=ON, sex="F", desa=desa)
    boy = aged(years=3, on=ON, sex="M", desa=desa)
    diagnosis(woman, "A09.9", on=ON)
    diagnosis(woman, "A09.9", on=dt.date(2026, 1, 20), case="lama")
    diagnosis(boy, "J18.9", on=ON)
    diagnosis(boy, "A97.0", on=dt.date(2026, 1, 5))
    diagnosis(aged(years=40, on=ON, sex="M", desa=desa_lain), "A09.9", on=ON)
    return woman, boy


@pytest.fixture
def first_contact(bidan, desa):
    """One woman's first ANC contact on 10 January 2026 in our desa, whose Dinkes sasaran is 4 ibu hamil."""
    Sasaran.objects.create(year=2026, desa=desa, group="bumil", value=4, source=Sasaran.Source.DINKES)
    woman = aged(years=28, on=dt.date(2026, 1, 10), sex="F", desa=desa)
    values = {"hpht": dt.date(2025, 11, 1), "lila": Decimal("25.0"), "sbp": Decimal("110"), "dbp": Decimal("70")}
    return record_package(actor=bidan, patient=woman, package_id="anc", values=values, service_date=dt.date(2026, 1, 10))


def value(table: Table, *, code: str, path: tuple[str, ...], key: int = 1):
    """The cell of the row whose column `key` holds `code`, in the column whose header path is `path`."""
    column = next(i for i, c in enumerate(table.columns) if c.path == path)
    row = next(r for r in table.rows if r.cells[key].value == code)
    return row.cells[column].value


def pdf_text(content: bytes) -> str:
    """The text drawn on the pages: content streams decoded (ASCII85 and Flate, as reportlab writes them)."""
    texts = []
    for header, data in re.findall(rb"<<(.*?)>>\s*stream\r?\n(.*?)endstream", content, re.S):
        if b"ASCII85Decode" in header:
            data = base64.a85decode(data.strip().removesuffix(b"~>"))
        if b"FlateDecode" in header:
            data = zlib.decompress(data)
        texts.append(data.decode("latin-1"))
    return "\n".join(texts)
