"""The form pattern every page uses (GOV.UK Design System style): label above field, hint and
error tied to the field with aria-describedby, optional fields marked, no browser validation."""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

from .money import AmountError, fen_to_yuan, yuan_to_fen

# The spellings the imports accept (core.dates), so a date typed on a page is read as in a sheet.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]


class GuifanBoundField(BoundField):
    """Points the field's aria-describedby at its hint and its error message, in that order."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.use_fieldset or not self.auto_id:
            return attrs
        described = [f"{self.auto_id}_helptext"] if self.help_text else []
        if self.errors:
            described.append(f"{self.auto_id}_error")
        if described:
            attrs["aria-describedby"] = " ".join(described)
        return attrs

    @property
    def anchor(self) -> str:
        """The id an error-summary link points to: the input itself, or a group's first option."""
        if self.use_fieldset and isinstance(
            self.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple
        ):
            return f"{self.auto_id}_0"
        return self.id_for_label or self.auto_id


class GuifanFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = GuifanBoundField


class GuifanFormMixin:
    """No label colon, no HTML `required` (the server validates and explains), Chinese messages
    that name the field."""

    label_suffix = ""
    use_required_attribute = False
    mark_optional = True  # "（选填）" after optional labels; filter forms, all optional, turn it off
    bound_field_class = GuifanBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.adapt_fields()

    def adapt_fields(self) -> None:
        """Apply the pattern to every field; forms that add fields after __init__ call it again."""
        for field in self.fields.values():
            if getattr(field, "_guifan_adapted", False):
                continue
            field._guifan_adapted = True
            if isinstance(field, forms.FileField):
                verb = "上传"
            elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
                verb = "选择"
            else:
                verb = "填写"
            field.error_messages["required"] = f"请{verb}{field.label}"
            if isinstance(field, forms.IntegerField):
                field.error_messages["invalid"] = f"{field.label}应为整数"
                field.widget = forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"})
            if isinstance(field, forms.DateField):
                field.input_formats = DATE_INPUT_FORMATS
                field.error_messages["invalid"] = (
                    f"{field.label}格式不正确，请写成 2021-03-15 或 2021年3月15日"
                )


class Form(GuifanFormMixin, forms.Form):
    pass


class ModelForm(GuifanFormMixin, forms.ModelForm):
    pass


class YuanField(forms.CharField):
    """An amount typed in yuan (元), cleaned to integer fen; refuses negatives, zero and fractions of fen."""

    def __init__(self, *args, allow_zero: bool = False, **kwargs):
        self.allow_zero = allow_zero
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "input--medium"}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return str(fen_to_yuan(value))
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return yuan_to_fen(text, allow_zero=self.allow_zero)
        except AmountError as exc:
            raise forms.ValidationError(str(exc)) from exc
