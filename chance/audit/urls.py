from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.trail_list, name="trail"),
    path("export.csv", views.trail_export, name="export"),
    path("changes/<int:ct>/<int:pk>/", views.change_detail, name="change"),
]
