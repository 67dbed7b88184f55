from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.evaluation_list, name="list"),
    path("new/", views.evaluation_new, name="new"),
    path("<int:pk>/goals/", views.evaluation_goals, name="goals"),
    path("<int:pk>/", views.evaluation_detail, name="detail"),
    path("<int:pk>/compute/", views.evaluation_compute, name="compute"),
    path("<int:pk>/sign-off/", views.evaluation_sign_off, name="sign_off"),
    path("<int:pk>/rules/", views.evaluation_rules, name="rules"),
    path("<int:pk>/declaration/", views.declaration, name="declaration"),
    path("<int:pk>/declaration.xlsx", views.declaration_xlsx, name="declaration_xlsx"),
    path("<int:pk>/self-evaluation/", views.self_evaluation, name="self_evaluation"),
    path("<int:pk>/self-evaluation.xlsx", views.self_evaluation_xlsx, name="self_evaluation_xlsx"),
    path("<int:pk>/self-evaluation.docx", views.self_evaluation_docx, name="self_evaluation_docx"),
    path("<int:pk>/declaration.docx", views.declaration_docx, name="declaration_docx"),
    path("indicators/<int:pk>/", views.indicator_edit, name="indicator"),
    path("<int:pk>/actions/new/", views.action_new, name="action_new"),
    path("actions/<int:pk>/close/", views.action_close, name="action_close"),
]
