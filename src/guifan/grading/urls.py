from django.urls import path

from .views import applications, inspections, publicity, standards

app_name = "grading"
urlpatterns = [
    path("", applications.application_list, name="list"),
    path("new/", applications.application_new, name="new"),
    path("<int:pk>/", applications.application_detail, name="detail"),
    path("<int:pk>/statement/", applications.application_statement, name="statement"),
    path("<int:pk>/act/", applications.application_act, name="act"),
    path("<int:pk>/compare/", inspections.compare, name="compare"),
    path("<int:pk>/certificate/", applications.certificate_page, name="certificate"),
    path("<int:pk>/certificate.docx", applications.certificate_docx, name="certificate_docx"),
    path("<int:pk>/inspections/<str:kind>/start/", inspections.inspection_start, name="inspection_start"),
    path("inspections/<int:pk>/", inspections.inspection_score, name="inspection"),
    path("inspections/<int:pk>/rectify/", inspections.rectification_new, name="rectification_new"),
    path("rectifications/<int:pk>/", inspections.rectification_respond, name="rectification"),
    path("attachments/<int:pk>/", applications.attachment_download, name="attachment"),
    path("accepted/<int:year>/", applications.accepted_list, name="accepted"),
    path("publicity/<int:year>/new/", publicity.batch_new, name="batch_new"),
    path("batches/<int:pk>/", publicity.batch_detail, name="batch"),
    path("batches/<int:pk>/council/", publicity.council, name="council"),
    path("objections/<int:pk>/", publicity.objection_handle, name="objection"),
    path("standards/", standards.standard_list, name="standards"),
    path("standards/new/", standards.standard_new, name="standard_new"),
    path("standards/<int:pk>/", standards.standard_detail, name="standard"),
    path("standards/<int:pk>/edit/", standards.standard_edit, name="standard_edit"),
    path("standards/<int:pk>/items/", standards.standard_items, name="standard_items"),
]
