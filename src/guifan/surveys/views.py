"""Survey results and entry (signed-in), and answering (public, by link)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from guifan.accounts.constants import Role
from guifan.core.exceptions import ScopeViolation
from guifan.core.pages import form_page
from guifan.funds.models import Enrolment
from guifan.regions.selectors import counties

from . import excel, services
from .constants import QuestionKind
from .domain import to_decimal
from .forms import AnswerForm, DistributionForm, TallyForm
from .models import Answer, Distribution
from .selectors import county_scope, questionnaires_visible_to, survey_results

DEVICE_COOKIE = "guifan_device"


def _questionnaire(request: HttpRequest, pk: int):
    if request.user.role not in {Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.AUDITOR}:
        raise ScopeViolation("无权查看满意度调查")
    return get_object_or_404(questionnaires_visible_to(request.user), pk=pk)


def questionnaire_list(request: HttpRequest) -> HttpResponse:
    if request.user.role not in {Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.AUDITOR}:
        raise ScopeViolation("无权查看满意度调查")
    return render(request, "surveys/list.html", {"questionnaires": questionnaires_visible_to(request.user)})


def results(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    requested = request.GET.get("county")
    county_id = county_scope(request.user, int(requested) if requested and requested.isdigit() else None)
    res = survey_results(questionnaire, county_id=county_id)
    accepted = sorted(
        set(
            Enrolment.objects.filter(programme=questionnaire.programme, accepted=True).values_list(
                "institution__county__name", flat=True
            )
        )
    )
    surveyed = res.surveyed or res.counties_answered
    return render(
        request,
        "surveys/results.html",
        {
            "q": questionnaire,
            "r": res,
            "county_id": county_id,
            "counties": counties(),
            "accepted_counties": accepted,
            "surveyed": surveyed,
            "overlap": sorted(set(surveyed) & set(accepted)),
            "not_surveyed": sorted(set(accepted) - set(surveyed)),
            "distributions": questionnaire.distributions.all()
            if request.user.role == Role.CITY_ADMIN
            else [],
            "chart": [
                (n, float(domain_score), float(domain_score) * 30)
                for n, domain_score in (
                    (row[0].number, row[1].score * 10 / row[1].points if row[1].points else 0)
                    for row in res.rows
                )
            ],
        },
    )


def _chart(res) -> list[tuple[int, object, int]]:
    """(question number, displayed score, bar length in px for its share of the question's points)."""
    return [
        (q.number, to_decimal(r.score), round(float(r.score / r.points) * 300) if r.points else 0)
        for q, r, *_ in res.rows
    ]


def results_export(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    requested = request.GET.get("county")
    county_id = county_scope(request.user, int(requested) if requested and requested.isdigit() else None)
    return excel.results_response(survey_results(questionnaire, county_id=county_id))


def answers_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Raw answer sheets (online and paper); tallies have no sheets and are in the results export."""
    questionnaire = _questionnaire(request, pk)
    responses = (
        questionnaire.responses.filter(complete=True).select_related("county").order_by("submitted_at")
    )
    if county_id := county_scope(request.user, None):
        responses = responses.filter(county_id=county_id)
    return excel.answers_response(questionnaire, responses)


@require_http_methods(["GET", "POST"])
def distribution_new(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    if request.user.role != Role.CITY_ADMIN:
        raise ScopeViolation("只有市级管理员可以发放问卷")
    form = DistributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        distribution = services.distribution_create(
            by=request.user, questionnaire=questionnaire, **form.cleaned_data
        )
        messages.success(request, f"已生成问卷链接“{distribution.name}”。")
        return redirect("surveys:results", pk=pk)
    return form_page(
        request,
        form,
        title="发放问卷",
        intro=questionnaire.title,
        cancel_url=reverse("surveys:results", args=[pk]),
    )


@require_http_methods(["GET", "POST"])
def paper_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """One paper questionnaire at a time; letters A–E pick an option and move to the next question."""
    questionnaire = _questionnaire(request, pk)
    if request.user.role != Role.COUNTY_OFFICER:
        raise ScopeViolation("纸质问卷由县区经办录入")
    questions = list(questionnaire.questions.prefetch_related("options"))
    form = AnswerForm(
        request.POST or None,
        questions=questions,
        questionnaire=questionnaire,
        total=len(questions),
        ask_attributes=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_response_enter(
                by=request.user,
                questionnaire=questionnaire,
                county=request.user.county,
                answers=form.answers(),
            )
        except services.SurveyError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            entered = questionnaire.responses.filter(source="paper", county=request.user.county).count()
            messages.success(request, f"已录入，本县区共录入纸质问卷{entered}份。可继续录入下一份。")
            return redirect("surveys:paper", pk=pk)
    return render(request, "surveys/paper.html", {"form": form, "q": questionnaire})


@require_http_methods(["GET", "POST"])
def tally_entry(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    if request.user.role != Role.COUNTY_OFFICER:
        raise ScopeViolation("汇总人数由县区经办录入")
    questions = list(questionnaire.questions.filter(kind=QuestionKind.SCALE).prefetch_related("options"))
    form = TallyForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            n = services.tallies_enter(
                by=request.user, questionnaire=questionnaire, county=request.user.county, counts=form.counts()
            )
        except services.SurveyError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, f"已录入{request.user.county.name}的汇总：{n}份有效问卷。")
            return redirect("surveys:results", pk=pk)
    return render(request, "surveys/tally.html", {"form": form, "q": questionnaire})


# ---- public answering --------------------------------------------------------------------------


def _device(request: HttpRequest) -> str:
    return request.COOKIES.get(DEVICE_COOKIE) or uuid.uuid4().hex


@login_not_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, slug: str) -> HttpResponse:
    """Answer by link: the whole form, or one question per screen with resume. No time limit."""
    distribution = get_object_or_404(Distribution.objects.select_related("questionnaire"), slug=slug)
    questionnaire = distribution.questionnaire
    questions = list(questionnaire.questions.prefetch_related("options"))
    session_key = f"survey:{slug}"
    key = request.POST.get("key") or request.session.get(session_key) or str(uuid.uuid4())
    request.session[session_key] = key
    step = _step(request, distribution, questions, key)
    shown = [questions[step]] if step is not None else questions
    last = step is None or step == len(questions) - 1
    form = AnswerForm(
        request.POST or None,
        questions=shown,
        questionnaire=questionnaire,
        total=len(questions),
        ask_attributes=last,
        token=distribution.uses_tokens and last,
        initial={"token": request.GET.get("t", "")},
    )
    device = _device(request)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(
                distribution=distribution,
                key=uuid.UUID(key),
                answers=form.answers(),
                final=last,
                device=device,
                token_code=form.cleaned_data.get("token", ""),
                county=form.cleaned_data.get("county"),
                respondent_type=form.cleaned_data.get("respondent_type", ""),
            )
        except (services.SurveyError, ValueError) as exc:
            form.add_error(
                getattr(exc, "field", None) if getattr(exc, "field", None) in form.fields else None, str(exc)
            )
        else:
            if last:
                request.session.pop(session_key, None)
                response = redirect("survey:thanks", slug=slug)
            else:
                response = redirect(f"{request.path}?step={step + 2}")
            response.set_cookie(DEVICE_COOKIE, device, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
            return response
    response = render(
        request,
        "surveys/answer.html",
        {
            "d": distribution,
            "q": questionnaire,
            "form": form,
            "key": key,
            "step": step,
            "total": len(questions),
        },
    )
    response.set_cookie(DEVICE_COOKIE, device, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def _step(request: HttpRequest, distribution: Distribution, questions, key: str) -> int | None:
    """The zero-based question shown in one-per-screen mode: as asked, else the first unanswered."""
    if not distribution.one_per_screen:
        return None
    asked = request.GET.get("step", "")
    if asked.isdigit() and 1 <= int(asked) <= len(questions):
        return int(asked) - 1
    answered = set(Answer.objects.filter(response__key=key).values_list("question_id", flat=True))
    return next((i for i, q in enumerate(questions) if q.id not in answered), len(questions) - 1)


@login_not_required
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    distribution = get_object_or_404(Distribution, slug=slug)
    return render(request, "surveys/thanks.html", {"d": distribution})
