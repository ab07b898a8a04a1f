"""Spreadsheet columns of the two directories (django-import-export).

Headers are Chinese; choices are written as their Chinese labels; a row is identified by
名称 + 省份, so importing the same file again updates rows instead of adding copies.
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.html import escape
from import_export import fields, resources, widgets

from associations.models import Association, Industry, Zone
from associations.regions import normalize_province
from editorial import review
from editorial.spreadsheets import TextWidget, YesNoWidget
from portal import freshness

LIST_SEPARATORS = re.compile(r"[、，,；;/|\n]+")


class OrderWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        number = super().clean(value, row, **kwargs)
        if number is None:
            return 100
        if not 0 <= number <= 32767:
            raise ValueError("排序须是 0 到 32767 之间的整数。")
        return number


class YearWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().removesuffix("年")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            number = None
        if number is None or not number.is_integer():
            raise ValueError(f"批准年份“{value}”不是四位数年份，请填写如 1992。")
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class AreaWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if not text:
            return None
        try:
            return Decimal(text.replace(",", "")).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise ValueError(f"规划面积“{value}”不是数字，请只填写平方公里数，如 12.5。") from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ProvinceWidget(widgets.CharWidget):
    def __init__(self, *, required: bool = True, **kwargs):
        self.required = required
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            if self.required:
                raise ValueError("省份不能为空。")
            return ""
        province = normalize_province(text)
        if province is None:
            raise ValueError(
                f"无法识别的省份“{text}”，请填写省、自治区或直辖市的名称，如“江苏省”。"
            )
        return province


class ChoiceWidget(widgets.Widget):
    """Reads a choice by its Chinese label (or its stored value) and writes the label."""

    def __init__(self, choices, *, what: str, required: bool = True, **kwargs):
        self.labels = {str(label): value for value, label in choices}
        self.values = {value: str(label) for value, label in choices}
        self.what = what
        self.required = required
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            if self.required:
                raise ValueError(f"{self.what}不能为空。")
            return ""
        if text in self.labels:
            return self.labels[text]
        if text in self.values:
            return text
        allowed = "、".join(self.labels)
        raise ValueError(f"无法识别的{self.what}“{text}”，可填：{allowed}。")

    def render(self, value, obj=None, **kwargs):
        return self.values.get(value, value or "")


class IndustriesWidget(widgets.ManyToManyWidget):
    """Industry names separated by 、 or commas; unknown names become new industries
    when the importing user may add industries (审核发布), and are refused otherwise."""

    def __init__(self, **kwargs):
        super().__init__(Industry, separator="、", field="name", **kwargs)
        self._known: dict[str, Industry] | None = None
        self.may_create = True

    def clean(self, value, row=None, **kwargs):
        names = [n.strip() for n in LIST_SEPARATORS.split(str(value or "")) if n.strip()]
        if not names:
            return []
        for name in names:
            if len(name) > 30:
                raise ValueError(f"主导产业“{name[:30]}…”太长，每个产业名称最多 30 个字。")
        if self._known is None:
            self._known = {i.name: i for i in Industry.objects.all()}
        industries = []
        for name in dict.fromkeys(names):
            industry = self._known.get(name)
            if industry is None or industry.pk is None:
                if not self.may_create:
                    raise ValueError(
                        f"主导产业“{name}”不在已有的产业中，"
                        "新的产业只能由审核发布人员在“主导产业”中添加。"
                    )
                industry, _ = Industry.objects.get_or_create(name=name)
                self._known[name] = industry
            industries.append(industry)
        return industries

    def reset(self, *, may_create: bool) -> None:
        # A dry run rolls back the industries it created: forget them.
        self._known = None
        self.may_create = may_create


class RichTextWidget(TextWidget):
    """Accepts HTML (sanitized on save) or plain text, whose lines become paragraphs."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text or "<" in text:
            return text
        return "".join(
            f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip()
        )


class HeaderError(ValueError):
    """The first row is not the expected header; the message says what to fix."""


