from django.urls import include, path

from . import views

app_name = "cases"

# Numeric ids only: no names or other personal data ever appear in a URL.
urlpatterns = [
    path("", views.youth_list, name="list"),
    path("caseload/", views.caseload, name="caseload"),
    path("waitlist/", views.waitlist, name="waitlist"),
    path("intake/", views.intake, name="intake"),
    path("<int:pk>/", views.youth_detail, name="detail"),
    path("<int:pk>/edit/", views.youth_edit, name="edit"),
    path("<int:pk>/refer/", views.rerefer, name="rerefer"),
    path("<int:pk>/screening/start/", views.screening_start, name="screening_start"),
    path("<int:pk>/screening/decide/", views.screening_decide, name="screening_decide"),
    path("<int:pk>/admit/", views.admit_from_waitlist, name="admit"),
    path("<int:pk>/track/", views.track_change, name="track_change"),
    path("<int:pk>/discharge/", views.discharge, name="discharge"),
    path("<int:pk>/team/", views.team, name="team"),
    path("<int:pk>/team/<int:assignment_pk>/end/", views.team_end, name="team_end"),
    path("<int:pk>/contacts/add/", views.contact_add, name="contact_add"),
    path("<int:pk>/contacts/<int:contact_pk>/", views.contact_edit, name="contact_edit"),
    path("<int:pk>/alerts/add/", views.alert_add, name="alert_add"),
    path("<int:pk>/alerts/<int:alert_pk>/", views.alert_edit, name="alert_edit"),
    path("<int:pk>/alerts/<int:alert_pk>/resolve/", views.alert_resolve, name="alert_resolve"),
    # Documents: a version is named by its random public id, never by a counter.
    path("<int:pk>/documents/", views.documents, name="documents"),
    path(
        "<int:pk>/documents/<uuid:document>/version/",
        views.document_version,
        name="document_version",
    ),
    path("<int:pk>/documents/<uuid:version>/", views.document_download, name="document_download"),
    path("<int:pk>/court/", views.court, name="court"),
    path("<int:pk>/court/add/", views.court_hearing_add, name="court_hearing_add"),
    path("<int:pk>/court/<int:hearing_pk>/", views.court_hearing_edit, name="court_hearing_edit"),
    path("", include("cases.break_glass")),  # break-the-glass and "who viewed" (audit issue)
]
