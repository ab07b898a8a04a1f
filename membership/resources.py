"""The applications as a spreadsheet (django-import-export, export only).

Headers are Chinese and choices their labels. Every cell here was typed by the public,
so text that a spreadsheet would run as a formula is neutralised (`editorial.spreadsheets`).
"""

from django.utils import timezone
from import_export import fields
from import_export.resources import ModelResource

from membership.models import Application, Member


class LocalTimeField(fields.Field):
    def get_value(self, obj):
        value = super().get_value(obj)
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def column(attribute: str, header: str) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=header)


class ApplicationResource(ModelResource):
    """Exported from the admin's list, whose rows carry `n_attachments`."""

    code = column("code", "申请编号")
    status = column("get_status_display", "状态")
    created_at = LocalTimeField(attribute="created_at", column_name="申请时间")
    unit_name = column("unit_name", "单位名称")
    kind = column("get_kind_display", "单位类型")
    province = column("province", "省份")
    city = column("city", "城市")
    address = column("address", "地址")
    contact_name = column("contact_name", "联系人")
    position = column("position", "职务")
    phone = column("phone", "电话")
    email = column("email", "电子邮箱")
    introduction = column("introduction", "单位简介")
    attachment_count = column("n_attachments", "申请材料数")
    member_number = column("member_number", "会员编号")
    reviewer_note = column("reviewer_note", "给申请单位的说明")
    reviewed_at = LocalTimeField(attribute="reviewed_at", column_name="处理时间")

    class Meta:
        model = Application
        fields = (
            "code",
            "status",
            "created_at",
            "unit_name",
            "kind",
            "province",
            "city",
            "address",
            "contact_name",
            "position",
            "phone",
            "email",
            "introduction",
            "attachment_count",
            "member_number",
            "reviewer_note",
            "reviewed_at",
        )
        export_order = fields


class MemberResource(ModelResource):
    """The member list (会员单位) as the office exports it from the admin."""

    number = column("number", "会员编号")
    name = column("name", "单位名称")
    kind = column("get_kind_display", "单位类型")
    status = column("get_status_display", "会籍状态")
    since = column("since", "入会日期")
    valid_until = column("valid_until", "会籍有效期至")
    main_contact = column("main_contact_name", "主联系人")
    main_email = column("main_contact_email", "主联系人邮箱")

    class Meta:
        model = Member
        fields = (
            "number",
            "name",
            "kind",
            "status",
            "since",
            "valid_until",
            "main_contact",
            "main_email",
        )
        export_order = fields
