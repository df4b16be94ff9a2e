"""The council: sessions, the secret ballot, decisions, proposals to the higher level,
public notice objections and the re-check flags that a revocation raises.

The secret ballot (docs/domain.md#rule-16, docs/security.md "The secret ballot")
----------------------------------------------------------------------------------
Who voted is public; what each member voted must not be recoverable by anyone who reads the
database: a backup (pg_dump, a copy of the SQLite file), a database shell or a DBA, during the
session and after it.

What is stored:
- ``BallotReceipt``: *that* a member voted on an item (and, for a written vote, who entered
  it). Its id, its rowid/ctid, its ``xmin`` and the ``council.ballot_cast`` audit line reveal
  who voted and in what order: that is public (the minutes list who took part).
- ``BallotBox``: one row per agenda item, keyed by the item, holding *all* its counts
  (agree, disagree, spare slots) sealed with AES-256-GCM under a key derived from
  ``SECRET_KEY`` (council/ballot_box.py). A ballot adds its receipt and rewrites the box in
  the same transaction, under the item's row lock. There is no row per vote.
- ``AgendaItem.votes_*``: the tally, written when the session closes; the boxes of the
  session are then deleted.

Why not the earlier designs:
- A row per vote (the former ``BallotVote``, random UUID, no member, no time) is unsealed by
  the order of writes: SQLite's rowid, PostgreSQL's ctid/physical order (kept by pg_dump) and
  ``xmin`` all follow the order in which ballots were cast, which is the receipts' order.
- Plain counters, even all in one row so that the row's ``xmin`` names only the last voter,
  are unsealed by two looks at the database: two nightly backups while a session stays open
  (ballots are due within days of the opening), a DBA polling the row, PostgreSQL's dead
  tuple versions (each carries the ``xmin`` of the ballot that wrote it) or the WAL. The
  difference between two states of the counts, next to the receipts added in between, is
  the vote of whoever voted in between.
- Sealed counts make every state of the box look alike to whoever lacks the key: the same
  45 bytes, a fresh nonce at every write, no length or byte that moves with a choice. Dead
  tuples, WAL frames and backups hold nothing but such boxes. Diffing two of them tells
  only that someone voted, which the receipts say anyway.

What remains (stated in docs/security.md as well):
- Whoever holds ``SECRET_KEY`` *and* several states of a box of an open session (two backups,
  dead tuples before VACUUM, archived WAL, a live watch) can pair the changes with the
  receipts. Holding the key means holding the application server, where the ballots can be
  read as they arrive anyway. After a session closes its boxes are deleted, SQLite zeroes the
  freed space (``secure_delete``) and its WAL is checkpointed and truncated, and PostgreSQL's
  ballot box table is vacuumed; WAL already archived and backups taken while the session was
  open keep their sealed boxes.
- The tally is public, so a unanimous item, or an item on which one member voted, shows what
  everyone on it voted: that is a property of any ballot, not of the storage.
"""

from __future__ import annotations

import datetime
import re
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from awards.models import AwardRecord, AwardType, Nomination
from council.enums import (
    BatchStatus,
    BundleStatus,
    CertificateField,
    DocumentKind,
    ItemResult,
    ObjectionStatus,
    ProposalStatus,
    RecoveryStatus,
    RevocationGround,
    SessionStatus,
    TextAlign,
    VoteMethod,
)
from organisation.models import OrgUnit, TaskJob
from songlo.text import Fold


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CouncilSessionQuerySet(models.QuerySet):
    def for_bodies(self, units) -> CouncilSessionQuerySet:
        return self.filter(body__in=units)


