"""新建绩效自评 and 填写绩效目标, through the pages, and every page of a fresh year's evaluation."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from guifan.accounts.models import User
from guifan.evaluation import services
from guifan.evaluation.models import Evaluation, Indicator

pytestmark = pytest.mark.django_db

NEW = reverse("evaluation:new")


def seed_2022() -> Evaluation:
    return Evaluation.objects.get(programme__year=2022, template__startswith="决策")


def test_the_list_offers_to_create_an_evaluation_for_a_year_that_has_none(programme_2023, client):
    client.force_login(User.objects.get(username="city"))
    page = client.get(reverse("evaluation:list")).content.decode()
    assert f'href="{NEW}?year=2023">新建2023年度绩效自评</a>' in page
    assert "2022年度：决策·管理·绩效（20/20/60）</a>（已确认）" in page
    client.force_login(User.objects.get(username="auditor"))
    page = client.get(reverse("evaluation:list")).content.decode()
    assert "新建" not in page
    assert client.get(NEW).status_code == 403


def test_the_list_reads_in_a_fixed_number_of_queries(programme_2023, client, django_assert_max_num_queries):
    client.force_login(User.objects.get(username="city"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("evaluation:list")).status_code == 200


def test_a_new_evaluation_from_the_national_template_is_unscored_with_the_years_target(
    programme_2023, client
):
    client.force_login(User.objects.get(username="city"))
    page = client.get(NEW + "?year=2023").content.decode()
    assert f'<option value="{programme_2023.pk}" selected>2023年度' in page
    response = client.post(NEW, {"programme": programme_2023.pk, "origin": "national"})
    evaluation = Evaluation.objects.get(programme=programme_2023)
    assert response.status_code == 302 and response["Location"] == reverse(
        "evaluation:detail", args=[evaluation.pk]
    )
    assert evaluation.template == "项目支出绩效自评表（财预〔2020〕10号）"
    leaves = evaluation.indicators.filter(children__isnull=True)
    assert leaves.count() == 8 and not leaves.exclude(score=None).exists()
    assert leaves.get(source="institutions_paid").target == 10  # the 2023 programme's annual target


def test_copying_last_years_evaluation_keeps_the_tree_and_goals_but_no_score(programme_2023, client):
    client.force_login(User.objects.get(username="city"))
    source = seed_2022()
    client.post(NEW, {"programme": programme_2023.pk, "origin": f"copy-{source.pk}"})
    copy = Evaluation.objects.get(programme=programme_2023)
    assert (copy.template, copy.display_places, copy.signed_off_at) == (source.template, 0, None)
    assert (copy.total_goal, copy.annual_goal, copy.department) == (
        source.total_goal,
        source.annual_goal,
        source.department,
    )

    def tree(e):
        return [
            (i.code, i.name, i.weight, i.target, i.nature, i.unit, i.method, i.source, i.level)
            for i in e.indicators.exclude(source="institutions_paid").order_by("order")
        ]

    assert tree(copy) == tree(source)
    assert copy.indicators.count() == source.indicators.count()
    unscored = Indicator.objects.filter(evaluation=copy, score=None, actual=None, band="", deviation="")
    assert unscored.count() == copy.indicators.count()
    assert copy.actions.count() == 0


def test_a_second_evaluation_of_the_same_template_is_refused_and_nothing_is_written(programme_2023, client):
    client.force_login(User.objects.get(username="city"))
    client.post(NEW, {"programme": programme_2023.pk, "origin": "seed"})
    before = Indicator.objects.count()
    page = client.post(NEW, {"programme": programme_2023.pk, "origin": "seed"}).content.decode()
    assert "<title>错误：" in page
    assert "2023年度已有名为“决策·管理·绩效（20/20/60）”的绩效自评，不能重复建立" in page
    assert Evaluation.objects.filter(programme=programme_2023).count() == 1
    assert Indicator.objects.count() == before


def test_an_empty_form_names_both_fields(city, client):
    client.force_login(city)
    page = client.post(NEW, {}).content.decode()
    assert "请选择年度项目" in page and "请选择指标体系" in page


def test_import_indicators_does_not_write_the_year_twice(programme_2023, tmp_path, capsys):
    path = tmp_path / "indicators.xlsx"
    call_command("export_indicators", str(seed_2022().pk), "-o", str(path))
    call_command("import_indicators", str(path), "--year", "2023", "--name", "2023年度本市指标")
    printed = capsys.readouterr().out
    evaluation = Evaluation.objects.get(programme=programme_2023)
    assert evaluation.template == "本市指标" and str(evaluation) == "2023年度 本市指标"
    assert "2023年度 2023年度" not in printed and "已建立 2023年度 本市指标" in printed


def test_goals_are_entered_on_their_page_and_shown_on_the_declaration(programme_2023, client):
    city = User.objects.get(username="city")
    evaluation = services.evaluation_create(by=city, programme=programme_2023, template="national")
    client.force_login(city)
    detail = client.get(reverse("evaluation:detail", args=[evaluation.pk])).content.decode()
    url = reverse("evaluation:goals", args=[evaluation.pk])
    assert f'href="{url}">填写绩效目标</a>' in detail
    page = client.post(url, {"department": "", "total_goal": " ", "annual_goal": ""}).content.decode()
    assert "请填写总目标（中长期目标）" in page and "请填写年度目标" in page
    response = client.post(
        url,
        {"department": "昆明市残疾人联合会", "total_goal": "三年扶持30家", "annual_goal": "2023年扶持10家"},
    )
    assert response.status_code == 302
    page = client.get(reverse("evaluation:declaration", args=[evaluation.pk])).content.decode()
    assert "<dd>三年扶持30家</dd>" in page and "<dd>2023年扶持10家</dd>" in page
    assert "<dd>昆明市残疾人联合会</dd>" in page
    client.force_login(User.objects.get(username="auditor"))
    assert client.get(url).status_code == 403


def test_goals_of_a_signed_off_evaluation_cannot_change(city):
    with pytest.raises(services.EvaluationError, match="已确认，绩效目标不能再修改"):
        services.evaluation_goals_save(
            by=city, evaluation=seed_2022(), department="", total_goal="x", annual_goal="y"
        )


EVALUATION_PAGES = [
    "evaluation:detail",
    "evaluation:declaration",
    "evaluation:declaration_xlsx",
    "evaluation:declaration_docx",
    "evaluation:self_evaluation",
    "evaluation:self_evaluation_xlsx",
    "evaluation:self_evaluation_docx",
]


@pytest.mark.parametrize("template", ["national", "seed"])
def test_every_page_of_a_fresh_years_unscored_evaluation_opens_for_those_who_may_read_it(
    programme_2023, client, template
):
    city = User.objects.get(username="city")
    evaluation = services.evaluation_create(by=city, programme=programme_2023, template=template)
    leaf = evaluation.indicators.filter(children__isnull=True).first()
    for username in ["city", "auditor"]:
        client.force_login(User.objects.get(username=username))
        for name in EVALUATION_PAGES:
            assert client.get(reverse(name, args=[evaluation.pk])).status_code == 200, (username, name)
        assert client.get(reverse("evaluation:list")).status_code == 200
    client.force_login(city)
    for name in ["evaluation:goals", "evaluation:action_new"]:
        assert client.get(reverse(name, args=[evaluation.pk])).status_code == 200
    assert client.get(reverse("evaluation:indicator", args=[leaf.pk])).status_code == 200
    assert client.post(reverse("evaluation:compute", args=[evaluation.pk])).status_code == 302
    page = client.get(reverse("evaluation:detail", args=[evaluation.pk]), follow=True).content.decode()
    assert "尚未评分" in page
    for username in ["panlong", "expert", "qingyu"]:
        client.force_login(User.objects.get(username=username))
        for name in [*EVALUATION_PAGES, "evaluation:goals"]:
            assert client.get(reverse(name, args=[evaluation.pk])).status_code == 403, (username, name)
        assert client.get(NEW).status_code == 403
