"""Answering by link (public, no sign-in): the whole form or one question per screen, resumable.

A long-lived signed device cookie, one per link, identifies the device: it is what the per-device
limit counts and what lets a respondent resume in a later browser session (the session only holds
the current sheet's key)."""

import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from . import domain, services
from .forms import LinkAnswerForm
from .models import Answer, Distribution, Response
from .sheets import Sheet, questionnaire_sheet

FIELDS = "surveys/answer_fields.html"
DEVICE_SALT = "guifan.surveys.device"
DEVICE_MAX_AGE = 365 * 24 * 3600


def device_cookie_name(distribution: Distribution) -> str:
    return f"guifan_device_{distribution.pk}"


def _device(request: HttpRequest, distribution: Distribution) -> tuple[str, bool]:
    """This device's id for this link, from its signed cookie, and whether it came from the cookie:
    a new id when absent or tampered (a new id has submitted nothing and has no unfinished sheet)."""
    value = request.get_signed_cookie(
        device_cookie_name(distribution), default=None, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE
    )
    if value and len(value) == 32:
        return value, True
    return uuid.uuid4().hex, False


def _with_device(response: HttpResponse, distribution: Distribution, device: str) -> HttpResponse:
    response.set_signed_cookie(
        device_cookie_name(distribution),
        device,
        salt=DEVICE_SALT,
        max_age=DEVICE_MAX_AGE,
        path=reverse("survey:answer", args=[distribution.slug]),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _as_key(value: str | None) -> str | None:
    """A sheet key in its canonical spelling, or None when the value is not a UUID."""
    try:
        return str(uuid.UUID(value)) if value else None
    except ValueError:
        return None


def _bad_posted_key(request: HttpRequest) -> bool:
    """A posted sheet key that is not one: a tampered or truncated page, refused rather than
    guessed at (answers posted under the wrong sheet would be lost)."""
    posted = request.POST.get("key", "")
    return request.method == "POST" and bool(posted) and _as_key(posted) is None


def _sheet_key(request: HttpRequest, distribution: Distribution, device: str, *, known: bool) -> str:
    """The sheet being filled in: as posted, else this session's, else this device's unfinished
    one (resume in a new session), else a new one. A new key shown by a GET is kept in the session
    only once the page is posted: until then no sheet exists that a reload could lose."""
    session_key = f"survey:{distribution.slug}"
    key = _as_key(request.POST.get("key")) or _as_key(request.session.get(session_key))
    if not key and known:
        unfinished = (
            Response.objects.filter(distribution=distribution, device=device, complete=False)
            .order_by("-started_at")
            .values_list("key", flat=True)
            .first()
        )
        key = str(unfinished) if unfinished else None
    if not key:
        key = str(uuid.uuid4())
        if request.method != "POST":
            return key
    request.session[session_key] = key
    return key


def _unavailable(request, distribution, device, *, heading: str, text: str) -> HttpResponse:
    page = render(request, "surveys/unavailable.html", {"d": distribution, "heading": heading, "text": text})
    return _with_device(page, distribution, device)


@login_not_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, slug: str) -> HttpResponse:
    """Answer by link: the whole form, or one question per screen with resume. No time limit."""
    distribution = get_object_or_404(
        Distribution.objects.select_related("questionnaire__programme"), slug=slug
    )
    questionnaire = distribution.questionnaire
    device, known = _device(request, distribution)
    state = questionnaire.state
    if state == domain.CLOSED or not distribution.active:
        return _unavailable(
            request,
            distribution,
            device,
            heading="调查已结束",
            text=f"本次满意度调查{questionnaire.state_label if state == domain.CLOSED else '已停止收集'}，"
            "不再接受作答。谢谢您的关注。",
        )
    if state == domain.NOT_OPEN:
        return _unavailable(
            request,
            distribution,
            device,
            heading="调查尚未开始",
            text=f"本次满意度调查将于{domain.cn_date(questionnaire.opens_on)}开始，届时再打开本链接即可作答。",
        )
    limit = distribution.per_device_limit
    if not distribution.uses_tokens and known and services.device_submitted(distribution, device) >= limit:
        return _unavailable(
            request,
            distribution,
            device,
            heading="您已提交过这份问卷",
            text=f"这台设备已通过本链接提交{limit}份问卷（每台设备限{limit}份），不能再次提交。谢谢您的参与！",
        )
    sheet = questionnaire_sheet(questionnaire)
    questions = sheet.questions
    key = _sheet_key(request, distribution, device, known=known)
    step = _step(request, distribution, questions, key)
    shown = [questions[step]] if step is not None else questions
    last = step is None or step == len(questions) - 1
    form = LinkAnswerForm(
        request.POST or None,
        questions=shown,
        questionnaire=questionnaire,
        total=len(questions),
        ask_attributes=last,
        token=distribution.uses_tokens and last,
        initial={"token": request.GET.get("t", "")},
    )
    refused = _bad_posted_key(request)
    if refused:
        form.is_valid()
        form.add_error(None, "提交编号无效，答案未保存。请核对本页答案后再次提交。")
    elif request.method == "POST" and form.is_valid():
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
            field = getattr(exc, "field", None)
            form.add_error(field if field in form.fields else None, str(exc))
        else:
            if last:
                request.session.pop(f"survey:{slug}", None)
                return _with_device(redirect("survey:thanks", slug=slug), distribution, device)
            return _with_device(redirect(f"{request.path}?step={step + 2}"), distribution, device)
    page = render(
        request,
        "surveys/answer.html",
        {
            "d": distribution,
            "q": questionnaire,
            "form": form,
            "lead": form.page_fields("lead"),
            "questions": _questions_markup(form, sheet, step),
            "tail": form.page_fields("tail"),
            "key": key,
            "step": step,
            "total": len(questions),
        },
        status=400 if refused else 200,
    )
    return _with_device(page, distribution, device)


def _questions_markup(form: LinkAnswerForm, sheet: Sheet, step: int | None) -> str:
    """The questions' fieldsets. Blank (a GET), they are the same for every respondent: drawn once
    per worker and kept with the sheet; with posted answers or errors, drawn for this page."""
    if form.is_bound:
        return render_to_string(FIELDS, {"fields": form.page_fields("questions")})
    drawn = sheet.drawn.get(("blank", step))
    if drawn is None:
        drawn = sheet.drawn[("blank", step)] = render_to_string(
            FIELDS, {"fields": form.page_fields("questions")}
        )
    return drawn


def _step(request: HttpRequest, distribution: Distribution, questions, key: str) -> int | None:
    """The zero-based question shown in one-per-screen mode: as asked, else the first unanswered."""
    if not distribution.one_per_screen:
        return None
    asked = request.GET.get("step", "")
    # isdigit() alone lets "²" through, which int() refuses.
    if asked.isascii() and asked.isdigit() and 1 <= int(asked) <= len(questions):
        return int(asked) - 1
    answered = set(Answer.objects.filter(response__key=key).values_list("question_id", flat=True))
    return next((i for i, q in enumerate(questions) if q.id not in answered), len(questions) - 1)


@login_not_required
@require_safe
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    distribution = get_object_or_404(Distribution, slug=slug)
    return render(request, "surveys/thanks.html", {"d": distribution})
