from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.questionnaire_list, name="list"),
    path("new/", views.questionnaire_new, name="new"),
    path("<int:pk>/", views.results, name="results"),
    path("<int:pk>/edit/", views.questionnaire_edit, name="edit"),
    path("<int:pk>/close/", views.questionnaire_close, name="close"),
    path("<int:pk>/results.xlsx", views.results_export, name="results_export"),
    path("<int:pk>/answers.xlsx", views.answers_export, name="answers_export"),
    path("<int:pk>/distribute/", views.distribution_new, name="distribution_new"),
    path("<int:pk>/paper/", views.paper_entry, name="paper"),
    path("<int:pk>/tally/", views.tally_entry, name="tally"),
]
