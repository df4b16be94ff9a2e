"""Eligibility reasons as data (a code and parameters), rendered in the reader's language.

The engine (``awards.eligibility``) never builds a sentence: every check carries a reason code
and JSON parameters; nominations store them as they are (``Nomination.eligibility_reasons``:
``[{"code": ..., "params": {...}, "ok": true}, ...]``) and every page renders them here, with
gettext in the language of whoever reads them. Older nominations stored Vietnamese sentences:
those the migration could not read back are kept as ``{"text": ...}`` and shown as they are.

Award names are official Vietnamese names; in English they are followed by a gloss
("Lao động tiên tiến (Advanced Worker)"), see ``award_name``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils.translation import get_language, gettext, gettext_noop, ngettext, pgettext

from awards.enums import AwardKind, DisciplineLevel, InitiativeLevel, SubjectKind

# Short Vietnamese names of the awards the rules refer to (docs/domain.md), by code.
AWARD_SHORT = {
    "LDTT": "LĐTT",
    "CSTDCS": "CSTĐCS",
    "CSTD_TINH": "CSTĐ cấp tỉnh",
    "CSTD_TQ": "CSTĐ toàn quốc",
    "TTLDTT": "TTLĐTT",
    "TTLDXS": "TTLĐXS",
}
# The official names of the seeded catalogue (awards/migrations/0002): msgids whose English
# translation is the gloss shown after the Vietnamese name.
AWARD_NAMES = {
    "LDTT": gettext_noop("Lao động tiên tiến"),
    "CSTDCS": gettext_noop("Chiến sĩ thi đua cơ sở"),
    "CSTD_TINH": gettext_noop("Chiến sĩ thi đua cấp tỉnh"),
    "CSTD_TQ": gettext_noop("Chiến sĩ thi đua toàn quốc"),
    "TTLDTT": gettext_noop("Tập thể lao động tiên tiến"),
    "TTLDXS": gettext_noop("Tập thể lao động xuất sắc"),
    "CO_TINH": gettext_noop("Cờ thi đua cấp tỉnh"),
    "CO_CP": gettext_noop("Cờ thi đua của Chính phủ"),
    "XA_TIEU_BIEU": gettext_noop("Xã, phường, thị trấn tiêu biểu"),
    "THON_VAN_HOA": gettext_noop("Thôn, tổ dân phố văn hóa"),
    "GDVH": gettext_noop("Gia đình văn hóa"),
    "GIAY_KHEN": gettext_noop("Giấy khen"),
    "BK_TINH": gettext_noop("Bằng khen của Chủ tịch UBND tỉnh"),
    "BK_TTG": gettext_noop("Bằng khen của Thủ tướng Chính phủ"),
    "HCLD3": gettext_noop("Huân chương Lao động hạng Ba"),
    "HCLD2": gettext_noop("Huân chương Lao động hạng Nhì"),
    "HCLD1": gettext_noop("Huân chương Lao động hạng Nhất"),
    "KNC": gettext_noop("Kỷ niệm chương"),
}
# Ratings are written as the abbreviations officials use (HTXSNV...); in English, words.
RATING_SHORT = {
    "HTXSNV": gettext_noop("HTXSNV"),
    "HTTNV": gettext_noop("HTTNV"),
    "HTNV": gettext_noop("HTNV"),
    "KHTNV": gettext_noop("KHTNV"),
}
KIND_WORDS = {
    SubjectKind.INDIVIDUAL.value: gettext_noop("cá nhân"),
    SubjectKind.COLLECTIVE.value: gettext_noop("tập thể"),
    SubjectKind.HOUSEHOLD.value: gettext_noop("hộ gia đình"),
}


def _is_vietnamese() -> bool:
    return (get_language() or "vi").split("-")[0] == "vi"


def gloss(vietnamese: str, msgid: str | None = None) -> str:
    """A Vietnamese name followed, for other languages, by its translation: "Giấy khen (Certificate of Merit)"."""
    if not vietnamese or _is_vietnamese():
        return vietnamese
    translated = gettext(msgid or vietnamese)
    return vietnamese if translated in (vietnamese, msgid) else f"{vietnamese} ({translated})"


def award_name(code: str, name: str = "") -> str:
    """An award's official name (from the catalogue), with an English gloss in English."""
    name = name or AWARD_NAMES.get(code, "") or code
    return gloss(name, AWARD_NAMES.get(code) if name == AWARD_NAMES.get(code) else name)


