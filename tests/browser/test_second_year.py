"""The 2023 year, run after the 2022 demo by every role through the pages alone.

Nothing here calls a service or types a URL into the address bar except the site's front page, the
public notice and the survey link a respondent is given: each step signs in, starts from the home
page and follows links and buttons by their visible names. The server's clock is moved through the
year with time-machine (the publicity window and the objection period depend on it). The report's
figures are checked against a calculation from what the test typed, not from what Guifan printed.
"""

import io
import re
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from docx import Document

from .checks import assert_accessible, tab_until
from .conftest import ARTIFACTS

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEMO_PASSWORD = "guifan-demo-2022"
PDF = b"%PDF-1.4\n%evidence\n%%EOF\n"

INSTITUTION = "昆明市盘龙区明远盲人按摩店"
BUDGET_YUAN = 40_000  # 昆财社〔2023〕12号: 4万元 for two institutions at 2万元
PAID_YUAN = 20_000  # one institution finished in 2023
# The 10 questions answered online by one respondent and on paper by another (option letters).
ONLINE = "AAAAAAACCC"
PAPER = "BBBBBBBBBB"
WEIGHTS = {"A": Fraction(1), "B": Fraction(4, 5), "C": Fraction(3, 5), "D": Fraction(1, 5), "E": Fraction(0)}


def expected_survey() -> tuple[Fraction, Fraction]:
    """满意度得分 (each question 10 points × mean weight) and 满意率 ((A+B) ÷ answers), by hand."""
    score = sum(Fraction(10) * (WEIGHTS[a] + WEIGHTS[b]) / 2 for a, b in zip(ONLINE, PAPER, strict=True))
    answers = ONLINE + PAPER
    satisfied = Fraction(100 * sum(1 for k in answers if k in "AB"), len(answers))
    return score, satisfied


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def clock(settings):
    """The server's clock, moved through 2023. The browser keeps the real date, so cookies must not
    carry an expiry computed from the server's (past) date: session-length cookies only."""
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    with time_machine.travel(at(2023, 3, 1), tick=True) as traveller:
        yield traveller


class Browser:
    """One person at one browser: signs in through the sign-in page and follows visible links."""

    def __init__(self, chromium, base_url: str):
        self.chromium, self.base_url = chromium, base_url
        self.context = self.page = None

    def open(self, username: str | None = None, password: str = DEMO_PASSWORD):
        self.close()
        self.context = self.chromium.new_context(base_url=self.base_url, locale="zh-CN")
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.page.goto("/")
        if username:
            self.page.get_by_label("用户名").fill(username)
            self.page.get_by_label("密码", exact=True).fill(password)
            self.button("登录")
        return self.page

    def close(self):
        if self.context:
            self.context.close()
        self.context = self.page = None

    def _find(self, role: str, name, exact: bool):
        found = self.page.get_by_role(role, name=name, exact=exact)
        if not found.count():
            raise AssertionError(f"no {role} “{name}” on {self.page.url}:\n{self.main()}")
        return found

    def link(self, name, *, exact: bool = False):
        with self.page.expect_navigation():
            self._find("link", name, exact).first.click()
        assert_accessible(self.page)

    def button(self, name, *, exact: bool = False):
        with self.page.expect_navigation():
            self._find("button", name, exact).click()

    def home(self):
        with self.page.expect_navigation():
            self.page.get_by_role("link", name="首页", exact=True).click()

    def menu(self, name: str):
        with self.page.expect_navigation():
            self.page.get_by_role("navigation", name="主菜单").get_by_role("link", name=name).click()

    def fill(self, label, value: str, *, exact: bool = False):
        self.page.get_by_label(label, exact=exact).fill(value)

    def status(self) -> str:
        return self.page.locator("[role=status]").inner_text()

    def main(self) -> str:
        return self.page.locator("main").inner_text()


@pytest.fixture
def people(chromium, live_server):
    opened = []

    def person() -> Browser:
        browser = Browser(chromium, live_server.url)
        opened.append(browser)
        return browser

    yield person
    for browser in opened:
        if browser.page and browser.context:
            ARTIFACTS.mkdir(exist_ok=True)
        browser.close()


def evidence(name: str) -> str:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(PDF)
    return str(path)


def score_sheet(b: Browser, *, short_of_full: dict[str, str] | None = None) -> None:
    """Fill every item of an inspection sheet with full marks (or the points given by item code),
    upload evidence where the label says it is required, and complete the sheet."""
    short_of_full = short_of_full or {}
    for item in b.page.locator("main fieldset.item").all():
        legend = item.locator("legend").inner_text()
        code, full = legend.split(" ", 1)[0], re.search(r"满分(\d+(?:\.\d+)?)", legend)[1]
        item.locator("input[name^=points_]").fill(short_of_full.get(code, full))
        if item.get_by_label("佐证材料（完成评分时须上传）").count():
            item.get_by_label("佐证材料（完成评分时须上传）").set_input_files(evidence(f"佐证-{code}.pdf"))
    b.page.get_by_label("完成评分（完成后不能再修改）").check()
    b.button("保存评分")


