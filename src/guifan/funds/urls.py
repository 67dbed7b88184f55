from django.urls import path

from . import views

app_name = "funds"
urlpatterns = [
    path("", views.programme_list, name="programmes"),
    path("new/", views.programme_create, name="programme_new"),
    path("<int:year>/", views.programme_detail, name="programme"),
    path("<int:year>/next/", views.programme_next, name="programme_next"),
    path("<int:year>/sources/new/", views.source_create, name="source_new"),
    path("<int:year>/ledger/", views.ledger, name="ledger"),
    path("<int:year>/ledger.xlsx", views.ledger_export, name="ledger_export"),
    path("<int:year>/counties.xlsx", views.county_table_export, name="county_table_export"),
    path("<int:year>/entries/<str:kind>/new/", views.entry_create, name="entry_new"),
    path("<int:year>/enrolments/", views.enrolments, name="enrolments"),
    path("entries/<int:pk>/reverse/", views.entry_reverse, name="entry_reverse"),
]
