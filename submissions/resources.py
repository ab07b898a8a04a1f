"""Spreadsheet columns of messages and submissions for the office (export only).

Written through `editorial.spreadsheets`, so what the public typed never runs as a formula.
"""

from import_export import fields, resources, widgets

from submissions.models import Message, Submission

TIME = widgets.DateTimeWidget(format="%Y-%m-%d %H:%M")  # local time


def column(attribute: str, header: str, **kwargs) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=header, **kwargs)


class MessageResource(resources.ModelResource):
    code = column("code", "留言编号")
    status = column("get_status_display", "状态")
    created_at = column("created_at", "留言时间", widget=TIME)
    name = column("name", "姓名")
    phone = column("phone", "电话")
    email = column("email", "电子邮箱")
    subject = column("subject", "主题")
    content = column("content", "内容")
    reply = column("reply", "官方回复")
    replied_at = column("replied_at", "回复时间", widget=TIME)
    ip_address = column("ip_address", "IP 地址")

    class Meta:
        model = Message
        fields = (
            "code",
            "status",
            "created_at",
            "name",
            "phone",
            "email",
            "subject",
            "content",
            "reply",
            "replied_at",
            "ip_address",
        )


class SubmissionResource(resources.ModelResource):
    tracking_code = column("tracking_code", "查询码")
    status = column("get_status_display", "状态")
    created_at = column("created_at", "投稿时间", widget=TIME)
    title = column("title", "标题")
    author = column("author", "作者")
    organization = column("organization", "单位")
    phone = column("phone", "电话")
    email = column("email", "电子邮箱")
    section = column("section_label", "建议栏目")
    attachment_count = fields.Field(column_name="附件数")
    editor_note = column("editor_note", "给投稿人的说明")
    reviewed_at = column("reviewed_at", "处理时间", widget=TIME)

    class Meta:
        model = Submission
        fields = (
            "tracking_code",
            "status",
            "created_at",
            "title",
            "author",
            "organization",
            "phone",
            "email",
            "section",
            "attachment_count",
            "editor_note",
            "reviewed_at",
        )

    def dehydrate_attachment_count(self, submission: Submission) -> int:
        # The admin's queryset counts them in the same query.
        count = getattr(submission, "n_attachments", None)
        return submission.attachments.count() if count is None else count
