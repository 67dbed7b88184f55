"""What each role has to do now, read through the other apps' scoped selectors.

Every item is a sentence with a count and a link to the page where the work is done, so a home page
is a to-do list rather than a greeting. Each role's list costs a fixed number of queries, whatever
the number of applications, entries or answers.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from guifan.accounts.constants import Role
from guifan.core.computed import computed
from guifan.core.money import fen_to_wan
from guifan.evaluation.selectors import evaluation_for_report
from guifan.funds.figures import programme_figures
from guifan.funds.models import Programme
from guifan.funds.selectors import programmes_visible_to
from guifan.grading.constants import State
from guifan.grading.domain import next_step
from guifan.grading.models import Objection, PublicityBatch
from guifan.grading.selectors import (
    applications_visible_to,
    open_year_for,
    programme_open_for_applications,
    rectifications_visible_to,
)
from guifan.supervision.constants import ReviewStatus
from guifan.supervision.selectors import grades_visible_to, live, reviews_visible_to
from guifan.surveys.selectors import answers_version, questionnaires_visible_to, survey_results


@dataclass(frozen=True)
class Task:
    """One line of a to-do list: what to do, how many, and where."""

    text: str
    url: str
    count: int | None = None


@dataclass
class Home:
    programme: Programme | None
    tasks: list[Task] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)  # (what, value) for a summary table
    applications: list = field(default_factory=list)  # the operator's own, newest first
    apply_year: int | None = None  # a year the operator's institution may still apply for


def newest_programme(user=None) -> Programme | None:
    programmes = programmes_visible_to(user) if user is not None else Programme.objects.all()
    return programmes.order_by("-year").first()


def _list(state: str, year: int) -> str:
    return f"{reverse('grading:list')}?year={year}&state={state}"


def _state_counts(applications) -> dict[str, int]:
    rows = applications.order_by().values("state").annotate(n=Count("id"))
    return {row["state"]: row["n"] for row in rows}


def _application_tasks(counts: dict[str, int], year: int, wanted: list[tuple[str, str]]) -> list[Task]:
    return [
        Task(text.format(n=counts[state]), _list(state, year), counts[state])
        for state, text in wanted
        if counts.get(state)
    ]


def operator_home(user) -> Home:
    """The operator's applications in plain words with the next step, and the year still open to them."""
    applications = list(applications_visible_to(user).order_by("-programme__year"))
    for application in applications:  # the same words as on 我的申请 and the application page
        application.next_step = next_step(
            application.state, user.role, has_statement=bool(application.statement)
        )
    programme = programme_open_for_applications()
    apply_year = programme.year if open_year_for(user, programme) else None
    tasks = [
        Task(f"{a.programme.year}年度：{a.next_step}", reverse("grading:detail", args=[a.pk]))
        for a in applications
        if a.state in {State.DRAFT, State.RETURNED, State.RECTIFICATION}
    ]
    tasks += _grade_tasks(user)
    tasks += [
        Task(
            f"年审要求整改，期限{r.rectification_due:%Y年%-m月%-d日}：请填写整改情况",
            reverse("supervision:review", args=[r.pk]),
        )
        for r in reviews_visible_to(user).filter(status=ReviewStatus.RECTIFYING, rectification_response="")
    ]
    return Home(programme, tasks, applications=applications, apply_year=apply_year)


COUNTY_WORK = [
    (State.SUBMITTED, "{n}份申请待审核"),
    (State.COUNTY_APPROVED, "{n}家机构审核已通过，待组织规范化建设"),
    (State.CONSTRUCTION, "{n}家机构建设中，完成后请县区自检"),
    (State.RECTIFICATION, "{n}家机构正在整改"),
    (State.COUNCIL_APPROVED, "{n}家机构理事会已批准，待拨付补助"),
]
CITY_WORK = [
    (State.SELF_INSPECTED, "{n}家机构县区自检完成，待市级检查验收"),
    (State.RECTIFICATION_SUBMITTED, "{n}家机构整改材料已提交，待复查"),
    (State.ACCEPTED, "{n}家机构验收通过，待列入公示"),
    (State.OBJECTION, "{n}家机构公示期间收到异议，待处理"),
]
INSPECTOR_WORK = [
    (State.SELF_INSPECTED, "{n}家机构待市级检查验收"),
    (State.CITY_INSPECTION, "{n}家机构市级检查验收进行中"),
    (State.RECTIFICATION_SUBMITTED, "{n}家机构整改材料已提交，待复查"),
    (State.REINSPECTION, "{n}家机构复查进行中"),
]


