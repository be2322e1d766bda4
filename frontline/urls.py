from django.urls import path

from . import views

app_name = "frontline"

urlpatterns = [
    path("youth/<int:pk>/", views.care, name="care"),
    path("youth/<int:pk>/note/", views.note_new, name="note_new"),
    path("youth/<int:pk>/incident/", views.incident_new, name="incident_new"),
    path("youth/<int:pk>/mentoring/", views.mentoring, name="mentoring"),
    path("youth/<int:pk>/visits/", views.visits, name="visits"),
    path("youth/<int:pk>/at-home/", views.at_home, name="at_home"),
    path("youth/<int:pk>/appointments/", views.appointment_new, name="appointment_new"),
]
