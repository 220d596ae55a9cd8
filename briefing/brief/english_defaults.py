"""English for the cover's Korean-only settings: a config written in Korean alone
(`document.classification: 대외비`, `owner: 보안팀장`) still gives English briefs in English.

Only the common values are known; anything else stays as written, and the build warns once
that the English briefs print it in Korean (set `classification_en` / `owner_en`).
"""
from __future__ import annotations

import re

CLASSIFICATIONS = {
    "대외비": "Confidential", "사내한정": "Internal use only", "사내 한정": "Internal use only",
    "내부용": "Internal use only", "내부": "Internal", "대내": "Internal", "기밀": "Secret", "극비": "Top secret",
    "비밀": "Secret", "일반": "General", "공개": "Public", "제한": "Restricted", "관외비": "Confidential",
}

ROLES = {
    "정보보호최고책임자(CISO)": "Chief Information Security Officer (CISO)",
    "정보보호최고책임자": "Chief Information Security Officer", "CISO": "CISO",
    "최고정보책임자(CIO)": "Chief Information Officer (CIO)", "최고정보책임자": "Chief Information Officer",
    "최고경영자": "Chief Executive Officer", "대표이사": "Chief Executive Officer",
    "보안팀장": "Head of Security", "정보보호팀장": "Head of Information Security",
    "정보보안팀장": "Head of Information Security", "보안팀": "Security team",
    "정보보호팀": "Information Security team",
    "정보보안팀": "Information Security team", "정보보호부": "Information Security Department",
    "IT팀장": "Head of IT", "IT팀": "IT team", "전산팀": "IT team", "정보시스템팀": "IT systems team",
    "개발팀장": "Head of Development", "개발팀": "Development team", "법무팀": "Legal team",
    "법무팀장": "Head of Legal", "준법감시인": "Compliance Officer", "준법감시팀": "Compliance team",
    "경영지원팀": "Management Support team", "전략기획팀": "Strategy and Planning team",
    "개인정보보호책임자": "Chief Privacy Officer", "개인정보보호책임자(CPO)": "Chief Privacy Officer (CPO)",
    "AI 거버넌스 위원회": "AI Governance Committee", "AI위원회": "AI Committee",
}

_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def english(value: str, known: dict[str, str]) -> str | None:
    """The English for a Korean setting value; the value itself when it holds no Hangul; else None."""
    text = value.strip()
    if not _HANGUL.search(text):
        return text
    return known.get(text) or known.get(text.replace(" ", ""))


def untranslated(config) -> list[str]:
    """Warnings for the English briefs: cover settings of a RunConfig that would print in Korean."""
    document = config.document
    out = []
    if not config.organization.name_en and _HANGUL.search(config.organization.name):
        out.append(f"organization.name '{config.organization.name}' has no English: the English brief prints it "
                   "in Korean (set organization.name_en)")
    for key, known in (("classification", CLASSIFICATIONS), ("owner", ROLES)):
        value = getattr(document, key)
        if not getattr(document, f"{key}_en") and english(value, known) is None:
            out.append(f"document.{key} '{value}' has no English: the English brief prints it in Korean "
                       f"(set document.{key}_en)")
    if document.distribution and not document.distribution_en and _HANGUL.search(document.distribution):
        out.append("document.distribution has no English: the English brief names the audience there instead "
                   "(set document.distribution_en)")
    return out
