from django.urls import include, path

from guifan.home import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("guifan.accounts.urls")),
    path("institutions/", include("guifan.registry.urls")),
    path("funds/", include("guifan.funds.urls")),
    path("applications/", include("guifan.grading.urls")),
    path("publicity/", include("guifan.grading.public_urls")),
    path("grades/", include("guifan.supervision.urls")),
    path("register/", include("guifan.supervision.public_urls")),
    path("surveys/", include("guifan.surveys.urls")),
    path("evaluation/", include("guifan.evaluation.urls")),
    path("reports/", include("guifan.reports.urls")),
    path("s/", include("guifan.surveys.public_urls")),
    path("audit/", include("guifan.audit.urls")),
    path("jobs/", include("guifan.jobs.urls")),
    path("inbox/", include("guifan.notifications.urls")),
]

handler403 = "guifan.core.errors.permission_denied"
handler404 = "guifan.core.errors.not_found"
