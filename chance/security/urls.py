from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("2fa/verify/", views.otp_verify, name="otp_verify"),
    path("2fa/setup/", views.enroll, name="enroll"),
    path("2fa/", views.two_factor, name="two_factor"),
    path("2fa/backup-codes/", views.backup_codes, name="backup_codes"),
    path("reauth/", views.reauth, name="reauth"),
    path("session/", views.session_status, name="session"),
    path("users/", views.user_list, name="users"),
    path("users/<int:pk>/reset-2fa/", views.user_reset_two_factor, name="user_reset_2fa"),
]
