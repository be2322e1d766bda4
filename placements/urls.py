from django.urls import path

from . import views

app_name = "placements"

urlpatterns = [
    path("", views.home_list, name="home_list"),
    path("board/", views.board, name="board"),
    path("new/", views.home_edit, name="home_new"),
    path("<int:pk>/", views.home_detail, name="home_detail"),
    path("<int:pk>/edit/", views.home_edit, name="home_edit"),
    path("<int:pk>/address/", views.home_address, name="home_address"),
    path("<int:pk>/documents/", views.home_documents, name="home_documents"),
    path(
        "<int:pk>/documents/<uuid:version>/",
        views.home_document_download,
        name="home_document_download",
    ),
    path(
        "<int:pk>/documents/<uuid:version>/new-version/",
        views.home_document_version,
        name="home_document_version",
    ),
    path("<int:home_pk>/place/", views.home_place, name="home_place"),
    path("<int:home_pk>/caregivers/new/", views.caregiver_edit, name="caregiver_new"),
    path("<int:home_pk>/caregivers/<int:pk>/", views.caregiver_edit, name="caregiver_edit"),
    path(
        "<int:home_pk>/caregivers/<int:caregiver_pk>/training/",
        views.training_add,
        name="training_add",
    ),
    path("<int:home_pk>/alarms/new/", views.alarm_record, name="alarm_record"),
    path("<int:home_pk>/support/new/", views.support_assign, name="support_assign"),
    path("<int:home_pk>/support/<int:pk>/end/", views.support_end, name="support_end"),
    path("staff-training/", views.staff_training_list, name="staff_training_list"),
    path("staff-training/<int:pk>/", views.staff_training, name="staff_training"),
    path("staff-training/<int:pk>/new/", views.staff_training_add, name="staff_training_add"),
    path("alarms/<int:pk>/open-episode/", views.alarm_open_episode, name="alarm_open_episode"),
    path("youth/<int:pk>/placements/", views.youth_placements, name="youth_placements"),
    path("youth/<int:pk>/placements/new/", views.placement_new, name="placement_new"),
    path("placements/<int:pk>/end/", views.placement_end, name="placement_end"),
    path("placements/<int:pk>/move/", views.placement_move, name="placement_move"),
    path("youth/<int:pk>/missing/", views.youth_missing, name="youth_missing"),
    path("youth/<int:pk>/missing/new/", views.missing_new, name="missing_new"),
    path("missing/<int:pk>/", views.episode_detail, name="episode_detail"),
    path("missing/<int:pk>/<slug:step>/", views.episode_update, name="episode_update"),
]
