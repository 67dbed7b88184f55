from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox_page, name="inbox"),
    path("<int:pk>/read/", views.read, name="read"),
    path("read-all/", views.read_all, name="read_all"),
    path("settings/", views.email_settings, name="settings"),
]
