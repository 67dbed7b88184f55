"""The accepted list (the seed's table) in pages of 50 when a year approves more institutions: the
numbering runs on, a county split over two pages shows its whole count and subsidy on both, and
the totals are the year's."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guifan.accounts.models import User
from guifan.funds.models import Enrolment
from guifan.grading.constants import State
from guifan.grading.models import Application
from tests.factories import InstitutionFactory, region

pytestmark = pytest.mark.django_db
MORE = 60  # 官渡区 institutions approved besides the demo's 12


@pytest.fixture
def many_approved(capsys):
    call_command("demo")
    capsys.readouterr()
    template = Application.objects.filter(programme__year=2022, state=State.PAID).first()
    institutions = [InstitutionFactory(county_name="官渡区", name=f"官渡加测{n:02d}") for n in range(MORE)]
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(programme=template.programme, institution=i, accepted=True) for i in institutions
    )
    Application.objects.bulk_create(
        Application(
            programme=template.programme,
            institution=enrolment.institution,
            enrolment=enrolment,
            county=region("官渡区"),
            state=State.COUNCIL_APPROVED,
            standard=template.standard,
            grade=template.grade,
        )
        for enrolment in enrolments
    )


def page_of(client, number: int) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("grading:accepted", args=[2022]), {"page": number}).content.decode()
    return html, len(ctx.captured_queries)


def test_the_accepted_list_runs_over_pages_with_whole_county_totals(client, many_approved):
    client.force_login(User.objects.get(username="auditor"))
    page_of(client, 1)  # the counties' subsidy is computed once, then kept
    first, first_queries = page_of(client, 1)
    second, second_queries = page_of(client, 2)
    total = 12 + MORE
    guandu = 4 + MORE  # the seed's 4 in 官渡区, and the 60 added
    for html in (first, second):
        assert f"机构名单和补助经费（{total}家，24万元），第" in html
        assert f"{guandu}家</td>" in html  # 官渡区's whole count, on both pages it spans
    numbers = [int(n) for n in re.findall(r"<tr>\s*<td>(\d+)</td>", first + second)]
    assert numbers == list(range(1, total + 1))
    assert first_queries == second_queries
