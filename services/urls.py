from django.urls import path

from . import views

app_name = "services"

Y = "youths/<int:pk>/"

urlpatterns = [
    path(Y + "assessments/", views.assessments, name="assessments"),
    path(Y + "assessments/new/<int:instrument_pk>/", views.assessment_new, name="assessment_new"),
    path(Y + "assessments/<int:assessment_pk>/", views.assessment_detail, name="assessment_detail"),
    path(
        Y + "assessments/<int:assessment_pk>/amend/",
        views.assessment_amend,
        name="assessment_amend",
    ),
    path(Y + "plans/", views.plans, name="plans"),
    path(Y + "plans/new/", views.plan_new, name="plan_new"),
    path(Y + "plans/<int:plan_pk>/", views.plan_detail, name="plan_detail"),
    path(Y + "plans/<int:plan_pk>/edit/", views.plan_edit, name="plan_edit"),
    path(Y + "plans/<int:plan_pk>/<str:step>/", views.plan_transition, name="plan_transition"),
    path(Y + "notes/", views.notes, name="notes"),
    path(Y + "notes/new/", views.note_new, name="note_new"),
    path(Y + "notes/<int:note_pk>/", views.note_detail, name="note_detail"),
    path(Y + "notes/<int:note_pk>/amend/", views.note_amend, name="note_amend"),
    path(Y + "consents/", views.consents_page, name="consents"),
    path(
        Y + "consents/<int:consent_pk>/signed-form/",
        views.consent_attach_form,
        name="consent_attach_form",
    ),
    path(Y + "consents/<int:consent_pk>/revoke/", views.consent_revoke, name="consent_revoke"),
    path(Y + "monitoring/", views.monitoring, name="monitoring"),
    path(Y + "monitoring/new/", views.monitoring_new, name="monitoring_new"),
    path(
        Y + "monitoring/<int:contact_pk>/resolve/",
        views.monitoring_resolve,
        name="monitoring_resolve",
    ),
    path(Y + "safety-plan/", views.safety_plan, name="safety_plan"),
    path(Y + "psychiatric/", views.psychiatric, name="psychiatric"),
    path(
        Y + "psychiatric/medications/<int:medication_pk>/stop/",
        views.medication_stop,
        name="medication_stop",
    ),
    path("oncall/", views.oncall_rota, name="oncall_rota"),
    path("oncall/shifts/new/", views.oncall_shift_new, name="oncall_shift_new"),
    path("oncall/essentials/", views.oncall_essentials, name="oncall_essentials"),
    path("oncall/essentials/<int:pk>/", views.oncall_youth, name="oncall_youth"),
    path("oncall/calls/", views.crisis_calls, name="crisis_calls"),
    path("oncall/calls/new/", views.crisis_call_new, name="crisis_call_new"),
    path(
        "oncall/calls/<int:call_pk>/follow-up/",
        views.crisis_call_follow_up,
        name="crisis_call_follow_up",
    ),
]
