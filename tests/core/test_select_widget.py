"""Selects are written by one tag instead of a template per option: the page must not notice."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html

from guifan.core.forms import Form


class Pick(Form):
    county = forms.ChoiceField(
        label="县区",
        choices=[
            ("", "全部县区"),
            ("五华区", [("1", "五华区"), ("2", "盘龙区 <旧>")]),
            ("3", 'A & B "区"'),
        ],
    )
    several = forms.MultipleChoiceField(label="多选", choices=[("a", "甲"), ("b", "乙")], required=False)


def test_a_select_reads_exactly_as_djangos_own_templates_write_it():
    form = Pick(data={"county": "2", "several": ["a", "b"]})
    for name in ("county", "several"):
        ours = form[name].as_widget()
        django = form.fields[name].widget.render(
            name, form[name].value(), attrs={"id": f"id_{name}"}, renderer=DjangoTemplates()
        )
        assert parse_html(ours) == parse_html(django), name


def test_option_labels_and_values_are_escaped():
    html = Pick(data={"county": "3"})["county"].as_widget()
    assert "盘龙区 &lt;旧&gt;" in html
    assert "A &amp; B &quot;区&quot;" in html
    assert '<option value="3" selected>' in html
