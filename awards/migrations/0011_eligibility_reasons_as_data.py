"""Eligibility reasons stored with nominations become data (a code and parameters).

Until now ``Nomination.eligibility_reasons`` held Vietnamese sentences. Each sentence the engine
used to write is read back into ``{"key", "ok", "code", "params"}`` (awards/reasons.py renders it
in the reader's language); a sentence that cannot be read back is kept as ``{"text": ...}`` and
shown as it was. Frozen dossier versions are history and keep what they hold.
"""

from __future__ import annotations

import datetime
import re

from django.db import migrations

KIND = {"cá nhân": "individual", "tập thể": "collective", "hộ gia đình": "household"}
RANK = {"HTXSNV": 4, "HTTNV": 3, "HTNV": 2, "KHTNV": 1}
DISCIPLINE = {
    "khiển trách": "khien_trach",
    "cảnh cáo": "canh_cao",
    "hạ bậc lương": "ha_bac_luong",
    "cách chức": "cach_chuc",
    "buộc thôi việc": "buoc_thoi_viec",
}
INITIATIVE_LEVEL = {"cấp cơ sở": "co_so", "cấp tỉnh": "tinh", "toàn quốc": "toan_quoc"}
TITLE = {"LĐTT": ("LDTT", "ldtt_same_year"), "CSTĐCS": ("CSTDCS", "consecutive_cstdcs")}
TITLE_CSTD_TINH = ("CSTD_TINH", "cstd_tinh_twice")
RATING = r"(HTXSNV|HTTNV|HTNV|KHTNV|chưa có)"
YEAR = r"(\d{4})"


def _iso(day: str) -> str:
    return datetime.datetime.strptime(day, "%d/%m/%Y").date().isoformat()


def _rating(value: str) -> str | None:
    return None if value == "chưa có" else value


def _status(text: str) -> dict | None:
    if text == "chưa có":
        return {"s": "none"}
    if text == "có":
        return {"s": "has"}
    if text == "chưa có quyết định, đủ điều kiện trong năm":
        return {"s": "eligible"}
    if m := re.fullmatch(r"có \(QĐ (.+)\)", text):
        return {"s": "decision", "number": m[1]}
    if m := re.fullmatch(r"không tính \(kỷ luật năm (\d{4})\)", text):
        return {"s": "not_counted", "cutoff": int(m[1])}
    return None


def _item(key: str, ok: bool, code: str, params: dict) -> dict:
    return {"key": key, "ok": ok, "code": code, "params": params}