def _due_rectifications(user, programme: Programme) -> list[Task]:
    today = timezone.localdate()
    open_items = rectifications_visible_to(user).filter(
        application__programme=programme, closed=False, submitted_at__isnull=True
    )
    due = open_items.aggregate(
        overdue=Count("id", filter=Q(due__lt=today)), soon=Count("id", filter=Q(due__gte=today))
    )
    url = _list(State.RECTIFICATION, programme.year)
    tasks = []
    if due["overdue"]:
        tasks.append(Task(f"{due['overdue']}项整改已逾期", url, due["overdue"]))
    if due["soon"]:
        tasks.append(Task(f"{due['soon']}项整改未到期，待机构提交", url, due["soon"]))
    return tasks


def _grade_tasks(user) -> list[Task]:
    """Grades expiring within 30 and 90 days, reviews to do, rectifications to answer or re-check,
    and (for the city) downgrades waiting for publicity: two aggregate queries whatever the size."""
    today = timezone.localdate()
    expiring = live(grades_visible_to(user), today).aggregate(
        d30=Count("id", filter=Q(valid_to__lte=today + timedelta(days=30))),
        d90=Count("id", filter=Q(valid_to__lte=today + timedelta(days=90))),
    )
    reviews = reviews_visible_to(user).aggregate(
        **{status: Count("id", filter=Q(status=status)) for status in ReviewStatus.values}
    )
    grades_url, rounds_url = reverse("supervision:list"), reverse("supervision:rounds")
    tasks = []
    if expiring["d30"]:
        tasks.append(Task(f"{expiring['d30']}个等级30天内到期", grades_url, expiring["d30"]))
    if n := expiring["d90"] - expiring["d30"]:
        tasks.append(Task(f"{n}个等级90天内到期", grades_url, n))
    if user.role == Role.OPERATOR:
        return tasks
    if n := reviews[ReviewStatus.PENDING]:
        tasks.append(Task(f"{n}家机构待年审或暗访记录结论", rounds_url, n))
    if n := reviews[ReviewStatus.RECTIFYING]:
        tasks.append(Task(f"{n}家机构年审整改中，待复查", rounds_url, n))
    if user.role == Role.CITY_ADMIN and (n := reviews[ReviewStatus.PROPOSED]):
        tasks.append(Task(f"{n}项降级或撤销待公示", reverse("supervision:notice_new"), n))
    return tasks


def county_home(user) -> Home:
    programme = newest_programme(user)
    if programme is None:
        return Home(None)
    applications = applications_visible_to(user).filter(programme=programme)
    counts = _state_counts(applications)
    tasks = _application_tasks(counts, programme.year, COUNTY_WORK)
    tasks += _due_rectifications(user, programme)
    if counts.get(State.COUNCIL_APPROVED):
        tasks.append(Task("登记补助拨付", reverse("funds:entry_new", args=[programme.year, "payment"])))
    tasks += _grade_tasks(user)
    return Home(programme, tasks, facts=_county_money_facts(_own_money(user, programme)))


def inspector_home(user) -> Home:
    programme = newest_programme()
    if programme is None:
        return Home(None)
    counts = _state_counts(applications_visible_to(user).filter(programme=programme))
    return Home(programme, _application_tasks(counts, programme.year, INSPECTOR_WORK))


@dataclass(frozen=True)
class YearMoney:
    """The programme year's own budget lines added up (a year may have more than one)."""

    budget: int
    received: int
    transferred: int
    paid: int
    unallocated: int
    institutions: int


def _own_money(user, programme: Programme) -> YearMoney | None:
    own = [y for y in programme_figures(user, programme).years if y.source.year == programme.year]
    if not own:
        return None
    return YearMoney(
        budget=sum(y.source.budget for y in own),
        received=sum(y.received for y in own),
        transferred=sum(y.transferred for y in own),
        paid=sum(y.paid for y in own),
        unallocated=sum(y.unallocated for y in own),
        institutions=sum(y.institutions for y in own),
    )


def _money_facts(current: YearMoney | None) -> list[tuple[str, str]]:
    if current is None:
        return [("本年度资金", "尚未登记资金来源")]
    return [
        ("本年度预算（万元）", str(fen_to_wan(current.budget))),
        ("已到位（万元）", str(fen_to_wan(current.received))),
        ("已下拨到县区（万元）", str(fen_to_wan(current.transferred))),
        ("已拨付到机构（万元）", str(fen_to_wan(current.paid))),
        ("拨付机构（家）", str(current.institutions)),
    ]


def _county_money_facts(current: YearMoney | None) -> list[tuple[str, str]]:
    if current is None:
        return [("本年度资金", "市级尚未下拨")]
    return [
        ("已下拨到本县区（万元）", str(fen_to_wan(current.transferred))),
        ("已拨付到机构（万元）", str(fen_to_wan(current.paid))),
        ("拨付机构（家）", str(current.institutions)),
    ]


