"""The result sheet's content, shared by the PDF: tables per group, flags, the critical-value warning."""

import pytest

from ilp.lab import services, sheet

from .factories import collected

pytestmark = pytest.mark.django_db


def test_the_sheet_lists_results_by_group_and_warns_of_critical_values(doctor, lab):
    order = collected(doctor, lab, tests=["hb", "gds"])
    services.enter_results(actor=lab, order=order, values={"hb": "6.1", "gds": "120"})
    report = sheet.build(order)
    assert [t.title for t in report.tables] == ["Hematologi", "Kimia darah"]
    assert [c.text for c in report.tables[0].rows[0].cells] == ["Hemoglobin", "6,1", "LL", "g/dL", "12,0–15,0", "718-7"]
    assert report.notes[0] == "PERHATIAN: ada nilai kritis (Hemoglobin 6,1 kritis rendah)."
    assert ("Divalidasi", "BELUM DIVALIDASI") in report.header
    assert sheet.render_pdf(order).startswith(b"%PDF")