def award_short(code: str, label: str = "") -> str:
    """An award's short name ("LĐTT"), with an English gloss of its full name in English."""
    short = label or AWARD_SHORT.get(code) or code
    if _is_vietnamese():
        return short
    full = AWARD_NAMES.get(code)
    translated = gettext(full) if full else gettext(short)
    return short if translated in (short, full) else f"{short} ({translated})"


def rating(value: str | None) -> str:
    if not value:
        return gettext("chưa có")
    return gettext(RATING_SHORT[value]) if value in RATING_SHORT else value


def _date(value: str) -> str:
    return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")


def _number(value: float) -> str:
    """Thresholds as written ("15", "66,5")."""
    return f"{value:g}".replace(".", ",")


def _years(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _join(words: list[str]) -> str:
    """ "a hoặc b hoặc c" / "a or b or c"."""
    text = words[0] if words else ""
    for word in words[1:]:
        text = gettext("%(first)s hoặc %(second)s") % {"first": text, "second": word}
    return text


def _decision(number: str) -> str:
    return gettext("QĐ %(number)s") % {"number": number}


def _kind_label(value: str) -> str:
    return str(AwardKind(value).label) if value in AwardKind.values else value


def title_status(status: dict) -> str:
    """Whether a subject holds a title in a year (``Evaluator.has_title``)."""
    state = status.get("s")
    if state == "not_counted":
        return gettext("không tính (kỷ luật năm %(year)s)") % {"year": status["cutoff"]}
    if state == "decision":
        return gettext("có (%(decision)s)") % {"decision": _decision(status["number"])}
    if state == "has":
        return gettext("có")
    if state == "eligible":
        return gettext("chưa có quyết định, đủ điều kiện trong năm")
    if state == "not_merit":
        return gettext("%(award)s %(year)s theo loại hình “%(kind)s”: không tính") % {
            "award": award_short(status["award"]),
            "year": status["year"],
            "kind": _kind_label(status["kind"]),
        }
    return gettext("chưa có")


def initiative_use(use: dict) -> str:
    """An initiative already relied on by a commendation form (docs/domain.md#rule-9)."""
    award = award_short(use["award"], use.get("label", ""))
    if use.get("nomination"):
        text = gettext("sáng kiến %(code)s đã dùng cho đề nghị %(award)s năm %(year)s")
    else:
        text = gettext("sáng kiến %(code)s đã dùng cho %(award)s năm %(year)s")
    return text % {"code": use["code"], "award": award, "year": use["year"]}


# One renderer per reason code ----------------------------------------------------------------
def _award_unknown(p: dict) -> str:
    return gettext("không có “%(award)s” trong danh mục khen thưởng") % {"award": p["award"]}


def _kind_wrong(p: dict) -> str:
    return gettext("chỉ dành cho %(wanted)s: đối tượng là %(actual)s") % {
        "wanted": _join([gettext(KIND_WORDS[k]) for k in p["wanted"]]),
        "actual": gettext(KIND_WORDS[p["actual"]]),
    }


def _kind_ok(p: dict) -> str:
    return gettext("dành cho %(wanted)s: đúng đối tượng") % {
        "wanted": _join([gettext(KIND_WORDS[k]) for k in p["wanted"]])
    }


def _once_per_year(p: dict) -> str:
    head = gettext("mỗi năm chỉ được tặng %(award)s một lần (năm %(year)s)") % {
        "award": award_short(p["award"], p.get("label", "")),
        "year": p["year"],
    }
    if p.get("household"):
        detail = gettext("chưa lưu lịch sử khen thưởng của hộ gia đình, cơ quan thi đua đối chiếu")
    elif p.get("given"):
        number = p.get("number") or ""
        detail = (
            gettext("đã được tặng (%(decision)s)") % {"decision": _decision(number)}
            if number
            else gettext("đã được tặng")
        )
    else:
        detail = gettext("chưa được tặng")
    return f"{head}: {detail}"


def _pending_discipline(p: dict) -> str:
    head = gettext("không đang bị xem xét kỷ luật")
    if not p.get("level"):
        return f"{head}: " + gettext("đạt")
    detail = gettext("đang xem xét hình thức %(level)s từ %(start)s") % {
        "level": str(DisciplineLevel(p["level"]).label).lower(),
        "start": _date(p["start"]),
    }
    return f"{head}: {detail}"


def _manual(p: dict) -> str:
    return gettext("chưa có tiêu chí tự động cho %(award)s: cơ quan thi đua xem xét") % {
        "award": award_name(p["award"], p.get("name", ""))
    }


def _rating_min(p: dict) -> str:
    head = gettext("cần xếp loại %(minimum)s trở lên năm %(year)s") % {
        "minimum": rating(p["minimum"]),
        "year": p["year"],
    }
    detail = gettext("bị kỷ luật trong năm") if p.get("disciplined") else rating(p.get("rating"))
    return f"{head}: {detail}"


def _service(p: dict) -> str:
    months = p["months"]
    head = ngettext(
        "cần công tác từ %(months)s tháng trở lên trong năm %(year)s",
        "cần công tác từ %(months)s tháng trở lên trong năm %(year)s",
        months,
    ) % {"months": months, "year": p["year"]}
    if not p.get("joined"):
        detail = gettext("chưa có ngày bắt đầu công tác, không kiểm tra")
    elif p.get("enough"):
        detail = gettext("từ %(date)s") % {"date": _date(p["joined"])}
    else:
        detail = gettext("chưa đủ, từ %(date)s") % {"date": _date(p["joined"])}
    return f"{head}: {detail}"


def _title(p: dict) -> str:
    head = gettext("cần %(award)s năm %(year)s") % {"award": award_short(p["award"]), "year": p["year"]}
    return f"{head}: {title_status(p['status'])}"


def _excellence(p: dict) -> str:
    words = []
    for item in p["found"]:
        if item["kind"] == "rating":
            words.append(rating("HTXSNV"))
        elif item["kind"] == "science":
            words.append(gettext("đề tài %(code)s") % {"code": item["code"]})
        else:
            words.append(gettext("sáng kiến %(code)s") % {"code": item["code"]})
    head = gettext("cần HTXSNV, sáng kiến hoặc đề tài khoa học năm %(year)s") % {"year": p["year"]}
    return f"{head}: " + (", ".join(words) or gettext("chưa có"))


def _cap(p: dict) -> str:
    return gettext("cần số CSTĐCS không quá %(cap)s%% số LĐTT của đơn vị năm %(year)s: %(count)s/%(ldtt)s") % {
        "cap": _number(p["cap"]),
        "year": p["year"],
        "count": p["count"],
        "ldtt": p["ldtt"],
    }


def _level(value: str) -> str:
    return str(InitiativeLevel(value).label).lower()


def _initiative_level(p: dict) -> str:
    head = gettext("cần sáng kiến %(level)s trở lên trong %(years)s") % {
        "level": _level(p["level"]),
        "years": _years(p["first"], p["last"]),
    }
    if p.get("good"):
        detail = gettext("có (%(code)s, %(level)s)") % {"code": p["good"]["code"], "level": _level(p["good"]["level"])}
    elif p.get("items"):
        detail = gettext("chưa có (chỉ có %(items)s)") % {
            "items": ", ".join(f"{code} {_level(level)}" for code, level in p["items"])
        }
    else:
        detail = gettext("chưa có")
    return f"{head}: {detail}"


def _members_percent(what: Callable[[], str]) -> Callable[[dict], str]:
    def render(p: dict) -> str:
        head = what() % {"threshold": _number(p["threshold"]), "year": p["year"]}
        if not p["total"]:
            return f"{head}: " + gettext("đơn vị chưa có danh sách cán bộ")
        share = round(p["hits"] * 100 / p["total"])
        return f"{head}: {p['hits']}/{p['total']} ({share}%)"

    return render


def _members_discipline(p: dict) -> str:
    head = gettext("không có cán bộ bị kỷ luật từ mức %(level)s trở lên năm %(year)s") % {
        "level": str(DisciplineLevel(p["level"]).label).lower(),
        "year": p["year"],
    }
    names = p.get("names") or []
    if not names:
        return f"{head}: " + gettext("đạt")
    detail = ngettext("có %(count)s người (%(names)s)", "có %(count)s người (%(names)s)", len(names)) % {
        "count": len(names),
        "names": ", ".join(names),
    }
    return f"{head}: {detail}"


def _unit_rating(p: dict) -> str:
    head = gettext("cần đơn vị xếp loại %(wanted)s năm %(year)s") % {"wanted": rating(p["wanted"]), "year": p["year"]}
    return f"{head}: {rating(p.get('rating'))}"


def _members_cstdcs(p: dict) -> str:
    head = ngettext(
        "cần ít nhất %(minimum)s cán bộ đạt CSTĐCS năm %(year)s",
        "cần ít nhất %(minimum)s cán bộ đạt CSTĐCS năm %(year)s",
        p["minimum"],
    ) % {"minimum": p["minimum"], "year": p["year"]}
    return f"{head}: {p['count']}"


def _bk_person(p: dict) -> str:
    span, period = p["span"], _years(p["first"], p["last"])
    head = ngettext(
        "cần %(span)s năm liền CSTĐCS, hoặc %(span)s năm liền HTXSNV và 2 sáng kiến (%(period)s)",
        "cần %(span)s năm liền CSTĐCS, hoặc %(span)s năm liền HTXSNV và 2 sáng kiến (%(period)s)",
        span,
    ) % {"span": span, "period": period}
    detail = gettext("CSTĐCS %(cstdcs)s/%(span)s năm; HTXSNV %(excellent)s/%(span)s năm") % {
        "cstdcs": p["cstdcs"],
        "excellent": p["excellent"],
        "span": span,
    }
    detail += ", " + ngettext("%(count)s sáng kiến", "%(count)s sáng kiến", p["initiatives"]) % {
        "count": p["initiatives"]
    }
    if p.get("excluded"):
        detail += f" ({'; '.join(initiative_use(u) for u in p['excluded'])})"
    return f"{head}: {detail}"


def _bk_unit(p: dict) -> str:
    span = p["span"]
    head = ngettext(
        "cần %(span)s năm liền HTXSNV hoặc TTLĐXS (%(period)s)",
        "cần %(span)s năm liền HTXSNV hoặc TTLĐXS (%(period)s)",
        span,
    ) % {"span": span, "period": _years(p["first"], p["last"])}
    return f"{head}: " + gettext("%(good)s/%(span)s năm") % {"good": p["good"], "span": span}


def _gdvh(p: dict) -> str:
    return gettext("tiêu chí Gia đình văn hóa năm %(year)s do thôn, tổ dân phố bình xét: cơ quan thi đua xem xét") % {
        "year": p["year"]
    }


def _block_leader(p: dict) -> str:
    head = gettext("cần được suy tôn dẫn đầu cụm, khối năm %(year)s") % {"year": p["year"]}
    detail = gettext("có (%(block)s)") % {"block": p["block"]} if p.get("block") else gettext("chưa có")
    return f"{head}: {detail}"


RENDERERS: dict[str, Callable[[dict], str]] = {
    "award_unknown": _award_unknown,
    "kind_wrong": _kind_wrong,
    "kind_ok": _kind_ok,
    "once_per_year": _once_per_year,
    "pending_discipline": _pending_discipline,
    "manual": _manual,
    "rating_min": _rating_min,
    "service": _service,
    "title": _title,
    "excellence": _excellence,
    "cap": _cap,
    "initiative_level": _initiative_level,
    "members_ldtt": _members_percent(lambda: gettext("cần ≥ %(threshold)s%% cán bộ đạt LĐTT năm %(year)s")),
    "members_complete": _members_percent(
        lambda: gettext("cần ≥ %(threshold)s%% cán bộ hoàn thành nhiệm vụ năm %(year)s")
    ),
    "members_discipline": _members_discipline,
    "unit_rating": _unit_rating,
    "members_cstdcs": _members_cstdcs,
    "bk_person": _bk_person,
    "bk_unit": _bk_unit,
    "gdvh": _gdvh,
    "block_leader": _block_leader,
}


def render(code: str, params: dict[str, Any]) -> str:
    """One reason in the active language."""
    renderer = RENDERERS.get(code)
    if renderer is None:
        return pgettext("eligibility reason", "điều kiện “%(code)s”") % {"code": code}
    return renderer(params)


def render_stored(item: Any) -> str:
    """A reason as stored with a nomination: structured, or (older rows) a sentence kept as it was."""
    if isinstance(item, dict):
        if "code" in item:
            return render(item["code"], item.get("params", {}))
        return str(item.get("text", ""))
    return str(item)
