"""The register's sheets and columns: what the writer puts where and the import reads back.

Headers are bilingual ("상태 Status") so one file serves a Korean and an English reader; the
import finds columns by these headers, so a user may reorder or hide columns, not rename them.
"""
from __future__ import annotations

import re

REGISTER_SHEET = "Register"
FINDINGS_SHEET = "Findings"
CHANGES_SHEET = "Changes"
SNAPSHOT_SHEET = "briefing"  # hidden: the editable cells as written, and the edition
SNAPSHOT_EDITION = "edition"
SNAPSHOT_LANG = "language"

ID = "ID"
TITLE_KO = "제목"
TITLE_EN = "Title"
TOPIC = "주제 Topic"
PRIORITY = "우선순위 Priority"
OWNER = "담당 Owner"
DUE = "기한 Due"
STATUS = "상태 Status"
STATUS_DATE = "상태 변경일 Status date"
BUDGET = "예산(원) Budget (KRW)"
NOTE = "비고 Note"
OVERDUE = "기한 경과 Overdue"
FRAMEWORKS = "대응 기준 Frameworks"
FINDINGS = "근거 사실 Findings"

# What `register import` writes back into the run config's overrides.
EDITABLE = (OWNER, DUE, STATUS, STATUS_DATE, BUDGET, NOTE)

STATUSES = ("planned", "in_progress", "done", "not_applicable")
STATUS_LABELS = {"planned": ("계획", "Planned"), "in_progress": ("진행 중", "In progress"),
                 "done": ("완료", "Done"), "not_applicable": ("해당 없음", "Not applicable")}


def status_label(status: str | None, lang: str) -> str:
    if not status:
        return ""
    ko, en = STATUS_LABELS[status]
    return ko if lang == "ko" else en


def status_code(text: str) -> str | None:
    """A status as typed in the sheet (code, Korean or English label, any case) -> its code."""
    wanted = re.sub(r"[\s_]+", " ", text.strip().lower())
    for code, labels in STATUS_LABELS.items():
        if wanted in {code.replace("_", " "), *(label.lower() for label in labels)}:
            return code
    return None


_SCALE = {"조": 10**12, "억": 10**8, "천만": 10**7, "백만": 10**6, "십만": 10**5, "만": 10**4, "천": 10**3}
_PART = r"[\d,]+(?:\.\d+)?(?:조|억|천만|백만|십만|만|천)?"
_WHOLE = re.compile(rf"(?:{_PART})+")
_PARTS = re.compile(r"([\d,]+(?:\.\d+)?)(조|억|천만|백만|십만|만|천)?")


def won(value) -> int | None:
    """An amount in won from a cell: 30000000, "30,000,000원", "3,000만 원", "3천만 원", "1억 2천만 원".
    None when it is not an amount."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() and value >= 0 else None
    text = re.sub(r"\s+", "", str(value)).removeprefix("₩").removeprefix("KRW")
    text = text.removesuffix("원").removesuffix("KRW")
    if not text or not _WHOLE.fullmatch(text):
        return None
    total = 0.0
    for number, unit in _PARTS.findall(text):
        if not re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d+)?|\d+(\.\d+)?", number):
            return None
        total += float(number.replace(",", "")) * _SCALE.get(unit, 1)
    return int(total) if total.is_integer() else None


def won_text(amount: int) -> str:
    """30000000 -> "3,000만 원"; 120000000 -> "1억 2,000만 원"; 5000 -> "5,000원"."""
    eok, rest = divmod(amount, 10**8)
    man, unit = divmod(rest, 10**4)
    parts = ([f"{eok:,}억"] if eok else []) + ([f"{man:,}만"] if man else [])
    if unit or not parts:
        return " ".join([*parts, f"{unit:,}원"])
    return " ".join(parts) + " 원"
