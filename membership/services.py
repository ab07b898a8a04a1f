"""Everything that writes a membership application, with its files and its e-mails.

Views and admin actions call these functions; there are no signals. Writes happen inside
`transaction.atomic` and mail leaves only after the commit (`mail_after_commit`).

Approval (`approve_application`) is one transaction: the unit's entry in a directory
(found by name + province, or created unpublished), the next member number of the year
and the application's new status commit together or not at all. Which directory:

- 开发区管委会 → the zone directory (`associations.Zone`): the committee runs a
  development zone, and the zone is what the directory lists;
- 企业, 科研机构, 其他 → the association directory (`associations.Association`) as
  合作机构 (`Kind.PARTNER`), marked 会员单位: of its four kinds only 合作机构 describes an
  organisation that is not itself an association, and the directory already filters
  member units (`?member=1`). A reviewer can change the kind in the directory later.
"""

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from associations.models import Association, Zone
from editorial.files import CheckedFile
from membership import accounts
from membership.models import (
    APPLICATION_CODE,
    Application,
    ApplicationAttachment,
    MemberNumberCounter,
    new_application_code,
)
from publicforms.services import (
    Origin,
    Receipt,
    body_to_html,
    create_received,
    find_by_code,
    mail_sender,
)

ZONE_SUFFIXES = ("管理委员会", "管委会")

RECEIPT = Receipt(
    status_url="membership:status",
    office_subject="[入会申请] {row.unit_name}",
    office_template="membership/email/application_received_office.txt",
    sender_subject="{site.site_name}已收到{row.unit_name}的入会申请",
    sender_template="membership/email/application_received.txt",
)


class NotApprovable(Exception):
    """The application cannot be approved as it is; the message says why, in Chinese."""


def create_application(
    *,
    unit_name: str,
    kind: str,
    province: str,
    city: str,
    address: str,
    contact_name: str,
    position: str,
    phone: str,
    email: str,
    introduction: str,
    files: list[tuple[UploadedFile, CheckedFile]],
    origin: Origin,
) -> Application:
    """Store an application and its files together: no row without its files, no file
    without its row; the office and the applicant are e-mailed after the commit."""
    return create_received(
        Application,
        code_field="code",
        make_code=new_application_code,
        attachment_model=ApplicationAttachment,
        folder="membership",
        files=files,
        origin=origin,
        receipt=RECEIPT,
        unit_name=unit_name,
        kind=kind,
        province=province,
        city=city,
        address=address,
        contact_name=contact_name,
        position=position,
        phone=phone,
        email=email,
        introduction=introduction,
    )


def change_application_status(
    *, application: Application, status: str, note: str, user
) -> Application:
    """待审核 ⇄ 需补充材料, or 未通过 (and back to 待审核); the applicant is told.

    Approval is not a status change: it goes through `approve_application`.
    """
    if status == Application.Status.APPROVED or not application.can_move_to(status):
        raise ValueError(
            f"入会申请不能从“{application.get_status_display()}”改为"
            f"“{Application.Status(status).label}”。"
        )
    with transaction.atomic():
        previous = Application.objects.select_for_update().get(pk=application.pk)
        if previous.status == Application.Status.APPROVED:
            raise ValueError("该申请已经批准，不能再改变状态。")
        changed = previous.status != status or previous.reviewer_note != note
        application.status = status
        application.reviewer_note = note
        if changed:
            application.reviewed_at = timezone.now()
            application.reviewed_by = user
        application.save()
        if changed and (previous.status != status or note):
            _mail_applicant(
                application,
                subject=f"入会申请（{application.unit_name}）：{application.get_status_display()}",
                template="membership/email/application_status.txt",
            )
    return application


def directory_model(kind: str) -> type[Zone] | type[Association]:
    """Where an approved unit of this kind is listed (see the module's docstring)."""
    return Zone if kind == Application.Kind.ZONE else Association


def suggested_entry_name(application: Application) -> str:
    """The directory name of the unit: a zone is listed without 管委会 after its name."""
    name = application.unit_name.strip()
    if application.kind == Application.Kind.ZONE:
        for suffix in ZONE_SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix):
                return name.removesuffix(suffix).strip()
    return name


def suggested_zone_type(name: str) -> str:
    """A first guess of a zone's type from its name, for the reviewer to confirm."""
    guesses = (
        (("高新",), Zone.Type.HIGH_TECH),
        (("经济技术开发区", "经开区"), Zone.Type.ECONOMIC),
        (("保税", "综合保税", "出口加工"), Zone.Type.BONDED),
        (("边境", "跨境"), Zone.Type.BORDER),
    )
    for words, zone_type in guesses:
        if any(word in name for word in words):
            return zone_type
    return Zone.Type.OTHER


def approval_refusal(application: Application) -> str | None:
    """Why this application cannot be approved now, or None."""
    if application.status not in Application.APPROVABLE:
        return (
            f"“{application.unit_name}”的申请状态为“{application.get_status_display()}”，"
            "不能批准：只有待审核或需补充材料的申请可以批准。"
        )
    return None


