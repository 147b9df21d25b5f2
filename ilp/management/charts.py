"""The Klaster 1 dashboard's charts as Chart.js specs (drawn by static/management/charts.js)."""

from django.utils.translation import gettext as _

MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def _simple(kind: str, pairs: list[tuple[str, int]], label: str, **extra) -> dict:
    return {"type": kind, "labels": [p[0] for p in pairs], "datasets": [{"label": label, "data": [p[1] for p in pairs]}],
            **extra}


def dashboard_charts(d: dict) -> dict[str, dict]:
    """Chart specs keyed by the id of their json_script tag."""
    people = _("Pegawai")
    charts = {
        "chart-kind": _simple("bar", d["staff_by_kind"], people, horizontal=True),
        "chart-employment": _simple("doughnut", d["staff_by_employment"], people),
        "chart-education": _simple("doughnut", d["staff_by_education"], people),
        "chart-tenure": _simple("bar", d["staff_by_tenure"], people),
        "chart-competence": _simple("bar", d["competences"], people, horizontal=True),
        "chart-condition": {"type": "doughnut", "labels": [p[0] for p in d["assets_by_condition"]],
                            "datasets": [{"label": _("Unit"), "data": [p[1] for p in d["assets_by_condition"]],
                                          "colours": ["#1f7a5c", "#e0a800", "#c0392b"]}]},
        "chart-stock": {"type": "bar", "labels": [r.drug.name for r in d["stock_moves"]], "horizontal": True,
                        "datasets": [{"label": _("Penerimaan"), "data": [r.received for r in d["stock_moves"]]},
                                     {"label": _("Pemakaian"), "data": [r.used for r in d["stock_moves"]]}]},
        "chart-inm": {"type": "bar", "labels": [r.indicator.name for r in d["inm"]], "horizontal": True,
                      "datasets": [{"label": _("Capaian (%)"), "data": [float(r.value) if r.value is not None else None
                                                                       for r in d["inm"]]},
                                   {"label": _("Target (%)"), "data": [float(r.indicator.target) for r in d["inm"]]}]},
        "chart-finance": {"type": "bar", "labels": MONTHS,
                          "datasets": [{"label": _("Pendapatan"), "data": d["finance"]["revenue"]},
                                       {"label": _("Belanja"), "data": d["finance"]["spending"]}]},
    }
    return charts
