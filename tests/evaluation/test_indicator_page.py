"""The indicator page opens with the current answers chosen, so saving it unchanged works."""

import re

import pytest
from django.urls import reverse

from guifan.evaluation.models import Indicator

pytestmark = pytest.mark.django_db


def test_an_applicable_indicator_opens_with_applicable_chosen(client, city, demo):
    indicator = Indicator.objects.filter(children__isnull=True, not_applicable=False).first()
    client.force_login(city)
    page = client.get(reverse("evaluation:indicator", args=[indicator.pk])).content.decode()
    assert re.search(r'<input[^>]*value="no"[^>]*checked', page), "适用 is not chosen"
