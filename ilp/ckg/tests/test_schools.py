"""PKG Sekolah: class lists imported from a spreadsheet, all or nothing; pupils registered in the school group."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ilp.ckg import schools, selectors, services
from ilp.ckg.models import Pupil
from ilp.people.models import Patient
from ilp.people.tests.factories import PatientFactory

from .conftest import born

HEADER = "nik,nama,tanggal_lahir,jenis_kelamin,kelas\n"


@pytest.fixture
def school(pendaftaran, desa):
    return schools.create_school(actor=pendaftaran, name="SD Negeri 01 Sitiung", desa=desa)


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("kelas.csv", (HEADER + text).encode())


def test_import_matches_known_nik_and_registers_pupils_without_one(pendaftaran, school, desa):
    known = PatientFactory(sex="F", birth_date=born(9), desa=desa)
    pupils = schools.import_class_list(actor=pendaftaran, school=school, upload=_csv(
        f"{known.nik},{known.name},{known.birth_date:%d-%m-%Y},P,3A\n,Budi Santoso,{born(10):%Y-%m-%d},L,4B\n"))
    assert [(p.patient == known, p.class_name) for p in pupils] == [(True, "3A"), (False, "4B")]
    assert Patient.objects.get(name="Budi Santoso").nik is None


def test_import_reads_xlsx(pendaftaran, school):
    book = Workbook()
    book.active.append(["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kelas"])
    book.active.append([None, "Sari Wulandari", born(12), "P", "6"])
    data = io.BytesIO()
    book.save(data)
    pupils = schools.import_class_list(actor=pendaftaran, school=school,
                                       upload=SimpleUploadedFile("kelas.xlsx", data.getvalue()))
    assert pupils[0].patient.name == "Sari Wulandari"


def test_a_bad_row_refuses_the_whole_file_with_every_problem(pendaftaran, school):
    upload = _csv(f",Ani,{born(9):%Y-%m-%d},P,3A\n,Tono,31-13-2015,X,3A\n,Dewi,{born(20):%Y-%m-%d},P,3A\n")
    with pytest.raises(ValidationError) as raised:
        schools.import_class_list(actor=pendaftaran, school=school, upload=upload)
    text = " ".join(raised.value.messages)
    assert "Baris 3: tanggal lahir 31-13-2015" in text and "Baris 3: jenis kelamin X" in text and "Baris 4:" in text
    assert not Pupil.objects.exists() and not Patient.objects.filter(name="Ani").exists()


def test_a_pupil_is_registered_in_the_school_group_and_counted_for_the_school(client, pendaftaran, school, desa):
    schools.import_class_list(actor=pendaftaran, school=school, upload=_csv(f",Rudi,{born(11):%Y-%m-%d},L,5\n"))
    pupil = Pupil.objects.get()
    client.force_login(pendaftaran)
    client.post(reverse("ckg:register", args=[pupil.patient_id]), {"payer": "umum", "sekolah": "1"})
    assert pupil.patient.ckg_registrations.get().group == "sekolah"
    row = selectors.school_list(user=pendaftaran).get()
    assert (row.pupil_count, row.done_count) == (1, 1)


def test_the_birthday_route_still_refuses_school_age(pendaftaran, desa):
    with pytest.raises(ValidationError):
        services.register_ckg(actor=pendaftaran, patient=PatientFactory(birth_date=born(11), desa=desa), payer="umum")


def test_class_list_page_keeps_the_errors_visible(client, pendaftaran, school):
    client.force_login(pendaftaran)
    response = client.post(reverse("ckg:school_detail", args=[school.pk]), {"upload": _csv(",,,L,1\n")})
    assert response.status_code == 400 and "Baris 2: nama kosong" in response.content.decode()