class CouncilSession(models.Model):
    """A meeting of the Emulation and Commendation Council of a body (the unit owning it)."""

    body = models.ForeignKey(
        OrgUnit, verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="council_sessions"
    )
    title = models.CharField(_("tên phiên họp"), max_length=300)
    date = models.DateTimeField(_("thời gian họp"))
    place = models.CharField(_("địa điểm"), max_length=300)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    quorum_numerator = models.PositiveSmallIntegerField(_("tỷ lệ có mặt tối thiểu: tử số"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(_("tỷ lệ có mặt tối thiểu: mẫu số"), default=3)
    notice_days = models.PositiveSmallIntegerField(
        _("số ngày công khai"), default=7, help_text=_("Số ngày niêm yết công khai danh sách sau phiên họp.")
    )
    member_count = models.PositiveSmallIntegerField(_("tổng số thành viên"), default=0)
    present_count = models.PositiveSmallIntegerField(_("số thành viên có mặt"), null=True, blank=True)
    quorum_met = models.BooleanField(_("đủ số lượng có mặt"), null=True, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("khai mạc lúc"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CouncilSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên họp Hội đồng")
        verbose_name_plural = _("phiên họp Hội đồng")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0) & Q(quorum_numerator__lte=F("quorum_denominator")),
                name="councilsession_quorum_fraction",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("council:session_detail", args=[self.pk])

    @property
    def unit(self) -> OrgUnit:
        # Lets the unit-scoped rules predicates (is_office_for...) read the owning body.
        return self.body

    @property
    def notice_ends_at(self) -> datetime.datetime | None:
        """docs/domain.md#rule-19: the list it approved is public until then; no decision before."""
        if self.closed_at is None:
            return None
        return self.closed_at + datetime.timedelta(days=self.notice_days)


class SessionMember(models.Model):
    """A council member invited to a session (snapshot of the council memberships at planning)."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("thành viên"), on_delete=models.PROTECT, related_name="+"
    )
    is_chair = models.BooleanField(_("chủ tịch Hội đồng"), default=False)
    present = models.BooleanField(_("có mặt"), default=False)

    class Meta:
        verbose_name = _("thành viên dự họp")
        verbose_name_plural = _("thành viên dự họp")
        ordering = ["session", "-is_chair", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="sessionmember_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.session}"


class AgendaItem(models.Model):
    """A nomination on the agenda of a session, with its tally once the session closes.

    Lists (issue 12): an item without a nomination is a *list* put to one vote (``title``, and
    the ``submission`` it came from, if any); its lines are items with a nomination and
    ``parent`` set, not voted on themselves: at the close each line takes the list's tally and
    result. A line pulled out of its list (a named exception) loses ``parent``, keeps the list in
    ``excepted_from`` and is voted on as an item of its own. Only awards decided by a majority of
    the members present go in a list; secret-ballot awards stay one item each.
    """

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="items")
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("hồ sơ đề nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    title = models.CharField(_("tên danh sách"), max_length=300, blank=True)
    submission = models.ForeignKey(
        "awards.Submission",
        verbose_name=_("tờ trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc danh sách"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="lines",
    )
    excepted_from = models.ForeignKey(
        "self",
        verbose_name=_("tách khỏi danh sách"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exceptions",
    )
    pulled_reason = models.CharField(_("lý do xét riêng"), max_length=500, blank=True)
    pulled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pulled_at = models.DateTimeField(_("tách ra lúc"), null=True, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    # A paper ballot counted in the room, entered by the office instead of online votes.
    paper_agree = models.PositiveSmallIntegerField(_("phiếu giấy đồng ý"), null=True, blank=True)
    paper_disagree = models.PositiveSmallIntegerField(_("phiếu giấy không đồng ý"), null=True, blank=True)
    paper_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paper_entered_at = models.DateTimeField(_("nhập kết quả phiếu giấy lúc"), null=True, blank=True)
    # The tally, written once when the session closes.
    votes_agree = models.PositiveSmallIntegerField(_("số phiếu đồng ý"), null=True, blank=True)
    votes_disagree = models.PositiveSmallIntegerField(_("số phiếu không đồng ý"), null=True, blank=True)
    votes_missing = models.PositiveSmallIntegerField(_("không bỏ phiếu"), null=True, blank=True)
    base_count = models.PositiveSmallIntegerField(_("số thành viên làm căn cứ tính"), null=True, blank=True)
    pass_mark = models.DecimalField(_("tỷ lệ yêu cầu (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    rule_text = models.CharField(_("căn cứ tính"), max_length=300, blank=True)
    result = models.CharField(_("kết quả"), max_length=10, choices=ItemResult.choices, default="", blank=True)

    class Meta:
        verbose_name = _("nội dung xét tại phiên họp")
        verbose_name_plural = _("nội dung xét tại phiên họp")
        ordering = ["session", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "nomination"], name="agendaitem_unique"),
            # A list has a title and no nomination, and is neither a line nor an exception.
            models.CheckConstraint(
                condition=Q(nomination__isnull=False)
                | (Q(parent__isnull=True) & Q(excepted_from__isnull=True) & ~Q(title="")),
                name="agendaitem_list_or_nomination",
            ),
        ]
        indexes = [models.Index(fields=["parent", "order"], name="agendaitem_parent_order_idx")]

    def __str__(self) -> str:
        return f"{self.session}: {self.nomination if self.nomination_id else self.title}"

    @property
    def is_list(self) -> bool:
        return self.nomination_id is None

    @property
    def is_line(self) -> bool:
        """A line of a list: voted on with its list, never on its own."""
        return self.parent_id is not None

    @property
    def has_paper_tally(self) -> bool:
        return self.paper_entered_at is not None

    @property
    def rule_display(self) -> str:
        """The pass rule in the reader's language (``rule_text`` keeps the Vietnamese of the minutes)."""
        match = re.search(r"\(([^()]*)\)$", self.rule_text or "")
        version = match[1] if match else ""
        if self.pass_mark is not None:
            mark = f"{self.pass_mark.normalize():f}"
            if (get_language() or "vi").startswith("vi"):
                mark = mark.replace(".", ",")
            text = gettext("≥ %(mark)s%% tổng số thành viên Hội đồng") % {"mark": mark}
        elif self.rule_text:
            text = gettext("Quá bán số thành viên có mặt")
        else:
            return ""
        return f"{text} ({version})" if version else text

    @property
    def percent_agree(self):
        if self.votes_agree is None or not self.base_count:
            return None
        return round(self.votes_agree * 100 / self.base_count, 2)


class BallotReceipt(models.Model):
    """That a member voted on an item (never what). One per member and item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="receipts")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("thành viên"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("hình thức"), max_length=10, choices=VoteMethod.choices, default=VoteMethod.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("xác nhận đã bỏ phiếu")
        verbose_name_plural = _("xác nhận đã bỏ phiếu")
        ordering = ["item", "member__full_name"]
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="ballotreceipt_one_per_member")]

    def __str__(self) -> str:
        return f"{self.member} – {self.item}"


class BallotBox(models.Model):
    """The sealed counts of an item's ballots while its session is open (see the module docstring)."""

    item = models.OneToOneField(AgendaItem, primary_key=True, on_delete=models.CASCADE, related_name="ballot_box")
    sealed = models.BinaryField(_("hòm phiếu niêm phong"), max_length=64)

    class Meta:
        verbose_name = _("hòm phiếu")
        verbose_name_plural = _("hòm phiếu")

    def __str__(self) -> str:
        return str(self.item)


class Decision(models.Model):
    """A commendation decision (quyết định khen thưởng) issued by a body."""

    body = models.ForeignKey(OrgUnit, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        CouncilSession,
        verbose_name=_("phiên họp Hội đồng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    number = models.CharField(_("số quyết định"), max_length=50)
    date = models.DateField(_("ngày quyết định"))
    signer_name = models.CharField(_("người ký"), max_length=200)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200)
    summary = models.CharField(_("trích yếu"), max_length=500)
    issued_at = models.DateTimeField(_("ban hành lúc"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="decision_number_unique"),
            models.UniqueConstraint(
                F("body"),
                Fold("number"),
                name="decision_number_ci_unique",
                violation_error_message=_("Số quyết định này đã được dùng (không phân biệt chữ hoa, chữ thường)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("council:decision_detail", args=[self.pk])

    @property
    def unit(self) -> OrgUnit:
        return self.body


class DecisionEntry(models.Model):
    """One awardee of a decision: số sổ vàng, reward, the history record and the certificate token."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="entries")
    body = models.ForeignKey(OrgUnit, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+")
    nomination = models.OneToOneField(
        Nomination, verbose_name=_("hồ sơ đề nghị"), on_delete=models.PROTECT, related_name="decision_entry"
    )
    award_record = models.OneToOneField(
        AwardRecord, verbose_name=_("khen thưởng"), on_delete=models.PROTECT, related_name="decision_entry"
    )
    year = models.PositiveSmallIntegerField(_("năm sổ vàng"))
    ordinal = models.PositiveIntegerField(_("số sổ vàng"))
    multiplier = models.DecimalField(_("hệ số"), max_digits=6, decimal_places=2, null=True, blank=True)
    base_salary = models.PositiveIntegerField(_("lương cơ sở áp dụng (đồng)"), null=True, blank=True)
    reward = models.PositiveIntegerField(_("tiền thưởng (đồng)"), null=True, blank=True)
    token = models.CharField(_("mã xác minh"), max_length=64, unique=True, default=new_token, editable=False)
    revoked_at = models.DateTimeField(_("hủy bỏ lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revocation_ground = models.CharField(
        _("căn cứ hủy bỏ"), max_length=20, choices=RevocationGround.choices, blank=True
    )
    revocation_note = models.TextField(_("ghi chú hủy bỏ"), blank=True)
    recovery = models.CharField(
        _("thu hồi tiền thưởng"), max_length=12, choices=RecoveryStatus.choices, default="", blank=True
    )
    recovered_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    recovered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("người, tập thể được khen")
        verbose_name_plural = _("danh sách được khen")
        ordering = ["decision", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "ordinal"], name="decisionentry_ordinal_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.decision.number} #{self.ordinal} – {self.nomination.subject}"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def get_verify_url(self) -> str:
        return reverse("public:verify", args=[self.token])


class FundIncome(models.Model):
    """Money paid into a body's emulation and commendation fund (quỹ thi đua, khen thưởng).

    The fund's payouts are the rewards of the body's decisions and its recoveries the rewards
    paid back after a revocation: both are read from the decisions, never entered twice.
    """

    body = models.ForeignKey(OrgUnit, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("ngày"))
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    source = models.CharField(_("nguồn"), max_length=300)
    reference = models.CharField(_("số chứng từ"), max_length=100, blank=True)
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("khoản thu vào quỹ")
        verbose_name_plural = _("khoản thu vào quỹ thi đua, khen thưởng")
        ordering = ["date", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="fundincome_amount_positive")]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.source}: {self.amount:,}".replace(",", ".")

    @property
    def unit(self) -> OrgUnit:
        return self.body


class BlankLayout(models.Model):
    """A pre-printed certificate blank (phôi): the page and where each field is printed on it.

    Positions are millimetres from the top left corner of the sheet, as measured with a ruler on
    a blank; ``offset_x_mm``/``offset_y_mm`` shift everything when a printer feeds the sheet a
    little off (found with the calibration page).
    """

    name = models.CharField(_("tên mẫu phôi"), max_length=200)
    award_types = models.ManyToManyField(
        AwardType, verbose_name=_("dùng cho danh hiệu, hình thức"), blank=True, related_name="+"
    )
    page_width_mm = models.DecimalField(_("khổ giấy: rộng (mm)"), max_digits=5, decimal_places=1, default=297)
    page_height_mm = models.DecimalField(_("khổ giấy: cao (mm)"), max_digits=5, decimal_places=1, default=210)
    offset_x_mm = models.DecimalField(_("lệch ngang (mm)"), max_digits=4, decimal_places=1, default=0)
    offset_y_mm = models.DecimalField(_("lệch dọc (mm)"), max_digits=4, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("mẫu phôi giấy khen")
        verbose_name_plural = _("mẫu phôi giấy khen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BlankField(models.Model):
    """One field of a blank: where its text box starts, how wide it is, its font size."""

    layout = models.ForeignKey(BlankLayout, on_delete=models.CASCADE, related_name="fields")
    field = models.CharField(_("nội dung"), max_length=20, choices=CertificateField.choices)
    x_mm = models.DecimalField(_("cách mép trái (mm)"), max_digits=5, decimal_places=1)
    y_mm = models.DecimalField(_("cách mép trên (mm)"), max_digits=5, decimal_places=1)
    width_mm = models.DecimalField(_("độ rộng (mm)"), max_digits=5, decimal_places=1, default=100)
    font_size = models.PositiveSmallIntegerField(_("cỡ chữ (pt)"), default=14)
    bold = models.BooleanField(_("chữ đậm"), default=False)
    align = models.CharField(_("căn lề"), max_length=1, choices=TextAlign.choices, default=TextAlign.CENTER)

    class Meta:
        verbose_name = _("vị trí in")
        verbose_name_plural = _("vị trí in")
        ordering = ["layout", "y_mm", "x_mm"]
        constraints = [
            models.UniqueConstraint(fields=["layout", "field"], name="blankfield_once_per_layout"),
            models.CheckConstraint(condition=Q(font_size__gte=6, font_size__lte=72), name="blankfield_font_size"),
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()} ({self.x_mm}, {self.y_mm})"


class CertificateBatch(TaskJob):
    """All certificates of a decision as one PDF, built by a task; the page shows its progress."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="certificate_batches")
    layout = models.ForeignKey(
        BlankLayout,
        verbose_name=_("mẫu phôi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Để trống: giấy chứng nhận đầy đủ của Songlo, có mã QR xác minh."),
    )
    done = models.PositiveIntegerField(_("đã tạo"), default=0)
    total = models.PositiveIntegerField(_("tổng số"), default=0)

    class Meta(TaskJob.Meta):
        verbose_name = _("lượt in giấy chứng nhận")
        verbose_name_plural = _("lượt in giấy chứng nhận")

    def __str__(self) -> str:
        return f"{self.decision.number}: {self.done}/{self.total}"

    def get_absolute_url(self) -> str:
        return reverse("council:certificate_batch", args=[self.decision_id, self.pk])

    @property
    def percent(self) -> int:
        return 100 if self.status == BatchStatus.DONE else (self.done * 100 // self.total if self.total else 0)

    @property
    def unit(self) -> OrgUnit:
        return self.decision.body


class PdfJob(TaskJob):
    """A document's PDF, converted from its DOCX by LibreOffice in a task (seconds, not a request)."""

    kind = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentKind.choices)
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(CouncilSession, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta(TaskJob.Meta):
        verbose_name = _("bản PDF của văn bản")
        verbose_name_plural = _("bản PDF của văn bản")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="decision", decision__isnull=False, session__isnull=True)
                | Q(kind="minutes", session__isnull=False, decision__isnull=True),
                name="pdfjob_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("council:pdf_job", args=[self.pk])

    @property
    def target(self):
        return self.decision if self.kind == DocumentKind.DECISION else self.session

    @property
    def unit(self) -> OrgUnit:
        return self.target.body


class HigherProposal(models.Model):
    """An approved nomination beyond the body's authority, proposed to the level above (khen cao)."""

    nomination = models.OneToOneField(
        Nomination, verbose_name=_("hồ sơ đề nghị"), on_delete=models.PROTECT, related_name="higher_proposal"
    )
    from_body = models.ForeignKey(
        OrgUnit, verbose_name=_("cơ quan đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    to_body = models.ForeignKey(
        OrgUnit,
        verbose_name=_("cấp trên nhận hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incoming_proposals",
        help_text=_("Để trống khi cấp trên không dùng Songlo: kết quả được nhập khi có quyết định."),
    )
    authority = models.CharField(_("thẩm quyền quyết định"), max_length=20)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    created_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)
    outcome_number = models.CharField(_("số quyết định của cấp trên"), max_length=50, blank=True)
    outcome_date = models.DateField(_("ngày quyết định của cấp trên"), null=True, blank=True)
    outcome_note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("nhập kết quả lúc"), null=True, blank=True)
    award_record = models.OneToOneField(
        AwardRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="higher_proposal"
    )

    class Meta:
        verbose_name = _("đề nghị cấp trên khen thưởng")
        verbose_name_plural = _("đề nghị cấp trên khen thưởng")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.nomination} → {self.to_body or self.get_authority_display()}"

    def get_authority_display(self) -> str:
        from awards.enums import Authority

        return str(dict(Authority.choices).get(self.authority, self.authority))


class ProposalBundle(models.Model):
    """One outgoing submission (tờ trình) of a body to one higher authority, carrying its lines.

    drafted -> sent (number, date) -> received -> decided (every line not returned has its outcome).
    """

    body = models.ForeignKey(OrgUnit, verbose_name=_("cơ quan trình"), on_delete=models.PROTECT, related_name="+")
    authority = models.CharField(_("trình cấp"), max_length=20)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=BundleStatus.choices, default=BundleStatus.DRAFTED
    )
    number = models.CharField(_("số tờ trình"), max_length=50, blank=True)
    sent_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    received_on = models.DateField(_("ngày cấp trên nhận"), null=True, blank=True)
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposals = models.ManyToManyField(HigherProposal, through="BundleLine", related_name="bundles")

    class Meta:
        verbose_name = _("tờ trình đề nghị cấp trên")
        verbose_name_plural = _("tờ trình đề nghị cấp trên")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.number or gettext("Tờ trình %(pk)s") % {"pk": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("council:bundle_detail", args=[self.pk])

    @property
    def unit(self) -> OrgUnit:
        return self.body

    def get_authority_display(self) -> str:
        from awards.enums import Authority

        return str(dict(Authority.choices).get(self.authority, self.authority))


class BundleLine(models.Model):
    """A proposal carried by a bundle; a returned line (with its reason) may go in a later bundle."""

    bundle = models.ForeignKey(ProposalBundle, on_delete=models.CASCADE, related_name="lines")
    proposal = models.ForeignKey(HigherProposal, on_delete=models.PROTECT, related_name="lines")
    order = models.PositiveIntegerField(_("STT"))
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    returned_at = models.DateTimeField(_("trả lại lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("dòng tờ trình")
        verbose_name_plural = _("dòng tờ trình")
        ordering = ["bundle", "order"]
        constraints = [
            models.UniqueConstraint(fields=["bundle", "proposal"], name="bundleline_once_per_bundle"),
            # A proposal is in at most one bundle at a time: a later one only after it was returned.
            models.UniqueConstraint(
                fields=["proposal"], condition=Q(returned_at__isnull=True), name="bundleline_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bundle} #{self.order}"


class Objection(models.Model):
    """A citizen's objection to a publicly noticed nomination; an open one blocks the decision."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("hồ sơ đề nghị"), on_delete=models.CASCADE, related_name="objections"
    )
    name = models.CharField(_("họ và tên"), max_length=200)
    contact = models.CharField(_("điện thoại hoặc email"), max_length=200)
    text = models.TextField(_("nội dung phản ánh"))
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=ObjectionStatus.choices, default="open")
    resolution = models.TextField(_("kết quả giải quyết"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(_("giải quyết lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}: {self.nomination}"

    @property
    def reference(self) -> str:
        """The number a citizen quotes when they call the office about their objection."""
        return f"PA-{self.created_at:%Y}-{self.pk:06d}"


class RecheckFlag(models.Model):
    """A later award that counted on a revoked one: to be re-checked by the office."""

    award_record = models.ForeignKey(
        AwardRecord, verbose_name=_("khen thưởng cần rà soát"), on_delete=models.CASCADE, related_name="recheck_flags"
    )
    caused_by = models.ForeignKey(
        AwardRecord, verbose_name=_("do hủy bỏ"), on_delete=models.CASCADE, related_name="caused_flags"
    )
    created_at = models.DateTimeField(_("ngày đánh dấu"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("đã rà soát lúc"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("khen thưởng cần rà soát lại")
        verbose_name_plural = _("khen thưởng cần rà soát lại")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["award_record", "caused_by"], name="recheckflag_unique")]

    def __str__(self) -> str:
        return f"{self.award_record} ← {self.caused_by}"