class AuditedResource(resources.ModelResource):
    """Fills created_by/updated_by from the admin user and refreshes cached facets.

    Someone who may not publish (编辑) imports drafts, as in the admin's forms: new rows
    stay unpublished, a row matching an entry published or waiting for review
    (`editorial.review.live_or_in_review`) is refused unless it changes nothing (then it
    is skipped), and industries are only chosen, not created. An
    import without a user (scripts such as `bench_zone_import.py`) has every right.
    """

    drafts_only = False
    ignored_columns: list[str] = []

    def header(self) -> list[str]:
        """The columns a file must have, in order (the import template's first row)."""
        return [field.column_name for field in self.get_import_fields()]

    def check_header(self, headers) -> list[str]:
        """Refuses a file whose first row lacks a column that identifies the row (名称,
        省份), naming each; returns the columns the import does not know (a 地区 column
        of a real list, a misspelt one), which are ignored and listed in the preview so
        that the editor sees them before confirming. Other columns may be left out."""
        expected = self.header()
        keys = [self.fields[name].column_name for name in self._meta.import_id_fields]
        given = [str(h).strip() for h in headers or () if h is not None and str(h).strip()]
        missing = [name for name in keys if name not in given]
        unknown = [name for name in given if name not in expected]
        if missing:
            raise HeaderError(
                "表头（第一行）有误：缺少列"
                + "、".join(f"“{name}”" for name in missing)
                + ("；无法识别的列" + "、".join(f"“{name}”" for name in unknown) if unknown else "")
                + f"。表头应为：{'、'.join(expected)}。"
                "可点击“下载导入模板”获取正确表头的表格。"
            )
        return unknown

    def before_import(self, dataset, **kwargs):
        self.ignored_columns = self.check_header(dataset.headers)
        for i, row in enumerate(dataset):
            if None in row:  # an empty XLSX cell: an empty text, in checks and the preview
                dataset[i] = ["" if value is None else value for value in row]
        user = kwargs.get("user")
        permission = f"associations.publish_{self._meta.model._meta.model_name}"
        self.drafts_only = user is not None and not user.has_perm(permission)
        may_create = user is None or user.has_perm("associations.add_industry")
        for field in self.get_import_fields():
            if isinstance(field.widget, IndustriesWidget):
                field.widget.reset(may_create=may_create)

    def import_instance(self, instance, row, **kwargs):
        stored = instance.is_published if instance.pk else False
        super().import_instance(instance, row, **kwargs)
        if self.drafts_only:
            # The publish state stays as stored, so validate_instance knows a live row.
            instance.is_published = stored

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            # An unreadable 省份 cell: report it with the row's other cell errors instead
            # of stopping at the look-up.
            return None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Field checks of the model, each failure named by its Chinese column header.

        Uniqueness needs no query per row: rows are matched on the natural key, so a row
        either updates the zone of that name and province or creates a new one. The
        database constraints still hold; their values are covered by field validators.
        """
        errors = dict(import_validation_errors or {})
        if self.drafts_only and review.live_or_in_review(instance, "is_published", False):
            # Reached only when the row would change the entry (unchanged rows are skipped).
            errors.setdefault("name", []).append(
                f"“{instance.name}”已发布，只有审核发布人员可以修改已发布的条目。"
                if instance.is_published
                else f"“{instance.name}”已提交审核，只有审核发布人员可以修改待审核的条目。"
            )
        try:
            instance.full_clean(
                exclude=errors.keys(), validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            headers = {f.attribute: f.column_name for f in self.fields.values()}
            raise ValidationError(
                {headers.get(name, name): messages for name, messages in errors.items()}
            )

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if user is not None and getattr(user, "pk", None):
            if instance.pk is None or instance.created_by_id is None:
                instance.created_by = user
            instance.updated_by = user

    def after_import(self, dataset, result, **kwargs):
        result.ignored_columns = self.ignored_columns  # listed by SpreadsheetAdmin
        # bulk writes send no signals: say once that the directory changed
        freshness.changed()

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        dry_run_without_transaction = self._is_dry_run(kwargs) and not (
            self._is_using_transactions(kwargs)
        )
        if not (dry_run_without_transaction or self._meta.use_bulk):
            # Zones are searched by their industries, which exist only now (save()
            # indexed the row before them). A rolled-back dry run undoes this too.
            instance.refresh_search_vector()


class ZoneResource(AuditedResource):
    name = fields.Field(attribute="name", column_name="名称", widget=TextWidget())
    province = fields.Field(attribute="province", column_name="省份", widget=ProvinceWidget())
    city = fields.Field(attribute="city", column_name="城市", widget=TextWidget())
    level = fields.Field(
        attribute="level", column_name="级别", widget=ChoiceWidget(Zone.Level.choices, what="级别")
    )
    zone_type = fields.Field(
        attribute="zone_type",
        column_name="类型",
        widget=ChoiceWidget(Zone.Type.choices, what="类型"),
    )
    industries = fields.Field(
        attribute="industries", column_name="主导产业", widget=IndustriesWidget()
    )
    year_approved = fields.Field(
        attribute="year_approved", column_name="批准年份", widget=YearWidget()
    )
    planned_area = fields.Field(
        attribute="planned_area",
        column_name="规划面积（平方公里）",
        widget=AreaWidget(),
    )
    website = fields.Field(attribute="website", column_name="网站", widget=TextWidget())
    address = fields.Field(attribute="address", column_name="地址", widget=TextWidget())
    introduction = fields.Field(
        attribute="introduction", column_name="简介", widget=RichTextWidget()
    )
    is_published = fields.Field(
        attribute="is_published", column_name="是否发布", widget=YesNoWidget(default=True)
    )

    class Meta:
        model = Zone
        fields = (
            "name",
            "province",
            "city",
            "level",
            "zone_type",
            "industries",
            "year_approved",
            "planned_area",
            "website",
            "address",
            "introduction",
            "is_published",
        )
        import_id_fields = ("name", "province")
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class AssociationResource(AuditedResource):
    name = fields.Field(attribute="name", column_name="名称", widget=TextWidget())
    kind = fields.Field(
        attribute="kind",
        column_name="类型",
        widget=ChoiceWidget(Association.Kind.choices, what="类型"),
    )
    province = fields.Field(
        attribute="province", column_name="省份", widget=ProvinceWidget(required=False)
    )
    contact = fields.Field(attribute="contact", column_name="联系人", widget=TextWidget())
    phone = fields.Field(attribute="phone", column_name="联系电话", widget=TextWidget())
    email = fields.Field(attribute="email", column_name="电子邮箱", widget=TextWidget())
    address = fields.Field(attribute="address", column_name="地址", widget=TextWidget())
    website = fields.Field(attribute="website", column_name="网站", widget=TextWidget())
    is_member = fields.Field(
        attribute="is_member", column_name="会员单位", widget=YesNoWidget(default=False)
    )
    order = fields.Field(attribute="order", column_name="排序", widget=OrderWidget())
    introduction = fields.Field(
        attribute="introduction", column_name="简介", widget=RichTextWidget()
    )
    is_published = fields.Field(
        attribute="is_published", column_name="是否发布", widget=YesNoWidget(default=True)
    )

    class Meta:
        model = Association
        fields = (
            "name",
            "kind",
            "province",
            "contact",
            "phone",
            "email",
            "address",
            "website",
            "is_member",
            "order",
            "introduction",
            "is_published",
        )
        import_id_fields = ("name", "province")
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
