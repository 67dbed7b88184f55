from django.urls import path

from .views import grades, reviews

app_name = "supervision"
urlpatterns = [
    path("", grades.grade_list, name="list"),
    path("<int:pk>/", grades.grade_detail, name="detail"),
    path("<int:pk>/certificate/", grades.certificate_page, name="certificate"),
    path("<int:pk>/certificate.docx", grades.certificate_docx, name="certificate_docx"),
    path("<int:pk>/cancel/", grades.grade_cancel, name="cancel"),
    path("<int:pk>/spot-check/", grades.spot_check, name="spot_check"),
    path("rounds/", reviews.round_list, name="rounds"),
    path("rounds/new/", reviews.round_new, name="round_new"),
    path("rounds/<int:pk>/", reviews.round_detail, name="round"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review"),
    path("evidence/<int:pk>/", reviews.evidence_download, name="evidence"),
    path("notices/new/", reviews.notice_new, name="notice_new"),
    path("notices/<int:pk>/decision/", reviews.decision_new, name="decision_new"),
    path("objections/<int:pk>/", reviews.objection_handle, name="objection"),
]
