from django.urls import path

from .views import public

app_name = "register"
urlpatterns = [
    path("", public.register_list, name="list"),
    path("verify/", public.verify, name="verify"),
    path("decisions/", public.decisions, name="decisions"),
    path("notices/<int:pk>/", public.notice, name="notice"),
    path("objections/", public.objection_lookup, name="objection_lookup"),
    path("objections/<str:reference>/", public.objection_status, name="objection"),
]
