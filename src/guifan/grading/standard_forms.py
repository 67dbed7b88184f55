"""Forms of the standard pages: a new version, its name/year/grade bands, and its items as rows."""

from decimal import Decimal, InvalidOperation

from django import forms

from guifan.core.forms import Form

from .constants import CheckMethod

BAND_ROWS = 6
NEW_ITEM_ROWS = 3
ITEM_FIELDS = ["code", "section", "title", "requirement", "max_points", "check_method", "evidence", "veto"]


def _decimal(form, name: str, label: str) -> Decimal | None:
    text = (form.cleaned_data.get(name) or "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        form.add_error(name, f"{label}“{text}”不是数字")
        return None


class NewVersionForm(Form):
    name = forms.CharField(
        label="标准名称", max_length=200, help_text="同名则编为下一版；改名则为新标准的第1版"
    )
    effective_year = forms.IntegerField(
        label="施行年度", min_value=2000, max_value=2100, help_text="从这一年度起的新申请使用本版本"
    )


class StandardForm(Form):
    """Name, effective year and up to six grade bands, highest first (empty rows are ignored)."""

    mark_optional = False
    name = forms.CharField(label="标准名称", max_length=200)
    effective_year = forms.IntegerField(
        label="施行年度", min_value=2000, max_value=2100, help_text="从这一年度起的新申请使用本版本"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, BAND_ROWS + 1):
            self.fields[f"minimum_{n}"] = forms.CharField(
                label="最低分",
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short"}),
            )
            self.fields[f"grade_{n}"] = forms.CharField(
                label="等级名称",
                required=False,
                max_length=20,
                widget=forms.TextInput(attrs={"class": "input--short"}),
            )
        self.adapt_fields()

    def band_rows(self):
        return [(n, self[f"minimum_{n}"], self[f"grade_{n}"]) for n in range(1, BAND_ROWS + 1)]

    def bands(self) -> list[tuple[int, Decimal | None, str]]:
        """The filled rows as (row, minimum, grade)."""
        rows = []
        for n in range(1, BAND_ROWS + 1):
            minimum = _decimal(self, f"minimum_{n}", "最低分")
            grade = (self.cleaned_data.get(f"grade_{n}") or "").strip()
            if minimum is not None or grade or (self.cleaned_data.get(f"minimum_{n}") or "").strip():
                rows.append((n, minimum, grade))
        return rows

    @staticmethod
    def initial_for(standard) -> dict:
        initial = {"name": standard.name, "effective_year": standard.effective_year}
        for n, band in enumerate(standard.bands, start=1):
            initial[f"minimum_{n}"], initial[f"grade_{n}"] = band["minimum"], band["grade"]
        return initial


class StandardItemsForm(Form):
    """Every item of a version as a row of fields, plus empty rows to add items."""

    mark_optional = False

    def __init__(self, *args, rows: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.count = len(rows) + NEW_ITEM_ROWS
        self.existing = rows
        for n in range(1, self.count + 1):
            row = rows[n - 1] if n <= len(rows) else {}
            self.fields[f"code_{n}"] = forms.CharField(
                label="编号",
                required=False,
                max_length=20,
                initial=row.get("code", ""),
                widget=forms.TextInput(attrs={"class": "input--short"}),
            )
            self.fields[f"section_{n}"] = forms.CharField(
                label="所属部分",
                required=False,
                max_length=20,
                initial=row.get("section", ""),
                help_text="所属部分标题行的编号；部分标题行本身不填",
                widget=forms.TextInput(attrs={"class": "input--short"}),
            )
            self.fields[f"title_{n}"] = forms.CharField(
                label="名称", required=False, max_length=200, initial=row.get("title", "")
            )
            self.fields[f"requirement_{n}"] = forms.CharField(
                label="要求",
                required=False,
                initial=row.get("requirement", ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"max_points_{n}"] = forms.CharField(
                label="满分",
                required=False,
                initial=row.get("max_points"),
                help_text="部分标题行不填",
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short"}),
            )
            self.fields[f"check_method_{n}"] = forms.ChoiceField(
                label="检查方式",
                required=False,
                initial=row.get("check_method", ""),
                choices=[("", "（不指定）"), *CheckMethod.choices],
            )
            self.fields[f"evidence_{n}"] = forms.BooleanField(
                label="须上传佐证", required=False, initial=row.get("evidence_required", False)
            )
            self.fields[f"veto_{n}"] = forms.BooleanField(
                label="一票否决",
                required=False,
                initial=row.get("veto", False),
                help_text="未得满分即不予评定等级",
            )
            if n <= len(rows):
                self.fields[f"delete_{n}"] = forms.BooleanField(label="删除本行", required=False)
        self.adapt_fields()

    def rows(self):
        """(row number, legend, bound fields) for the template."""
        out = []
        for n in range(1, self.count + 1):
            existing = self.existing[n - 1] if n <= len(self.existing) else None
            legend = (
                f"第{n}行：{existing['code']} {existing['title']}"
                if existing
                else f"第{n}行（新增条目，可不填）"
            )
            names = [*ITEM_FIELDS, "delete"] if existing else ITEM_FIELDS
            out.append((n, legend, [self[f"{f}_{n}"] for f in names]))
        return out

    def items(self) -> list[tuple[int, dict]]:
        """The kept rows as (row, item fields); empty new rows and deleted rows are left out."""
        kept = []
        for n in range(1, self.count + 1):
            data = self.cleaned_data
            if data.get(f"delete_{n}"):
                continue
            texts = [
                (data.get(f"{f}_{n}") or "")
                for f in ["code", "section", "title", "requirement", "max_points"]
            ]
            if (
                not any(t.strip() for t in texts if isinstance(t, str))
                and not data.get(f"veto_{n}")
                and not data.get(f"evidence_{n}")
            ):
                continue
            kept.append(
                (
                    n,
                    {
                        "code": data[f"code_{n}"].strip(),
                        "section": data[f"section_{n}"].strip(),
                        "title": data[f"title_{n}"].strip(),
                        "requirement": data[f"requirement_{n}"].strip(),
                        "max_points": _decimal(self, f"max_points_{n}", "满分"),
                        "check_method": data.get(f"check_method_{n}") or "",
                        "evidence_required": bool(data.get(f"evidence_{n}")),
                        "veto": bool(data.get(f"veto_{n}")),
                    },
                )
            )
        return kept


def summary(form) -> list[tuple[str, str]]:
    """The error summary's entries (anchor, text), each naming its row: "第3行 满分：…"."""
    entries = [("", str(e)) for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        field = form[name]
        row = name.rsplit("_", 1)[-1] if name[-1].isdigit() else ""
        where = f"第{row}行 " if row and name not in {"name", "effective_year"} else ""
        if name.startswith(("minimum_", "grade_")):
            where = f"等级第{row}行 "
        entries += [(field.id_for_label, f"{where}{field.label}：{e}") for e in errors]
    return entries
