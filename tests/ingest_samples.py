"""Sample sources for the ingest tests, written for them (no one else's text), in every
format `briefing sources add` reads. Each sample holds page furniture or metadata the
extractor must handle."""
from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

TITLE = "금융권, 외부 생성형 AI 접속 통제 강화"
# One paragraph per item; headings, a byline, a question and a link line are mixed in on purpose.
PARAGRAPHS = [
    TITLE,
    "가상뉴스 김하늘 기자",
    "국내 시중은행 다섯 곳이 2월 첫째 주에 업무용 PC에서 중국 생성형 AI 서비스 접속을 차단했다. "
    "차단 대상에는 웹사이트와 모바일 앱 다운로드가 모두 포함됐다.",
    "한 은행 관계자는 고객 정보가 해외 서버로 넘어갈 수 있다는 우려 때문에 접속을 막았다고 밝혔다.",
    "업계에 따르면 이 서비스의 국내 주간 이용자는 한 달 만에 120만 명을 넘어선 것으로 알려졌다.",
    "보안 업체 분석에서는 입력한 대화 내용과 기기 정보가 중국 내 서버로 전송되는 사실이 확인됐다.",
    "한편 이 회사가 공개한 오픈소스 모델은 전체 6,710억 개 파라미터 가운데 일부만 작동시키는 구조로 학습 비용을 크게 낮췄다.",
    "개발사는 학습에 쓴 비용이 약 78억 원이라고 주장했지만 업계는 실제 비용이 그보다 10배 이상 많을 것으로 추정했다.",
    "과연 이 조치는 언제까지 이어질까?",
    "▶ 관련기사 더보기",
    "ⓒ 가상뉴스. 무단 전재 및 재배포 금지",
]
DATE = "2025-02-07"
OUTLET = "가상뉴스"
ARTICLE_TEXT = "\n\n".join(PARAGRAPHS) + "\n"


def write_text(path: Path) -> Path:
    path.write_text(ARTICLE_TEXT, encoding="utf-8")
    return path


def write_cp949(path: Path) -> Path:
    path.write_bytes(ARTICLE_TEXT.encode("cp949"))
    return path


def write_html(path: Path) -> Path:
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:8])
    html = f"""<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8">
<title>{TITLE} | {OUTLET}</title>
<meta property="og:title" content="{TITLE}">
<meta property="og:site_name" content="{OUTLET}">
<meta property="article:published_time" content="{DATE}T09:30:00+09:00">
</head><body>
<header><nav><ul><li><a href="/">홈</a></li><li><a href="/politics">정치</a></li><li><a href="/economy">경제</a></li>
<li><a href="/it">IT·과학</a></li><li><a href="/login">로그인</a></li></ul></nav></header>
<main><article>
<h1>{TITLE}</h1>
<div class="byline">김하늘 기자 haneul@example.com</div>
{body}
</article></main>
<aside class="ranking"><h3>많이 본 뉴스</h3><ol>
<li><a href="/1">연예인 결혼 소식에 팬들 축하 물결</a></li><li><a href="/2">주말 날씨 전국 흐리고 비</a></li>
<li><a href="/3">프로야구 개막전 매진 행렬 이어져</a></li></ol></aside>
<div class="ad">광고 문의 02-000-0000</div>
<footer><p>Copyright © {OUTLET} All rights reserved. 무단 전재 및 재배포 금지</p></footer>
</body></html>"""
    path.write_text(html, encoding="utf-8")
    return path


def write_docx(path: Path, *, with_date: bool = True) -> Path:
    import datetime as dt

    import docx

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    for p in PARAGRAPHS[2:8]:
        document.add_paragraph(p)
    props = document.core_properties
    props.title = TITLE
    props.author = "김하늘"
    if with_date:
        props.created = dt.datetime(2025, 2, 7, 9, 0)
    else:
        props.created = dt.datetime(1970, 1, 1)  # python-docx's template carries its own date: blank it
        props.modified = dt.datetime(1970, 1, 1)
    document.save(str(path))
    return path


_HPX_SECTION = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph">
{paras}
</hs:sec>"""
_HPX_PARA = '<hp:p id="{i}" paraPrIDRef="0" styleIDRef="0"><hp:run charPrIDRef="0">{runs}</hp:run></hp:p>'
_HPF = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<opf:package xmlns:opf="http://www.idpf.org/2007/opf/" xmlns:dc="http://purl.org/dc/elements/1.1/" version="" unique-identifier="" id="">
<opf:metadata><opf:title>{title}</opf:title><opf:language>ko</opf:language>
<opf:meta name="creator" content="text">김하늘</opf:meta>
<opf:meta name="CreatedDate" content="text">{date}T09:00:00Z</opf:meta></opf:metadata>
<opf:manifest><opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/></opf:manifest>
<opf:spine><opf:itemref idref="section0" linear="yes"/></opf:spine></opf:package>"""


def write_hwpx(path: Path) -> Path:
    """A minimal HWPX package: mimetype, content.hpf metadata and one section of hp:p / hp:t paragraphs
    (a paragraph's text split over two hp:t runs, as Hancom writes it)."""
    paras = []
    for i, p in enumerate([TITLE, *PARAGRAPHS[2:8]]):
        half = len(p) // 2
        runs = f"<hp:t>{_xml(p[:half])}</hp:t><hp:t>{_xml(p[half:])}</hp:t>"
        paras.append(_HPX_PARA.format(i=i, runs=runs))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip")
        z.writestr("Contents/content.hpf", _HPF.format(title=TITLE, date=DATE))
        z.writestr("Contents/section0.xml", _HPX_SECTION.format(paras="\n".join(paras)))
    path.write_bytes(buf.getvalue())
    return path


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_pdf(folder: Path, soffice: str) -> Path:
    """The DOCX sample converted by LibreOffice, as a press office would publish it."""
    src = write_docx(folder / "release.docx")
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(src)],
                   check=True, capture_output=True, timeout=180,
                   env={"HOME": str(folder), "PATH": "/usr/bin:/bin:/usr/local/bin"})
    return folder / "release.pdf"
