"""Signed-in survey pages: the list, creating and setting up a survey, results, links, paper
entry, tallies and closing. Answering by link is in public_views."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from guifan.accounts.constants import Role
from guifan.core.exceptions import ScopeViolation
from guifan.core.pages import form_page
from guifan.funds.models import Enrolment
from guifan.funds.selectors import programmes_visible_to
from guifan.regions.selectors import counties

from . import excel, services
from .constants import QuestionKind
from .domain import to_decimal
from .forms import AnswerForm, DistributionForm, QuestionnaireNewForm, QuestionnaireSettingsForm, TallyForm
from .loading import survey_templates, template_draft
from .selectors import (
    copy_sources,
    county_scope,
    distribution_counts,
    questionnaires_visible_to,
    survey_results,
)


def _questionnaire(request: HttpRequest, pk: int):
    if request.user.role not in {Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.AUDITOR}:
        raise ScopeViolation("无权查看满意度调查")
    return get_object_or_404(questionnaires_visible_to(request.user), pk=pk)


@require_safe
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    if request.user.role not in {Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.AUDITOR}:
        raise ScopeViolation("无权查看满意度调查")
    return render(request, "surveys/list.html", {"questionnaires": questionnaires_visible_to(request.user)})


def _city_admin(request: HttpRequest, what: str) -> None:
    if request.user.role != Role.CITY_ADMIN:
        raise ScopeViolation(f"只有市级管理员可以{what}")


@require_http_methods(["GET", "POST"])
def questionnaire_new(request: HttpRequest) -> HttpResponse:
    """新建满意度调查: a year's survey from a template or an earlier year's questionnaire."""
    _city_admin(request, "新建满意度调查")
    programmes = programmes_visible_to(request.user).order_by("-year")
    without = programmes.exclude(questionnaires__isnull=False).first()
    form = QuestionnaireNewForm(
        request.POST or None,
        programmes=programmes,
        templates={name: template_draft(name) for name in survey_templates()},
        questionnaires=copy_sources(request.user),
        initial={"programme": without.pk if without else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            questionnaire = services.questionnaire_create_from(
                by=request.user,
                programme=data["programme"],
                draft=form.draft(),
                title=data["title"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                surveyed_counties=data["surveyed_counties"],
            )
        except services.SurveyError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(
                request, f"已新建满意度调查“{questionnaire.title}”。下一步：发放问卷，生成作答链接。"
            )
            return redirect("surveys:results", pk=questionnaire.pk)
    return form_page(
        request,
        form,
        title="新建满意度调查",
        intro="题目、选项和计分权重从所选问卷复制；新问卷没有答卷，发放链接后才能作答。",
        cancel_url=reverse("surveys:list"),
    )


@require_http_methods(["GET", "POST"])
def questionnaire_edit(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    _city_admin(request, "修改满意度调查")
    if questionnaire.is_closed:
        messages.error(request, f"调查{questionnaire.state_label}，结果已定，设置不能再改。")
        return redirect("surveys:results", pk=pk)
    form = QuestionnaireSettingsForm(
        request.POST or None,
        initial={
            "title": questionnaire.title,
            "opens_on": questionnaire.opens_on,
            "closes_on": questionnaire.closes_on,
            "surveyed_counties": list(questionnaire.surveyed_counties.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_update(by=request.user, questionnaire=questionnaire, **form.cleaned_data)
        except services.SurveyError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, "已保存调查设置。")
            return redirect("surveys:results", pk=pk)
    return form_page(
        request,
        form,
        title="修改调查设置",
        intro=questionnaire.title,
        cancel_url=reverse("surveys:results", args=[pk]),
    )


@require_http_methods(["GET", "POST"])
def questionnaire_close(request: HttpRequest, pk: int) -> HttpResponse:
    """关闭调查, after a confirmation page that says what closing means."""
    questionnaire = _questionnaire(request, pk)
    _city_admin(request, "关闭调查")
    if request.method == "POST":
        try:
            services.questionnaire_close(by=request.user, questionnaire=questionnaire)
        except services.SurveyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "调查已关闭：不再接受网上作答、纸质问卷和汇总录入，结果不再变化。")
        return redirect("surveys:results", pk=pk)
    if questionnaire.closed_at is not None:
        messages.error(request, f"调查{questionnaire.state_label}，无需再次关闭。")
        return redirect("surveys:results", pk=pk)
    return render(
        request,
        "surveys/close.html",
        {"q": questionnaire, "r": survey_results(questionnaire)},
    )


def _refuse_closed(request: HttpRequest, questionnaire, what: str) -> HttpResponse | None:
    """Entry pages of a closed survey: back to the results, saying why."""
    if not questionnaire.is_closed:
        return None
    messages.error(request, f"调查{questionnaire.state_label}，不能再{what}。")
    return redirect("surveys:results", pk=questionnaire.pk)


@require_safe
def results(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    requested = request.GET.get("county")
    county_id = county_scope(request.user, int(requested) if requested and requested.isdigit() else None)
    res = survey_results(questionnaire, county_id=county_id)
    accepted = sorted(
        Enrolment.objects.filter(programme=questionnaire.programme, accepted=True)
        .values_list("institution__county__name", flat=True)
        .order_by()
        .distinct()
    )
    surveyed = res.surveyed or res.counties_answered
    city = request.user.role == Role.CITY_ADMIN
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
            "distributions": distribution_counts(questionnaire) if city else [],
            "is_city": city,
            "closed": questionnaire.is_closed,
            "chart": _chart(res),
            "chart_height": len(res.rows) * CHART_ROW,
        },
    )


CHART_WIDTH, CHART_ROW = 800, 64


def _chart(res) -> list[tuple[int, object, int, int]]:
    """(question number, score rounded as the table shows it, bar length in viewBox units for its
    share of the question's points, row top) — the bar may use the chart's full width."""
    return [
        (
            q.number,
            to_decimal(r.score),
            round(float(r.score / r.points) * CHART_WIDTH) if r.points else 0,
            i * CHART_ROW,
        )
        for i, (q, r, *_) in enumerate(res.rows)
    ]


@require_safe
def results_export(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    requested = request.GET.get("county")
    county_id = county_scope(request.user, int(requested) if requested and requested.isdigit() else None)
    return excel.results_response(survey_results(questionnaire, county_id=county_id))


@require_safe
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
    if refused := _refuse_closed(request, questionnaire, "发放问卷"):
        return refused
    form = DistributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            distribution = services.distribution_create(
                by=request.user, questionnaire=questionnaire, **form.cleaned_data
            )
        except services.SurveyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已生成问卷链接“{distribution.name}”，见本页“发放的链接”。")
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
    if refused := _refuse_closed(request, questionnaire, "录入纸质问卷"):
        return refused
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
    if refused := _refuse_closed(request, questionnaire, "录入汇总人数"):
        return refused
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