def approve_application(
    *,
    application: Application,
    user,
    entry_name: str = "",
    level: str = "",
    zone_type: str = "",
    note: str = "",
) -> Application:
    """Approve in one transaction: the unit's directory entry (found by name + province or
    created unpublished), the year's next member number on both, the application
    approved, and the member (`membership.accounts`) with its main contact invited to the
    member area; the applicant is e-mailed after the commit. Any failure rolls all of it
    back, the member number included (the counter row is part of the transaction).

    A new zone needs `level` and `zone_type` (the reviewer reads them from the approval
    document); `entry_name` defaults to `suggested_entry_name`. Raises NotApprovable.
    """
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        refusal = approval_refusal(locked)
        if refusal:
            raise NotApprovable(refusal)
        number = allocate_member_number()
        entry = _member_entry(
            locked,
            name=(entry_name or suggested_entry_name(locked)).strip(),
            level=level,
            zone_type=zone_type,
            number=number,
            user=user,
        )
        locked.status = Application.Status.APPROVED
        locked.member_number = number
        locked.zone = entry if isinstance(entry, Zone) else None
        locked.association = entry if isinstance(entry, Association) else None
        locked.reviewer_note = note
        locked.reviewed_at = timezone.now()
        locked.reviewed_by = user
        locked.save()
        accounts.member_from_application(locked)
        _mail_applicant(
            locked,
            subject=f"入会申请（{locked.unit_name}）已批准，会员编号 {number}",
            template="membership/email/application_approved.txt",
        )
    application.refresh_from_db()  # the caller's copy shows the approval too
    return application


def allocate_member_number() -> str:
    """The next member number of this year, as YYYY-NNNN (2026-0007).

    Must run inside the approval's transaction: the year's counter row stays locked
    until the commit, so two approvals never get the same number, and a rollback returns
    the number, so none is ever lost to a failed approval.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_member_number() must run inside transaction.atomic")
    year = timezone.localdate().year
    MemberNumberCounter.objects.bulk_create(
        [MemberNumberCounter(year=year, last=0)], ignore_conflicts=True
    )
    counter = MemberNumberCounter.objects.select_for_update().get(year=year)
    MemberNumberCounter.objects.filter(year=year).update(last=F("last") + 1)
    return f"{year}-{counter.last + 1:04d}"


def _member_entry(
    application: Application, *, name: str, level: str, zone_type: str, number: str, user
):
    """The unit's directory entry with its member number: the existing entry of this name
    and province (locked), else a new one, unpublished: publishing stays a publisher's
    separate decision."""
    model = directory_model(application.kind)
    if not name:
        raise NotApprovable("请填写名录中的名称。")
    entry = model.objects.select_for_update().filter(name=name, province=application.province)
    entry = entry.first()
    if entry is None:
        try:
            with transaction.atomic():  # a concurrent approval may create it first
                return _new_entry(
                    model,
                    application,
                    name=name,
                    level=level,
                    zone_type=zone_type,
                    user=user,
                    member_number=number,
                )
        except IntegrityError:
            entry = model.objects.select_for_update().get(name=name, province=application.province)
    if entry.member_number:
        raise NotApprovable(
            f"{model._meta.verbose_name}名录中的“{entry.name}”已是会员单位"
            f"（会员编号 {entry.member_number}），未重复批准。"
        )
    entry.member_number = number
    entry.updated_by = user
    if isinstance(entry, Association):
        entry.is_member = True
    entry.save()
    return entry


def _new_entry(model, application: Application, *, name, level, zone_type, user, member_number):
    common = {
        "name": name,
        "province": application.province,
        "address": application.address,
        "introduction": body_to_html(application.introduction),
        "member_number": member_number,
        "is_published": False,
        "created_by": user,
        "updated_by": user,
    }
    if model is Zone:
        if level not in Zone.Level.values or zone_type not in Zone.Type.values:
            raise NotApprovable("开发区名录需要级别和类型：请按批准文件选择后再批准。")
        return Zone.objects.create(
            **common, city=application.city, level=level, zone_type=zone_type
        )
    return Association.objects.create(
        **common,
        kind=Association.Kind.PARTNER,
        contact=application.contact_name,
        phone=application.phone,
        email=application.email,
        is_member=True,
    )


def _mail_applicant(application: Application, *, subject: str, template: str) -> None:
    mail_sender(application, subject=subject, template=template, status_url=RECEIPT.status_url)


def find_application(*, code: str, contact: str) -> Application | None:
    """The application with this code whose e-mail or phone matches `contact`, else None
    (`contact_matches`: constant time, an unknown code reads as a wrong contact)."""
    return find_by_code(
        Application.objects.select_related("zone", "association"),
        field="code",
        code=code,
        spec=APPLICATION_CODE,
        contact=contact,
    )
