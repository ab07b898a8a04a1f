from django.apps import AppConfig

_EVENT_DRAFTS = ["view_event", "add_event", "change_event", "view_registration"]


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "活动报名"
    # 编辑 write draft events and check people in at the door; 审核发布 also publish
    # (events.publish_event), delete events and cancel registrations in the admin
    # (change_registration). Nobody adds or deletes registrations in the admin: they come
    # from the public form, and a cancellation keeps the row (see editorial.roles).
    role_permissions: dict[str, list[str]] = {
        "编辑": [*_EVENT_DRAFTS, "checkin_registration"],
        "审核发布": [
            *_EVENT_DRAFTS,
            "checkin_registration",
            "publish_event",
            "delete_event",
            "change_registration",
        ],
    }

    def ready(self):
        from events import caching, receivers  # noqa: F401 (connects the receivers)
        from events import search as events_search
        from events.models import Registration
        from portal import pagecache
        from publicforms.recover import CodeKind, register

        events_search.register_kinds()
        register(
            CodeKind(
                label="报名编号",
                rows=lambda: Registration.objects.exclude(
                    status=Registration.Status.CANCELLED
                ).select_related("event"),
                code_field="code",
                lookup="events:lookup",
                describe=lambda row: row.event.title,
                order=10,
            )
        )
        # No cached page outlives the next moment an event is published, opens or
        # closes its registration, starts or ends (the list, the home block, its page).
        pagecache.register_expiry(caching.ttl)
