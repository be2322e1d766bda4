from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.due_work, name="due_work"),
    path("team/", views.team_overdue, name="team_overdue"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("<int:pk>/snooze/", views.snooze, name="snooze"),
]
