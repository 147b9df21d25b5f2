"""One source of rules: the phone evaluates the server's own compiled conditions and gets the server's answers.

Every condition of every package definition (applies_if, show_if, required_if, rules) is sent as the
tree the server compiled; kader-rules.js (the file the app loads) evaluates it under node for a few
hundred generated answer sets, and each answer must equal the server engine's.
"""

import datetime as dt
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from ilp.outreach import offline
from ilp.packages.engine.expressions import compile_expression
from ilp.packages.engine.loader import CONTEXT_FACTS, known_names, registry

from .factories import child

RULES_JS = Path(offline.__file__).parent / "static" / "outreach" / "kader-rules.js"
NODE = shutil.which("node")


def _sample(package, rng: random.Random) -> dict:
    facts = {"sex": rng.choice(["F", "M"]), "age_days": rng.randint(0, 30000), "pregnant": rng.random() < 0.3,
             "postpartum": rng.random() < 0.2}
    facts["age_months"] = facts["age_days"] * 12 // 365
    facts["age_years"] = facts["age_months"] // 12
    for field in package.fields:
        if rng.random() < 0.15:
            facts[field.id] = None  # left empty: comparisons with it are false on both sides
        elif field.type in ("quantity", "integer"):
            low, high = (float(x) for x in field.hard)
            value = rng.choice([low, high, rng.uniform(low, high), float(field.soft[0]) if field.soft else low])
            facts[field.id] = round(value, field.decimals or 0) if field.type == "quantity" else int(value)
        elif field.type == "boolean":
            facts[field.id] = rng.random() < 0.5
        elif field.choices:
            facts[field.id] = rng.choice(field.choices).code
        else:
            facts[field.id] = None
    for name in known_names(package) - set(facts):
        facts[name] = rng.choice([None, rng.uniform(-4, 4), rng.randint(0, 300), "normal", True, False])
    return facts


def _conditions(package):
    names = known_names(package)
    if package.applies_if:
        yield package.applies_if, CONTEXT_FACTS
    for field in package.fields:
        if field.show_if:
            yield field.show_if, CONTEXT_FACTS
        if field.required_if:
            yield field.required_if, names
    for rule in package.rules:
        yield rule.when, names


@pytest.mark.skipif(NODE is None, reason="node is installed by `make install` (npm)")
def test_the_phone_evaluates_every_package_condition_as_the_server_does():
    rng = random.Random(8)
    cases, expected = [], []
    for package in registry().values():
        samples = [_sample(package, rng) for _ in range(12)]
        for source, names in _conditions(package):
            tree = offline.expression_tree(source, names)
            for facts in samples:
                facts = json.loads(json.dumps(facts))  # both sides read the same JSON the phone would hold
                try:
                    want = bool(compile_expression(source, names)(facts))
                except TypeError:
                    continue  # a computed name drawn with the wrong type (text where the rule wants a number)
                cases.append({"tree": tree, "facts": facts})
                expected.append((package.id, source, want))
    script = f"const r = require({json.dumps(str(RULES_JS))}); const cases = JSON.parse(require('fs').readFileSync(0));" \
             "process.stdout.write(JSON.stringify(cases.map(c => r.holds(c.tree, c.facts))));"
    answers = json.loads(subprocess.run([NODE, "-e", script], input=json.dumps(cases), capture_output=True, text=True,
                                        check=True).stdout)
    mismatches = [(pid, src, case["facts"]) for (pid, src, want), got, case in zip(expected, answers, cases, strict=True)
                  if want != got]
    assert len(cases) > 1000 and mismatches == []


def test_the_forms_carry_the_packages_limits_choices_and_messages(client, kader):
    client.force_login(kader)
    forms = client.get("/api/kader/forms").json()
    assert set(forms["packages"]) == {p.id for p in offline.offline_packages()}
    assert {"kunjungan_rumah_bumil", "kunjungan_rumah_lansia", "balita"} <= set(forms["packages"])
    weight = next(f for f in forms["packages"]["balita"]["fields"] if f["id"] == "weight")
    assert weight["hard"] == [str(x) for x in registry()["balita"].field("weight").hard]
    assert forms["packages"]["kunjungan_rumah_bumil"]["applies_if"] == offline.expression_tree(
        registry()["kunjungan_rumah_bumil"].applies_if, CONTEXT_FACTS)
    assert [i["code"] for i in forms["pispk"]][:2] == ["kb", "persalinan_faskes"] and len(forms["pispk"]) == 12
    assert forms["messages"]["hard"] == "%(value)s %(unit)s tidak mungkin; batas %(low)s–%(high)s %(unit)s."


def test_the_forms_and_changes_are_gzipped_for_a_phone_that_accepts_it(client, kader, posyandu):
    for day in range(1, 6):
        child(born=dt.date(2025, 1, day), desa=posyandu.wilayah.get())
    client.force_login(kader)
    plain = client.get("/api/kader/forms")
    packed = client.get("/api/kader/forms", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain
    assert len(packed.content) * 3 < len(plain.content)
    assert client.get("/api/kader/changes", HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"
