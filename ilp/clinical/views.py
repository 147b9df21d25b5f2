"""ICD-10 look-up for the diagnosis field (htmx suggestions as the clinician types)."""

from ilp.core.views import render_page

from . import icd10


def icd10_search(request):
    results = icd10.search(request.GET.get("q", "") or request.GET.get("code", ""))
    return render_page(request, "clinical/icd10_options.html", {"results": results})
