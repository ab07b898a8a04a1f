from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = "留言与投稿"
    # 编辑 reads the queues; 审核发布 answers, publishes, hides, reviews and deletes.
    role_permissions: dict[str, list[str]] = {
        "编辑": ["view_message", "view_submission", "view_submissionattachment"],
        "审核发布": [
            "view_message",
            "change_message",
            "delete_message",
            "view_submission",
            "change_submission",
            "delete_submission",
            "view_submissionattachment",
        ],
    }

    def ready(self):
        from publicforms.recover import CodeKind, register
        from submissions import receivers  # noqa: F401 (connects the receivers)
        from submissions.models import Message, Submission

        register(
            CodeKind(
                label="投稿查询码",
                rows=Submission.objects.all,
                code_field="tracking_code",
                lookup="submissions:contribute_status",
                describe=lambda row: f"《{row.title}》",
                order=20,
            )
        )
        register(
            CodeKind(
                label="留言编号",
                rows=Message.objects.all,
                code_field="code",
                lookup="submissions:message_lookup",
                describe=lambda row: row.subject,
                order=40,
            )
        )
