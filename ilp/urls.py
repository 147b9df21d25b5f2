from django.urls import include, path

from ilp.api.urls import api

urlpatterns = [
    path("", include("ilp.dashboards.urls")),
    path("", include("ilp.accounts.urls")),
    path("", include("ilp.people.urls")),
    path("", include("ilp.facilities.urls")),
    path("", include("ilp.audit.urls")),
    path("", include("ilp.visits.urls")),
    path("", include("ilp.packages.urls")),
    path("", include("ilp.indicators.urls")),
    path("", include("ilp.reports.urls")),
    path("", include("ilp.clinical.urls")),
    path("", include("ilp.immunization.urls")),
    path("", include("ilp.tb.urls")),
    path("", include("ilp.satusehat.urls")),
    path("", include("ilp.outreach.urls")),
    path("", include("ilp.outreach.api_urls")),
    path("", include("ilp.surveillance.urls")),
    path("", include("ilp.kesling.urls")),
    path("", include("ilp.lab.urls")),
    path("", include("ilp.pharmacy.urls")),
    path("", include("ilp.emergency.urls")),
    path("", include("ilp.inpatient.urls")),
    path("", include("ilp.dental.urls")),
    path("", include("ilp.nutrition.urls")),
    path("", include("ilp.management.urls")),
    path("", include("ilp.network.urls")),
    path("", include("ilp.ckg.urls")),
    path("api/", api.urls),
]
