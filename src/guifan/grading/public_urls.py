from django.urls import path

from .views import publicity

app_name = "publicity"
urlpatterns = [
    path("", publicity.public_list, name="list"),
    path("<int:pk>/", publicity.public_batch, name="batch"),
    path("objections/", publicity.public_objection_lookup, name="objection_status"),
    path("objections/<str:reference>/", publicity.public_objection_status, name="objection"),
]
