from django import forms

from guifan.core.forms import Form

from .constants import Event


class EmailChoicesForm(Form):
    mark_optional = False
    email = forms.EmailField(
        label="电子邮箱（选填）",
        required=False,
        max_length=254,
        error_messages={"invalid": "电子邮箱格式不正确，如 name@example.org"},
        help_text="勾选了邮件提醒的事项发到这个邮箱；只有您自己和系统能看到",
    )
    events = forms.MultipleChoiceField(
        label="以下事项同时发送电子邮件",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Event.choices,
        help_text="所有事项都会进入站内消息；勾选的事项另发邮件到您账户登记的邮箱。",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("events") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", "勾选了邮件提醒，请填写电子邮箱；不需要邮件的，请不勾选任何事项")
        return cleaned
