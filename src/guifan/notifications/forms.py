from django import forms

from guifan.core.forms import Form

from .constants import Event


class EmailChoicesForm(Form):
    mark_optional = False
    events = forms.MultipleChoiceField(
        label="以下事项同时发送电子邮件",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Event.choices,
        help_text="所有事项都会进入站内消息；勾选的事项另发邮件到您账户登记的邮箱。",
    )
