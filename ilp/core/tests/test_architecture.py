"""Cheap checks of the rules in STYLE.md that a grep can verify."""

import re
from pathlib import Path

import pytest
from django.apps import apps

ILP = Path(__file__).resolve().parents[2]
VIEW_FILES = sorted(ILP.glob("*/views.py")) + sorted(ILP.glob("*/views/*.py")) + sorted(ILP.glob("*/api.py"))


@pytest.mark.parametrize("path", VIEW_FILES, ids=lambda p: str(p.relative_to(ILP)))
def test_views_build_no_queries_of_their_own(path):
    # STYLE.md §3: a view calls a selector or a service; `Model.objects` lives there, never here.
    offending = [n for n, line in enumerate(path.read_text().splitlines(), 1) if re.search(r"\.objects\b", line)]
    assert offending == [], f"{path.name} lines {offending} query the database directly"


@pytest.mark.parametrize("model", [m for m in apps.get_models() if m.__module__.startswith("ilp.")],
                         ids=lambda m: m._meta.label)
def test_every_model_has_a_docstring(model):
    # Django writes "Name(field, ...)" into __doc__ when the class has none (STYLE.md §8).
    assert model.__doc__ and not model.__doc__.startswith(f"{model.__name__}(")
