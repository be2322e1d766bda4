from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("state-monthly/", views.state_monthly, name="state_monthly"),
    path("state-monthly.csv", views.state_monthly_csv, name="state_monthly_csv"),
    path("export/", views.reports_export, name="export"),
    path("youths/<int:pk>/summary/", views.youth_summary_page, name="youth_summary"),
    path("youths/<int:pk>/export/", views.youth_export, name="youth_export"),
    path(
        "youths/<int:pk>/court/<int:hearing_pk>/judicial-review/",
        views.judicial_review_page,
        name="judicial_review",
    ),
    path(
        "youths/<int:pk>/court/<int:hearing_pk>/judicial-review.pdf",
        views.judicial_review_pdf,
        name="judicial_review_pdf",
    ),
    path("<slug:slug>/", views.report_page, name="report"),
    path("<slug:slug>/<slug:table>.csv", views.report_csv, name="report_csv"),
]
