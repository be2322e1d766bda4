"""``/api/v1/``: token (or signed-in session) authentication, not the login page: these views
answer 401 themselves, so Django's login-required middleware lets them through."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"


def _open(view):
    return login_not_required(view.as_view())


urlpatterns = [
    path("youths/", _open(views.YouthList), name="youths"),
    path("youths/<int:pk>/", _open(views.YouthDetail), name="youth"),
    path("referrals/", _open(views.ReferralList), name="referrals"),
    path("placements/", _open(views.PlacementList), name="placements"),
    path("missing-episodes/", _open(views.MissingEpisodeList), name="missing_episodes"),
    path("homes/", _open(views.HomeList), name="homes"),
    path("reminders/", _open(views.ReminderList), name="reminders"),
    path("reports/state-monthly/", _open(views.MonthlyCounts), name="state_monthly"),
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    path(
        "docs/",
        login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
]