def choose(b: Browser, number: int, key: str) -> None:
    """Tick option KEY of question NUMBER (labels read “第N题：…” and “A. 非常满意”)."""
    group = b.page.get_by_role("group", name=re.compile(f"^第{number}题[：，]"))
    group.get_by_label(f"{key}. ").check()


def first_item(b: Browser) -> tuple[str, Fraction]:
    legend = b.page.locator("main fieldset.item legend").first.inner_text()
    return legend.split(" ", 1)[0], Fraction(re.search(r"满分(\d+)", legend)[1])


def test_the_2023_year_through_the_pages_alone(demo, clock, people):
    city, county, expert, operator, public = people(), people(), people(), people(), people()

    # 1. The city creates 2023 from 2022, with the new budget document and target.
    city.open("city")
    city.link("新建2023年度项目")
    city.fill("通知文号", "昆残综字〔2023〕5号")
    city.fill("预算文号", "昆财社〔2023〕12号")
    city.fill("预算金额（元）", str(BUDGET_YUAN))
    city.fill("年度目标（家）", "2")
    city.button("保存")
    assert city.page.locator("h1").inner_text().startswith("2023")
    assert_accessible(city.page)

    # 2. 盘龙区 registers the new institution.
    county.open("panlong")
    county.menu("机构名录")
    county.link("新建机构")
    county.fill("机构名称", INSTITUTION)
    county.fill("负责人姓名", "李明远")
    county.fill("电话", "13900000023")
    county.page.get_by_label("个体工商户").check()
    county.button("保存")
    assert INSTITUTION in county.main()

    # 3. The city gives the operator and a new inspector their logins.
    passwords = {}
    for username, role, bound in [("mingyuan", "机构用户", INSTITUTION), ("expert2023", "评审专家", None)]:
        city.menu("用户管理")
        city.link("新建账户")
        city.fill("用户名", username)
        city.page.get_by_role("group", name="角色").get_by_label(role, exact=True).check()
        if bound:
            city.page.get_by_label("所属机构").select_option(label=bound)
        city.button("保存")
        passwords[username] = city.page.locator("#initial-password").inner_text()
        assert_accessible(city.page)

    # 4. The operator signs in, sets a password, and applies — by keyboard alone.
    clock.move_to(at(2023, 3, 6))
    page = operator.open("mingyuan", passwords["mingyuan"])
    assert page.locator("h1").inner_text() == "设置您自己的密码"
    assert_accessible(page)
    tab_until(page, lambda el: el["id"] == "id_new_password1")
    page.keyboard.type("Mingyuan-2023-anmo")
    page.keyboard.press("Tab")
    page.keyboard.type("Mingyuan-2023-anmo")
    tab_until(page, lambda el: el["text"] == "保存新密码")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "已设置新密码" in operator.status()
    assert_accessible(page)
    tab_until(page, lambda el: el["tag"] == "a" and el["text"].startswith("申请参加2023年度"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_until(page, lambda el: el["id"] == "id_statement")
    page.keyboard.type("本店有3名盲人按摩师，自愿参加2023年度规范化建设。")
    tab_until(page, lambda el: el["text"] == "保存草稿")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_until(page, lambda el: el["text"] == "提交申请")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert operator.status() == "已提交申请。"
    assert_accessible(page)

    # 5. 盘龙区 reviews, organises the construction and self-inspects.
    clock.move_to(at(2023, 3, 8))
    county.open("panlong")
    county.link("1份申请待审核")
    county.link(INSTITUTION)
    county.button("县区审核通过")
    county.button("开始规范化建设")
    clock.move_to(at(2023, 5, 10))
    county.open("panlong")
    county.link("建设中")
    county.link(INSTITUTION)
    county.button("开始县区自检")
    assert_accessible(county.page)
    score_sheet(county)
    county.button("完成县区自检")
    assert "县区自检完成" in county.main()

    # 6. The new inspector signs in, scores with evidence and asks for rectification.
    clock.move_to(at(2023, 6, 1))
    page = expert.open("expert2023", passwords["expert2023"])
    expert.fill("新密码", "Expert-2023-jiancha", exact=True)
    expert.fill("再次输入新密码", "Expert-2023-jiancha")
    expert.button("保存新密码")
    expert.link("待市级检查验收")
    expert.link(INSTITUTION)
    expert.button("开始市级检查验收")
    assert_accessible(expert.page)
    short_code, short_max = first_item(expert)
    score_sheet(expert, short_of_full={short_code: str(short_max - 1)})
    expert.link("针对未达标条目提出整改要求")
    expert.page.get_by_label("未达标条目").select_option(index=1)
    expert.fill("整改要求", "补齐本条目的制度文本并上墙公示。")
    expert.fill("整改期限", "2023年6月30日")
    expert.button("保存")
    expert.button("提出整改意见")
    assert "整改中" in expert.main()

    # 7. The operator answers the rectification with evidence.
    clock.move_to(at(2023, 6, 15))
    operator.open("mingyuan", "Mingyuan-2023-anmo")
    operator.link(re.compile("^2023年度"))
    operator.link(re.compile("^填写整改情况"))
    operator.fill("整改情况", "制度已补齐并上墙，附照片。")
    operator.page.get_by_label("整改佐证材料").set_input_files(evidence("整改佐证.pdf"))
    operator.button("保存")
    operator.button("提交整改材料")
    assert operator.status() == "已提交整改材料。"

    # 8. Re-inspection of the rectified item, then acceptance.
    clock.move_to(at(2023, 6, 20))
    expert.open("expert2023", "Expert-2023-jiancha")
    expert.link("整改材料已提交")
    expert.link(INSTITUTION)
    expert.button("开始复查")
    score_sheet(expert, short_of_full={})
    expert.button("验收通过")
    assert "验收通过" in expert.main()

    # 9. Publicity, a public objection with its reference, and its handling.
    clock.move_to(at(2023, 7, 3, 9))
    city.open("city")
    city.menu("申报与评定")
    city.link("发布公示")
    city.fill("公示标题", "2023年度盲人保健按摩机构规范化建设评定结果公示")
    city.fill("公示开始日期", "2023-07-03")
    city.fill("公示期（工作日）", "5")
    city.fill("异议受理方式", "电话 0871-12345678")
    city.page.get_by_label(INSTITUTION).check()
    city.button("保存")
    clock.move_to(at(2023, 7, 4))
    public.open()
    public.page.goto("/publicity/")
    public.link("2023年度盲人保健按摩机构规范化建设评定结果公示")
    public.page.get_by_label(INSTITUTION).check()
    public.fill("异议内容", "该店门头标识与公示名称不一致。")
    public.button("提交异议")
    reference = re.search(r"异议编号 (\S+)。", public.status())[1]
    assert "正在核实处理" in public.main()
    assert_accessible(public.page)
    clock.move_to(at(2023, 7, 5))
    city.open("city")
    city.link("1件异议待处理")
    city.link(re.compile(rf"^处理\s*异议{reference}$"))
    city.page.get_by_label("异议不成立").check()
    city.fill("处理意见", "经核实，门头标识已于公示前更换，与公示名称一致。")
    city.button("保存")
    public.open()
    public.page.goto("/publicity/")
    public.link("查询处理情况")
    public.fill("异议编号", reference)
    public.button("查询")
    assert "已处理：异议不成立" in public.main() and "门头标识已于公示前更换" in public.main()

    # 10. After the period: the council, the money transferred and paid.
    clock.move_to(at(2023, 7, 12))
    city.open("city")
    city.link("公示期已满")
    city.fill("理事会会议日期", "2023-07-12")
    city.fill("决定文号", "昆残理〔2023〕3号")
    city.button("保存")
    clock.move_to(at(2023, 7, 13))
    city.open("city")
    city.menu("项目与资金")
    city.link("2023年度", exact=True)
    city.link("登记资金到位")
    city.fill("日期", "2023-07-13")
    city.fill("金额（元）", str(BUDGET_YUAN))
    city.page.get_by_label("资金来源").select_option(index=1)
    city.button("保存")
    assert "已登记资金到位" in city.status()
    city.link("返回项目资金")
    city.link("登记下拨")
    city.fill("日期", "2023-07-13")
    city.fill("金额（元）", str(BUDGET_YUAN))
    city.page.get_by_label("资金来源").select_option(index=1)
    city.page.get_by_label("下拨至县区").select_option(label="盘龙区")
    city.fill("下拨文号", "昆残综〔2023〕下拨1号")
    city.button("保存")
    clock.move_to(at(2023, 7, 20))
    county.open("panlong")
    county.link("登记补助拨付")
    county.page.get_by_label("补助机构").select_option(label=INSTITUTION)
    county.page.get_by_label("使用哪一年度的资金").select_option(index=1)
    county.fill("日期", "2023年7月20日")
    county.fill("拨付凭证号", "盘龙-2023-001")
    county.button("保存")

    # 11. The survey: copied into 2023, set up, answered online and on paper, closed.
    clock.move_to(at(2023, 11, 1))
    city.open("city")
    city.menu("满意度调查")
    city.link(re.compile("^2023年度"))
    city.link("修改调查设置")
    city.fill("开始日期", "2023-11-01")
    city.fill("截止日期", "2023-11-30")
    city.page.get_by_role("group", name="调查的县区").get_by_label("盘龙区", exact=True).check()
    city.button("保存")
    city.link("发放问卷")
    city.fill("名称", "2023年共用链接")
    city.fill("一次性访问码数量", "0")
    city.page.get_by_label("全部题目在一页").check()
    city.button("保存")
    link = city.page.locator("main a[href*='/s/']").first.get_attribute("href")
    public.open()
    public.page.goto(link)
    for number, key in enumerate(ONLINE, start=1):
        choose(public, number, key)
    public.button("提交问卷")
    assert public.page.locator("h1").inner_text() == "提交成功，谢谢您！"
    county.open("panlong")
    county.menu("满意度调查")
    county.link(re.compile("^2023年度"))
    county.link("录入纸质问卷")
    for number, key in enumerate(PAPER, start=1):
        choose(county, number, key)
    county.button("保存这份问卷")
    clock.move_to(at(2023, 11, 10))
    city.open("city")
    city.menu("满意度调查")
    city.link(re.compile("^2023年度"))
    city.link("关闭调查")
    city.button("确认关闭调查")
    assert "调查已关闭" in city.status()

    # 12. The evaluation (copied into 2023 from 2022): goals, computation, hand scores, sign-off.
    clock.move_to(at(2023, 12, 15))
    city.open("city")
    city.menu("绩效自评")
    city.link(re.compile("^2023年度.*项目支出绩效自评表"))
    city.link("填写绩效目标")
    city.fill("年度目标", "2023年完成2家盲人保健按摩机构规范化建设并评定等级。")
    city.button("保存")
    assert "2023年完成2家盲人保健按摩机构规范化建设" in city.main()  # the 申报表 shows the goal
    city.menu("绩效自评")
    city.link(re.compile("^2023年度.*项目支出绩效自评表"))
    city.button("从记录重新计算")
    while (todo := city.page.locator("tr[data-needs]")).count():
        row = todo.first
        needs, weight = row.get_attribute("data-needs"), row.get_attribute("data-weight")
        with city.page.expect_navigation():
            row.locator("th a").click()
        assert_accessible(city.page)
        if needs == "score":  # a judgement: achieved, full marks
            city.page.get_by_label("达成（80%–100%）").check()
            city.fill(re.compile("^得分"), weight)
        else:  # computed below full marks: say why
            city.fill("偏差原因分析及改进措施", "2023年度预算4万元，完成1家，另1家未申报；已督促县区动员。")
        city.button("保存")
    city.button("确认自评结果")
    assert "自评已确认" in city.status()

    # 13. The report, exported as Word, checked against the inputs.
    city.menu("项目与资金")
    city.link("2023年度", exact=True)
    city.link("绩效自评报告")
    assert_accessible(city.page)
    city.page.get_by_label("Word 文档").check()
    if city.page.get_by_label("我已阅读上列一致性问题，仍然导出").count():
        pytest.fail("the 2023 report has consistency findings:\n" + city.main())
    with city.page.expect_download() as download:
        city.page.get_by_role("button", name="生成并下载").click()
    data = Path(download.value.path()).read_bytes()
    (ARTIFACTS / "self-evaluation-2023.docx").write_bytes(data)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    (ARTIFACTS / "self-evaluation-2023.txt").write_text(text, encoding="utf-8")

    score, satisfied = expected_survey()
    assert f"{float(score):.2f}" in text  # 满意度得分 from the answers typed above
    assert f"{float(satisfied):.2f}%" in text
    assert "2份" in text  # one online, one paper questionnaire
    assert "昆财社〔2023〕12号" in text
    budget, paid = Fraction(BUDGET_YUAN, 10_000), Fraction(PAID_YUAN, 10_000)
    rate = paid * 100 / budget
    assert f"2023年度预算{budget}万元（昆财社〔2023〕12号），到位{budget}万元" in text
    assert f"使用2023年度资金支出{paid}万元，为2023年度预算{budget}万元的{rate}%" in text
    assert f"结余{budget - paid}万元（盘龙区{budget - paid}万元）" in text
    assert "盘龙区有参加机构但未开展调查" not in text  # the survey covered 盘龙区 this time
    assert INSTITUTION in "\n".join(c.text for t in Document(io.BytesIO(data)).tables for c in t._cells)

    # 14. The report checker, as a finance bureau would use it, finds nothing to question.
    report = ARTIFACTS / "self-evaluation-2023.docx"
    city.menu("报告检查")
    city.page.get_by_label(re.compile("^自评报告")).set_input_files(str(report))
    city.button("上传并检查")
    assert "未发现前后不一致之处" in city.main()
    assert_accessible(city.page)
