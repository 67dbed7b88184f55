from django.urls import path

from . import views

app_name = "survey"
urlpatterns = [
    path("<slug:slug>/", views.answer, name="answer"),
    path("<slug:slug>/thanks/", views.thanks, name="thanks"),
]
