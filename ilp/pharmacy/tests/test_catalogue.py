"""The drug catalogue loads whole: codes unique, every name complete, units the ones stock is counted in."""

import pytest

from .. import catalogue

UNITS = {"tablet", "kapsul", "botol", "sachet", "tube"}


def test_every_drug_loads_with_a_known_unit_and_a_whole_name():
    drugs = catalogue.drugs()
    assert len(drugs) >= 30
    for drug in drugs.values():
        assert drug.unit in UNITS, drug.code
        assert drug.name.count("(") == drug.name.count(")"), drug.name  # a comma inside a flow mapping cuts names
    assert drugs["TTD"].name == "Tablet tambah darah (besi folat 60 mg + asam folat 0,4 mg)"
    assert drugs["DEX05T"].name == "Deksametason 0,5 mg"


def test_the_puskesmas_essentials_the_issue_names_are_there():
    names = " ".join(d.name.lower() for d in catalogue.drugs().values())
    for word in ("parasetamol 500", "amoksisilin 500", "amlodipin 5", "amlodipin 10", "metformin 500", "kaptopril 25",
                 "glibenklamid", "klorfeniramin", "antasida", "oralit", "zinc 20", "tambah darah", "vitamin a 100.000",
                 "vitamin a 200.000", "oat kdt", "salbutamol", "deksametason", "ibuprofen", "kotrimoksazol",
                 "metronidazol"):
        assert word in names, word


def test_a_duplicate_code_is_refused_naming_the_line(tmp_path):
    path = tmp_path / "drugs.yaml"
    path.write_text("id: x\nversion: 1\ndrugs:\n  - {code: A, name: a, form: tablet, unit: tablet}\n"
                    "  - {code: A, name: b, form: tablet, unit: tablet}\n")
    with pytest.raises(catalogue.CatalogueError, match=r"drugs.yaml:5: kode obat 'A' ganda"):
        catalogue.load(path)


def test_lookup_ignores_case_and_unknown_codes_give_none():
    assert catalogue.drug_get(" pct500t ").code == "PCT500T"
    assert catalogue.drug_get("NOPE") is None