def convert(text: str, codes: dict[str, str]) -> dict:
    """One old sentence as data; ``codes`` maps award short names and names to codes."""
    t = text.strip()
    if m := re.fullmatch(r"dành cho (.+): đúng đối tượng", t):
        kinds = m[1].split(" hoặc ")
        if all(k in KIND for k in kinds):
            return _item("subject_kind", True, "kind_ok", {"wanted": [KIND[k] for k in kinds]})
    if m := re.fullmatch(r"chỉ dành cho (.+): đối tượng là (.+)", t):
        kinds = m[1].split(" hoặc ")
        if all(k in KIND for k in kinds) and m[2] in KIND:
            return _item("subject_kind", False, "kind_wrong", {"wanted": [KIND[k] for k in kinds], "actual": KIND[m[2]]})
    if m := re.fullmatch(rf"cần chưa được tặng (.+) năm {YEAR}: (.+)", t):
        params: dict = {"award": codes.get(m[1], ""), "label": m[1], "year": int(m[2])}
        if m[3] == "chưa lưu lịch sử khen thưởng của hộ gia đình, cơ quan thi đua đối chiếu":
            return _item("once_per_year", True, "once_per_year", {**params, "household": True})
        if m[3] == "chưa được tặng":
            return _item("once_per_year", True, "once_per_year", {**params, "given": False})
        if g := re.fullmatch(r"đã được tặng \(QĐ (.*)\)", m[3]):
            return _item("once_per_year", False, "once_per_year", {**params, "given": True, "number": g[1]})
    if t == "cần không đang bị xem xét kỷ luật: không có":
        return _item("pending_discipline", True, "pending_discipline", {})
    if m := re.fullmatch(r"cần không đang bị xem xét kỷ luật: đang xem xét (.+) từ (\d\d/\d\d/\d{4})", t):
        if m[1].lower() in DISCIPLINE:
            return _item(
                "pending_discipline",
                False,
                "pending_discipline",
                {"level": DISCIPLINE[m[1].lower()], "start": _iso(m[2])},
            )
    if m := re.fullmatch(rf"cần xếp loại (\w+) trở lên năm {YEAR}: bị kỷ luật trong năm", t):
        return _item("rating_min", False, "rating_min", {"minimum": m[1], "year": int(m[2]), "disciplined": True})
    if m := re.fullmatch(rf"cần xếp loại (HTXSNV|HTTNV|HTNV|KHTNV) trở lên năm {YEAR}: {RATING}", t):
        rating = _rating(m[3])
        ok = rating is not None and RANK[rating] >= RANK[m[1]]
        return _item("rating_min", ok, "rating_min", {"minimum": m[1], "year": int(m[2]), "rating": rating})
    if m := re.fullmatch(rf"cần công tác từ (\d+) tháng trở lên trong năm {YEAR}: (.+)", t):
        params = {"months": int(m[1]), "year": int(m[2])}
        if m[3] == "chưa có ngày bắt đầu công tác, không kiểm tra":
            return _item("min_service_months", True, "service", params)
        if g := re.fullmatch(r"(từ|chưa đủ, từ) (\d\d/\d\d/\d{4})", m[3]):
            ok = g[1] == "từ"
            return _item("min_service_months", ok, "service", {**params, "joined": _iso(g[2]), "enough": ok})
    if m := re.fullmatch(rf"cần (LĐTT|CSTĐCS|CSTĐ cấp tỉnh) năm {YEAR}: (.+)", t):
        award, key = TITLE.get(m[1], TITLE_CSTD_TINH)
        status = _status(m[3])
        if status is not None:
            ok = status["s"] in ("decision", "has", "eligible")
            return _item(key, ok, "title", {"award": award, "year": int(m[2]), "status": status})
    if m := re.fullmatch(rf"cần HTXSNV, sáng kiến hoặc đề tài khoa học năm {YEAR}: (.+)", t):
        found = []
        for part in [] if m[2] == "chưa có" else m[2].split(", "):
            if part == "HTXSNV":
                found.append({"kind": "rating"})
            elif part.startswith("đề tài "):
                found.append({"kind": "science", "code": part.removeprefix("đề tài ")})
            elif part.startswith("sáng kiến "):
                found.append({"kind": "initiative", "code": part.removeprefix("sáng kiến ")})
            else:
                return {"text": text}
        return _item("excellence", bool(found), "excellence", {"year": int(m[1]), "found": found})
    if m := re.fullmatch(r"cần sáng kiến (cấp cơ sở|cấp tỉnh|toàn quốc) trở lên trong (\d{4})(?:–(\d{4}))?: (.+)", t):
        params = {"level": INITIATIVE_LEVEL[m[1]], "first": int(m[2]), "last": int(m[3] or m[2])}
        if m[4] == "chưa có":
            return _item("initiative_level", False, "initiative_level", params)
        if g := re.fullmatch(r"có \((.+), (cấp cơ sở|cấp tỉnh|toàn quốc)\)", m[4]):
            good = {"code": g[1], "level": INITIATIVE_LEVEL[g[2]]}
            return _item("initiative_level", True, "initiative_level", {**params, "good": good})
        if g := re.fullmatch(r"chưa có \(chỉ có (.+)\)", m[4]):
            items = []
            for part in g[1].split(", "):
                level = next((v for k, v in INITIATIVE_LEVEL.items() if part.endswith(" " + k)), None)
                if level is None:
                    return {"text": text}
                label = next(k for k, v in INITIATIVE_LEVEL.items() if v == level)
                items.append([part.removesuffix(" " + label), level])
            return _item("initiative_level", False, "initiative_level", {**params, "items": items})
    if m := re.fullmatch(
        r"cần (\d+) năm liền CSTĐCS, hoặc \d+ năm liền HTXSNV và 2 sáng kiến \((\d{4})(?:–(\d{4}))?\): "
        r"CSTĐCS (\d+)/\d+ năm; HTXSNV (\d+)/\d+ năm, (\d+) sáng kiến",
        t,
    ):
        span, cstdcs, excellent, initiatives = int(m[1]), int(m[4]), int(m[5]), int(m[6])
        ok = cstdcs == span or (excellent == span and initiatives >= 2)
        params = {
            "span": span,
            "first": int(m[2]),
            "last": int(m[3] or m[2]),
            "cstdcs": cstdcs,
            "excellent": excellent,
            "initiatives": initiatives,
        }
        return _item("bk_tinh_history", ok, "bk_person", params)
    if m := re.fullmatch(rf"cần không có cán bộ bị kỷ luật từ (.+) trở lên năm {YEAR}: (.+)", t):
        if m[1] in DISCIPLINE:
            params = {"level": DISCIPLINE[m[1]], "year": int(m[2])}
            if m[3] == "không có":
                return _item("members_discipline_max", True, "members_discipline", {**params, "names": []})
            if g := re.fullmatch(r"có (\d+) người \((.+)\)", m[3]):
                names = g[2].split(", ")
                if len(names) == int(g[1]):
                    return _item("members_discipline_max", False, "members_discipline", {**params, "names": names})
    if m := re.fullmatch(rf"cần ≥ ([\d.]+)% cán bộ (đạt LĐTT|hoàn thành nhiệm vụ) năm {YEAR}: (.+)", t):
        key, code = (
            ("members_ldtt_percent", "members_ldtt")
            if m[2] == "đạt LĐTT"
            else ("members_complete_percent", "members_complete")
        )
        params = {"threshold": float(m[1]), "year": int(m[3])}
        if m[4] == "đơn vị chưa có danh sách cán bộ":
            return _item(key, False, code, {**params, "hits": 0, "total": 0})
        if g := re.fullmatch(r"(\d+)/(\d+) \(\d+%\)", m[4]):
            hits, total = int(g[1]), int(g[2])
            ok = total > 0 and hits * 100 / total >= params["threshold"]
            return _item(key, ok, code, {**params, "hits": hits, "total": total})
    if m := re.fullmatch(rf"cần đơn vị xếp loại (HTXSNV|HTTNV|HTNV|KHTNV) năm {YEAR}: {RATING}", t):
        rating = _rating(m[3])
        ok = rating is not None and RANK[rating] >= RANK[m[1]]
        return _item("unit_rating", ok, "unit_rating", {"wanted": m[1], "year": int(m[2]), "rating": rating})
    if m := re.fullmatch(rf"cần ít nhất (\d+) cán bộ đạt CSTĐCS năm {YEAR}: (\d+)", t):
        minimum, count = int(m[1]), int(m[3])
        params = {"minimum": minimum, "year": int(m[2]), "count": count}
        return _item("members_cstdcs_min", count >= minimum, "members_cstdcs", params)
    if m := re.fullmatch(r"cần (\d+) năm liền HTXSNV hoặc TTLĐXS \((\d{4})(?:–(\d{4}))?\): (\d+)/\d+ năm", t):
        span, good = int(m[1]), int(m[4])
        params = {"span": span, "first": int(m[2]), "last": int(m[3] or m[2]), "good": good}
        return _item("bk_tinh_history", good == span, "bk_unit", params)
    if m := re.fullmatch(rf"cần được suy tôn dẫn đầu cụm, khối năm {YEAR}: (.+)", t):
        if m[2] == "chưa có":
            return _item("block_leader", False, "block_leader", {"year": int(m[1]), "block": None})
        if g := re.fullmatch(r"có \((.+)\)", m[2]):
            return _item("block_leader", True, "block_leader", {"year": int(m[1]), "block": g[1]})
    if m := re.fullmatch(rf"tiêu chí Gia đình văn hóa năm {YEAR} do thôn, tổ dân phố bình xét: cơ quan thi đua xem xét", t):
        return _item("manual", True, "gdvh", {"year": int(m[1])})
    if m := re.fullmatch(r"chưa có tiêu chí tự động cho (.+): cơ quan thi đua xem xét", t):
        return _item("manual", True, "manual", {"award": codes.get(m[1], ""), "name": m[1]})
    return {"text": text}


