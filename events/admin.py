"""Events in the admin, with the same publishing rule as articles, and registrations.

Who may do what (declared in events/apps.py):
- 编辑 write and change draft events, read registrations, export them and check people
  in; the status field is read-only for them, every save is a draft, and a live event
  is view-only.
- 审核发布 also publish and withdraw events (`events.publish_event`), delete events
  without registrations, and cancel registrations (the first on the waiting list
  moves up, as when the registrant cancels). Only their saves and publishing move
  waiting people into free places; a draft event moves nobody up.
Nobody adds, edits or deletes a registration here: they come from the public form and
a cancellation keeps the row.
"""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from import_export import fields, resources
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from editorial.admin import AuditedAdmin, PublishableAdmin, update_action, without_hotlinks
from events import services
from events.models import Event, Registration


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = (
            "title",
            "summary",
            "place",
            "starts_at",
            "ends_at",
            "body",
            "cover",
            "registration_opens_at",
            "registration_closes_at",
            "capacity",
            "waiting_list",
            "status",
            "publish_at",
        )

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk:
            confirmed = self.instance.registrations.filter(
                status=Registration.Status.CONFIRMED
            ).count()
            if capacity < confirmed:
                raise forms.ValidationError(
                    f"已有 {confirmed} 人确认报名，名额不能少于 {confirmed}；"
                    "如需减少，请先在报名列表中取消相应报名。"
                )
        return capacity


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("code", "name", "unit", "phone", "status", "created_at", "checked_in_at")
    readonly_fields = fields
    ordering = ("status", "id")
    verbose_name_plural = "报名（在“报名”列表中筛选、取消和导出）"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(PublishableAdmin, AuditedAdmin):
    # 编辑 write drafts; 审核发布 (events.publish_event) publish, and change live events.
    publish_permission = "events.publish_event"
    publish_fields = {"status": Event.Status.DRAFT}
    draft_message = "已保存为草稿；发布需由“审核发布”人员操作。"
    form = EventForm
    list_display = (
        "title",
        "starts_at",
        "place",
        "state",
        "capacity",
        "confirmed",
        "waiting",
        "checked_in",
    )
    list_filter = ("status", ("starts_at", admin.DateFieldListFilter), "waiting_list")
    search_fields = ("title", "summary", "place")
    date_hierarchy = "starts_at"
    inlines = (RegistrationInline,)
    actions = ("publish", "unpublish")
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("title", "summary", "place", "starts_at", "ends_at")}),
        ("介绍", {"fields": ("body", "cover")}),
        (
            "报名",
            {
                "fields": (
                    "registration_opens_at",
                    "registration_closes_at",
                    "capacity",
                    "waiting_list",
                    "checkin_links",
                )
            },
        ),
        (
            "发布",
            {
                "fields": ("status", "publish_at"),
                "description": "只有“审核发布”角色可以发布。发布时间在将来即为定时发布。",
            },
        ),
    )
    readonly_fields = ("checkin_links",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"capacity", "status"} & set(form.changed_data):
            self.fill_places(request, [obj])

    def fill_places(self, request, events) -> None:
        """Move waiting people into the free places of `events` and mail them: a
        publisher's act only (a 编辑's save of a draft promotes nobody, and drafts
        promote nobody at all, `services._fill_places`)."""
        if not self.has_publish_permission(request):
            return
        promoted = [r for event in events for r in services.fill_places(event=event)]
        if promoted:
            names = "、".join(r.name for r in promoted)
            self.message_user(request, f"候补递补 {len(promoted)} 人：{names}（已发邮件）。")

    @admin.display(description="状态", ordering="status")
    def state(self, obj):
        return obj.state_label

    @admin.display(description="已确认", ordering="n_confirmed")
    def confirmed(self, obj):
        return self._registrations_link(obj, obj.n_confirmed, "confirmed")

    @admin.display(description="候补", ordering="n_waiting")
    def waiting(self, obj):
        return self._registrations_link(obj, obj.n_waiting, "waiting")

    @admin.display(description="已签到", ordering="n_checked_in")
    def checked_in(self, obj):
        return self._registrations_link(obj, obj.n_checked_in, "attended")

    def _registrations_link(self, obj, count, state):
        url = reverse("admin:events_registration_changelist")
        return format_html(
            '<a href="{}?event__id__exact={}&state={}">{}</a>', url, obj.pk, state, count
        )

    @admin.display(description="现场签到")
    def checkin_links(self, obj):
        if not obj or not obj.pk:
            return "保存后可打开签到页。"
        return format_html(
            '<a href="{}">签到与到场名单</a>（工作人员用手机扫描报名者的二维码即可签到）',
            reverse("events:arrivals", args=[obj.pk]),
        )

    @admin.action(description="发布所选活动", permissions=["publish"])
    def publish(self, request, queryset):
        queryset = without_hotlinks(self, request, queryset)  # a picture left on another site
        n = queryset.update(status=Event.Status.PUBLISHED)
        self.message_user(request, f"已发布 {n} 个活动（发布时间在将来的将按时上线）。")
        self.fill_places(request, list(queryset))

    unpublish = update_action(
        "unpublish",
        "撤下所选活动（改为草稿）",
        "已撤下 {n} 个活动。",
        permission="publish",
        status=Event.Status.DRAFT,
    )


