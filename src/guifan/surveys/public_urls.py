from django.urls import path

from . import public_views

app_name = "survey"
urlpatterns = [
    path("<slug:slug>/", public_views.answer, name="answer"),
    path("<slug:slug>/thanks/", public_views.thanks, name="thanks"),
]