def award_codes(apps) -> dict[str, str]:
    AwardType = apps.get_model("awards", "AwardType")
    codes = {"LĐTT": "LDTT", "CSTĐCS": "CSTDCS", "CSTĐ cấp tỉnh": "CSTD_TINH", "CSTĐ toàn quốc": "CSTD_TQ"}
    for code, name, short in AwardType.objects.values_list("code", "name", "short_name"):
        codes.setdefault(name, code)
        codes.setdefault(short or code, code)
    return codes


def forwards(apps, schema_editor):
    Nomination = apps.get_model("awards", "Nomination")
    codes = award_codes(apps)
    batch = []
    for nomination in Nomination.objects.only("pk", "eligibility_reasons").iterator(chunk_size=2000):
        reasons = nomination.eligibility_reasons or []
        if not any(isinstance(r, str) for r in reasons):
            continue
        nomination.eligibility_reasons = [convert(r, codes) if isinstance(r, str) else r for r in reasons]
        batch.append(nomination)
        if len(batch) >= 2000:
            Nomination.objects.bulk_update(batch, ["eligibility_reasons"])
            batch = []
    if batch:
        Nomination.objects.bulk_update(batch, ["eligibility_reasons"])


def backwards(apps, schema_editor):
    """Back to sentences, in Vietnamese (the language the older code wrote)."""
    from django.utils import translation

    from awards.reasons import render_stored

    Nomination = apps.get_model("awards", "Nomination")
    with translation.override("vi"):
        for nomination in Nomination.objects.only("pk", "eligibility_reasons").iterator(chunk_size=2000):
            reasons = nomination.eligibility_reasons or []
            if any(isinstance(r, dict) for r in reasons):
                nomination.eligibility_reasons = [render_stored(r) for r in reasons]
                nomination.save(update_fields=["eligibility_reasons"])


class Migration(migrations.Migration):
    dependencies = [("awards", "0010_person_birth_date_subject_class_award_kinds")]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
