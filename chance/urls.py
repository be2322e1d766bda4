from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from chance.accounts import views as account_views
from placements import alarm_webhook

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/language/", account_views.set_language, name="set_language"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("security/", include("chance.security.urls")),
    path("youths/", include("cases.urls")),
    path("homes/", include("placements.urls")),
    path("services/", include("services.urls")),
    path("home/", include("frontline.urls")),
    path("notifications/", include("chance.notifications.urls")),
    path("audit/", include("chance.audit.urls")),
    path("reminders/", include("chance.reminders.urls")),
    path("reports/", include("chance.reports.urls")),
    path("api/v1/", include("chance.api.urls")),
    path("admin/", admin.site.urls),
    # Machines, not people: signed requests, no session (each module says how it checks them).
    path("integrations/alarms/", alarm_webhook.receive, name="alarm_webhook"),
]

handler403 = "chance.views.error_403"
handler404 = "chance.views.error_404"
handler500 = "chance.views.error_500"
