from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = "入会申请"
    # 编辑 read the applications and their files; 审核发布 ask for more material, refuse
    # and approve. Approving creates a directory entry that stays unpublished: publishing
    # it is still `associations.publish_zone` / `publish_association`.
    role_permissions: dict[str, list[str]] = {
        "编辑": ["view_application", "view_applicationattachment"],
        "审核发布": [
            "view_application",
            "change_application",
            "delete_application",
            "approve_application",
            "view_applicationattachment",
        ],
    }

    def ready(self):
        from membership import receivers  # noqa: F401 (connects the receivers)
        from membership.models import Application
        from publicforms.recover import CodeKind, register

        register(
            CodeKind(
                label="入会申请编号",
                rows=Application.objects.all,
                code_field="code",
                lookup="membership:status",
                describe=lambda row: row.unit_name,
                order=30,
            )
        )