def _money_tasks(programme: Programme, current: YearMoney | None) -> list[Task]:
    """The city's next step with the year's own budget: register it, receive it, transfer it."""
    year = programme.year
    if current is None:
        return [Task(f"登记{year}年度资金来源（预算文号和金额）", reverse("funds:source_new", args=[year]))]
    tasks = []
    if current.received < current.budget:
        missing = fen_to_wan(current.budget - current.received)
        url = reverse("funds:entry_new", args=[year, "receipt"])
        tasks.append(Task(f"登记{year}年度资金到位：尚有{missing}万元未到位", url))
    if current.unallocated > 0:
        url = reverse("funds:entry_new", args=[year, "transfer"])
        tasks.append(Task(f"下拨{year}年度资金：尚有{fen_to_wan(current.unallocated)}万元未下拨到县区", url))
    return tasks


def city_home(user) -> Home:
    """The year at a glance: funnel, money, publicity, objections, survey, evaluation — each a link.
    It counts the year's applications, money and answers, so it is kept per version of the data;
    the city's administrators and auditors all see the city-wide figures."""
    version = (user.role, timezone.localdate(), answers_version())
    return computed("city_home", version, lambda: _city_home(user))


def _city_home(user) -> Home:
    programme = newest_programme(user)
    if programme is None:
        return Home(None, [Task("新建年度项目", reverse("funds:programmes"))])
    year = programme.year
    applications = applications_visible_to(user).filter(programme=programme)
    counts = _state_counts(applications)
    tasks = _application_tasks(counts, year, [(State.SUBMITTED, "{n}份申请待县区审核"), *CITY_WORK])
    objections = Objection.objects.filter(batch__programme=programme, status="open").order_by("batch_id")
    if first := objections.first():  # handled on its batch's page, where the others are listed too
        n = objections.count()
        tasks.append(Task(f"{n}件异议待处理", reverse("grading:batch", args=[first.batch_id]), n))
    batch = PublicityBatch.objects.filter(programme=programme).order_by("-ends_on").first()
    if batch and batch.ends_on >= timezone.localdate():
        tasks.append(
            Task(f"公示将于{batch.ends_on:%Y年%m月%d日}结束", reverse("grading:batch", args=[batch.pk]))
        )
    elif batch and counts.get(State.PUBLICITY):
        tasks.append(Task("公示期已满，可报理事会审批", reverse("grading:council", args=[batch.pk])))
    facts = [("申请机构（家）", str(sum(counts.values())))]
    facts += [
        (State(s).label, str(n)) for s, n in sorted(counts.items(), key=lambda i: State.values.index(i[0]))
    ]
    current = _own_money(user, programme)
    facts += _money_facts(current)
    tasks += _money_tasks(programme, current)
    tasks += _grade_tasks(user)
    tasks += _survey_tasks(user, programme, facts)
    evaluation = evaluation_for_report(programme)  # the one the report will use
    tasks += _evaluation_tasks(evaluation, programme, facts)
    if (evaluation and evaluation.frozen) or timezone.localdate().year > year:
        following = f"新建{year + 1}年度项目（以{year}年度为基础）"
        tasks.append(Task(following, reverse("funds:programme_next", args=[year])))
    return Home(programme, tasks, facts=facts)


def _survey_tasks(user, programme: Programme, facts: list) -> list[Task]:
    questionnaire = questionnaires_visible_to(user).filter(programme=programme).order_by("-version").first()
    if questionnaire is None:
        return [Task(f"为{programme.year}年度创建满意度调查", reverse("surveys:list"))]
    results = survey_results(questionnaire)
    facts.append(("满意度调查有效问卷（份）", str(sum(results.by_source.values()))))
    url = reverse("surveys:results", args=[questionnaire.pk])
    if questionnaire.is_closed:
        return []
    if not questionnaire.distributions.exists():
        return [Task(f"设置并发放{programme.year}年度满意度调查（尚未生成作答链接）", url)]
    return [Task(f"满意度调查进行中：已收{sum(results.by_source.values())}份，查看回收情况", url)]


def _evaluation_tasks(evaluation, programme: Programme, facts: list) -> list[Task]:
    if evaluation is None:
        return [Task(f"为{programme.year}年度创建绩效自评", reverse("evaluation:list"))]
    facts.append(("绩效自评", "已确认" if evaluation.frozen else "评分中"))
    if evaluation.frozen:
        return [Task("导出绩效自评报告", reverse("reports:report", args=[programme.year]))]
    return [Task("继续绩效自评评分", reverse("evaluation:detail", args=[evaluation.pk]))]


def auditor_home(user) -> Home:
    """The city's figures without the city's to-do items: an auditor reads, never acts."""
    home = city_home(user)
    year = home.programme.year if home.programme else None
    home.tasks = [
        Task(
            "查看项目与资金", reverse("funds:programme", args=[year]) if year else reverse("funds:programmes")
        ),
        Task("查看申报与评定", reverse("grading:list")),
        Task("查看绩效自评", reverse("evaluation:list")),
        Task("查看操作记录", reverse("audit:list")),
    ]
    return home
