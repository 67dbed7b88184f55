"""The form pattern every page uses: dates as people write them, and messages that fit the field."""

import pytest
from django import forms

from guifan.core.dates import parse_date_text
from guifan.core.forms import Form


class Sample(Form):
    on = forms.DateField(label="拨付日期")
    file = forms.FileField(label="佐证材料")
    county = forms.ChoiceField(label="县区", choices=[("1", "盘龙区")])


@pytest.mark.parametrize("typed", ["2022-05-01", "2022/5/1", "2022.5.1", "2022年5月1日"])
def test_a_date_field_reads_every_spelling_the_imports_read(typed):
    form = Sample(data={"on": typed, "county": "1"}, files={})
    form.is_valid()
    assert "on" not in form.errors
    assert form.cleaned_data["on"] == parse_date_text(typed)


def test_a_wrong_date_says_how_to_write_it():
    form = Sample(data={"on": "五月一日", "county": "1"})
    assert form.errors["on"] == ["拨付日期格式不正确，请写成 2021-03-15 或 2021年3月15日"]


def test_missing_fields_are_asked_for_with_the_verb_that_fits():
    errors = Sample(data={}).errors
    assert errors["on"] == ["请填写拨付日期"]
    assert errors["file"] == ["请上传佐证材料"]
    assert errors["county"] == ["请选择县区"]


def test_an_impossible_date_is_refused_everywhere():
    with pytest.raises(ValueError):
        parse_date_text("2023年2月30日")
    assert "on" in Sample(data={"on": "2023年2月30日"}).errors
