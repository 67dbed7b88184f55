from django import forms
from django.utils import timezone

from guifan.accounts.constants import Role
from guifan.accounts.domain import institution_fields_editable_by
from guifan.core.archives import HostileFile, check_archive, size_limit_text
from guifan.core.forms import Form, ModelForm
from guifan.core.phones import normalize_phone, phone_error
from guifan.regions.selectors import counties, zones

from .constants import INSTITUTION_FIELDS, InstitutionStatus
from .domain import (
    credit_code_error,
    normalize_credit_code,
    normalize_person_name,
    opened_on_error,
    staff_counts_error,
)
from .models import Institution
from .selectors import institution_name_taken

HINTS = {
    "credit_code": "18位，见营业执照；个体工商户也有。可暂不填写。",
    "zone": "机构位于滇池度假区等功能区时选择；所属县区仍填负责管理的县区。",
    "phone": "手机号或带区号的固定电话，如 158 7794 5103、0871-6312 3456",
    "opened_on": "如 2021-03-15",
    "blind_staff_count": "持有视力残疾证的从业人员",
}


class InstitutionForm(ModelForm):
    """Only the fields the user's role may edit are on the form."""

    class Meta:
        model = Institution
        fields = INSTITUTION_FIELDS
        widgets = {"legal_form": forms.RadioSelect, "status": forms.RadioSelect}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editable = institution_fields_editable_by(user.role)
        if self.instance.pk is None and user.role == Role.COUNTY_OFFICER:
            editable = editable - {"county"}
        for name in list(self.fields):
            if name not in editable:
                del self.fields[name]
        if "county" in self.fields:
            self.fields["county"].queryset = counties()
            self.fields["county"].empty_label = "请选择"
        if "zone" in self.fields:
            self.fields["zone"].queryset = zones()
            self.fields["zone"].empty_label = "不在功能区"
        if "status" in self.fields:
            self.fields["status"].choices = InstitutionStatus.choices
        for name, hint in HINTS.items():
            if name in self.fields:
                self.fields[name].help_text = hint
        self.county_for_new = (
            user.county if self.instance.pk is None and user.role == Role.COUNTY_OFFICER else None
        )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_credit_code(self):
        code = normalize_credit_code(self.cleaned_data.get("credit_code", ""))
        if code and (message := credit_code_error(code)):
            raise forms.ValidationError(message)
        return code

    def clean_opened_on(self):
        opened_on = self.cleaned_data.get("opened_on")
        if message := opened_on_error(opened_on, timezone.localdate()):
            raise forms.ValidationError(message)
        return opened_on

    def clean_responsible_person(self):
        return normalize_person_name(self.cleaned_data["responsible_person"])

    def clean_phone(self):
        raw = self.cleaned_data.get("phone", "")
        if message := phone_error(raw):
            raise forms.ValidationError(message)
        return normalize_phone(raw)

    def clean(self):
        cleaned = super().clean()
        if message := staff_counts_error(cleaned.get("staff_count"), cleaned.get("blind_staff_count")):
            self.add_error("blind_staff_count", message)
        county = (
            cleaned.get("county")
            or self.county_for_new
            or (self.instance.county if self.instance.county_id else None)
        )
        name = cleaned.get("name") or self.instance.name
        if (
            county
            and name
            and institution_name_taken(county_id=county.pk, name=name, exclude_pk=self.instance.pk)
        ):
            self.add_error("name" if "name" in self.fields else None, f"{county.name}已有同名机构“{name}”")
        zone = cleaned.get("zone")
        if zone and county and zone.parent_id != county.pk:
            self.add_error("zone", f"{zone.name}由{zone.parent.name}管理，与所属县区“{county.name}”不一致")
        return cleaned

    def _post_clean(self):
        if self.county_for_new is not None:
            self.instance.county = self.county_for_new
        super()._post_clean()


class InstitutionImportForm(Form):
    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        help_text=(
            f"{size_limit_text('xlsx')}；第一张工作表；表头须含“机构名称”“所属县区”“负责人姓名”“电话”。"
            "也可直接上传自评报告中的机构名单表。"
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的 Excel 文件（Excel 2007 及以上版本）")
        try:
            check_archive(upload, "xlsx", name=upload.name)
        except HostileFile as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class InstitutionFilterForm(Form):
    mark_optional = False

    q = forms.CharField(label="搜索", required=False, help_text="机构名称、负责人或统一社会信用代码")
    county = forms.ModelChoiceField(
        label="所属县区", queryset=counties(), required=False, empty_label="全部县区"
    )
    status = forms.ChoiceField(
        label="经营状态", required=False, choices=[("", "全部状态"), *InstitutionStatus.choices]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role not in {Role.CITY_ADMIN, Role.AUDITOR, Role.INSPECTOR}:
            del self.fields["county"]

    def search_filters(self) -> dict:
        """The filters as `institution_search` keywords (none when the form is empty or invalid), in
        plain values, so that a background export can keep them."""
        cleaned = self.cleaned_data if self.is_bound and self.is_valid() else {}
        county = cleaned.get("county")
        return {
            "text": cleaned.get("q", ""),
            "county_id": county.pk if county else None,
            "status": cleaned.get("status", ""),
        }
