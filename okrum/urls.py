from __future__ import annotations

from django.urls import include, path

from okrum.api import api
from okrum.tenancy import views as tenancy_views

urlpatterns = [
    path("", tenancy_views.home, name="home"),
    path("api/v1/", api.urls),
    path("", include("okrum.accounts.urls")),
    path("", include("okrum.tenancy.urls")),
    path("", include("okrum.teams.urls")),
    path("", include("okrum.okrs.urls")),
    path("", include("okrum.scrum.urls")),
    path("", include("okrum.retros.urls")),
    path("", include("okrum.insights.urls")),
    path("", include("okrum.help.urls")),
]
