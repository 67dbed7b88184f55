from django.urls import path

from . import batch_views, views

app_name = "reports"
urlpatterns = [
    path("check/", views.check_upload, name="check"),
    path("check/batch/", batch_views.batch_check, name="batch"),
    path("<int:year>/", views.report_page, name="report"),
    path("<int:year>/narrative/", views.narrative_edit, name="narrative"),
]
