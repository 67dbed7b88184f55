from django import forms

from guifan.accounts.models import User
from guifan.core.forms import Form


class AuditFilterForm(Form):
    mark_optional = False

    actor = forms.ModelChoiceField(
        label="操作人", queryset=User.objects.order_by("username"), required=False, empty_label="全部"
    )
    since = forms.DateField(label="开始日期", required=False, help_text="如 2022-07-01")
    until = forms.DateField(label="结束日期", required=False, help_text="如 2022-07-31")