class StateFilter(admin.SimpleListFilter):
    """已确认 / 候补 / 已取消 / 已签到 (attended: confirmed and checked in)."""

    title = "报名状态"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("confirmed", "已确认"),
            ("waiting", "候补"),
            ("cancelled", "已取消"),
            ("attended", "已签到"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "attended":
            return queryset.filter(checked_in_at__isnull=False)
        if value in Registration.Status.values:
            return queryset.filter(status=value)
        return queryset


# What a spreadsheet may read as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class RegistrationResource(resources.ModelResource):
    """The XLSX/CSV export with Chinese headers. What the public typed is data, never a
    formula: a cell starting with = + - @ gets a leading apostrophe. (The library's
    IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only drops a leading "=".)"""

    event = fields.Field(attribute="event__title", column_name="活动")
    code = fields.Field(attribute="code", column_name="报名编号")
    name = fields.Field(attribute="name", column_name="姓名")
    unit = fields.Field(attribute="unit", column_name="单位")
    position = fields.Field(attribute="position", column_name="职务")
    phone = fields.Field(attribute="phone", column_name="电话")
    email = fields.Field(attribute="email", column_name="电子邮箱")
    remarks = fields.Field(attribute="remarks", column_name="备注")
    status = fields.Field(attribute="get_status_display", column_name="状态")
    created_at = fields.Field(attribute="created_at", column_name="报名时间")
    checked_in_at = fields.Field(attribute="checked_in_at", column_name="签到时间")

    class Meta:
        model = Registration
        fields = (
            "event",
            "code",
            "name",
            "unit",
            "position",
            "phone",
            "email",
            "remarks",
            "status",
            "created_at",
            "checked_in_at",
        )
        export_order = fields

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            return "'" + value
        return value

    def dehydrate_created_at(self, obj):
        return obj.created_at.astimezone().strftime("%Y-%m-%d %H:%M") if obj.created_at else ""

    def dehydrate_checked_in_at(self, obj):
        return (
            obj.checked_in_at.astimezone().strftime("%Y-%m-%d %H:%M") if obj.checked_in_at else ""
        )


@admin.register(Registration)
class RegistrationAdmin(ExportMixin, admin.ModelAdmin):
    resource_classes = [RegistrationResource]
    formats = [XLSX, CSV]
    list_display = (
        "code",
        "name",
        "unit",
        "position",
        "phone",
        "event",
        "status",
        "created_at",
        "checked_in_at",
    )
    list_filter = (StateFilter, "event")
    list_select_related = ("event",)
    search_fields = ("code", "name", "unit", "phone", "email")
    date_hierarchy = "created_at"
    actions = ("cancel_selected", "check_in_selected")
    list_per_page = 100

    class Media:
        css = {"all": ["css/admin.css"]}  # the lists' column rules (电话 kept on one line)

    fields = (
        "event",
        "code",
        "status",
        "name",
        "unit",
        "position",
        "phone",
        "email",
        "remarks",
        "created_at",
        "promoted_at",
        "cancelled_at",
        "checked_in_at",
        "checked_in_by",
        "ip_address",
        "user_agent",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event", "checked_in_by")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Every field is read-only: the change page is for reading; the actions write.
        return obj is None and super().has_change_permission(request, obj)

    def has_checkin_permission(self, request):
        return request.user.has_perm("events.checkin_registration")

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    @admin.action(description="取消所选报名（候补依次递补，并发邮件）", permissions=["change"])
    def cancel_selected(self, request, queryset):
        cancelled, promoted, refused = 0, [], []
        for registration in queryset.select_related("event"):
            try:
                promoted += services.cancel(registration=registration, by_staff=True)
                cancelled += 1
            except services.Refused as exc:
                refused.append(f"{registration.code}：{exc}")
        message = f"已取消 {cancelled} 条报名"
        if promoted:
            message += f"，候补递补 {len(promoted)} 人：" + "、".join(r.name for r in promoted)
        self.message_user(request, message + "。")
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description="为所选报名签到", permissions=["checkin"])
    def check_in_selected(self, request, queryset):
        done, refused = 0, 0
        for registration in queryset:
            try:
                _, new = services.check_in(registration=registration, user=request.user)
                done += new
            except services.Refused:
                refused += 1
        message = f"已签到 {done} 人。"
        if refused:
            message += (
                f"{refused} 条未签到：不是已确认的报名，或活动一天以后才开始"
                "（提前签到请在签到页勾选确认）。"
            )
        self.message_user(request, message)
