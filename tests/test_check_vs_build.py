"""`briefing check` refuses everything `briefing build` would refuse: check passes => build does not exit 2."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL_CONFIG, assert_handled, run_cli

FRAGMENTS = [
    "# {{ brief.title }}\n\n",
    "{{ brief.organization }} 본문입니다.\n\n",
    "{% for r in brief.recommendations %}- {{ r.title }}\n{% endfor %}\n",
    "{{ brief.titel }}\n",
    "![users](chart:bar/kr_weekly_users_2025w4)\n\n",
    "![users](chart:bar/no_such_series)\n\n",
    "![risk](chart:risk)\n\n",
    "![pie](chart:pie/x)\n\n",
    "![empty](chart:bar/)\n\n",
    '![alt [nested]](chart:bar/no_such_series "title"){width="50%"}\n\n',
    "{% if %}\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n",
    "각주가 있는 문장[^1]\n\n[^1]: 각주\n\n",
    "{% include 'nope.md.j2' %}\n",
    "```\n![in code](chart:pie/x)\n```\n\n",
    "[toc]\n\n",
]
CONFIG_EXTRAS = ["", "exclude: [R-NOPE-1]\n", "languages: [en]\n", "  filename: '{audience}_{lang}_{date}.docx'\n"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=5),
       audience=st.sampled_from(["developers", "board"]), extra=st.sampled_from(CONFIG_EXTRAS))
def test_check_passing_means_build_does_not_refuse(tmp_path_factory, parts, audience, extra):
    tmp = tmp_path_factory.mktemp("checkbuild")
    (tmp / "t").mkdir()
    (tmp / "t" / f"{audience}.md.j2").write_text("".join(parts), encoding="utf-8")
    config = MINIMAL_CONFIG + f"audiences: [{audience}]\ntemplates: t\n"
    if extra.startswith("  "):
        config = config.replace("  dir: out\n", "  dir: out\n" + extra)
    elif extra.startswith("languages"):
        config = config.replace("languages: [ko]\n", extra)
    else:
        config += extra
    (tmp / "c.yaml").write_text(config, encoding="utf-8")
    check = run_cli("check", "-c", str(tmp / "c.yaml"), cwd=tmp)
    assert check.exit_code in (0, 2), check.output
    if check.exit_code == 0:
        build = run_cli("build", "-c", str(tmp / "c.yaml"), "--jobs", "1", cwd=tmp)
        assert build.exit_code != 2, f"check passed, build refused:\n{build.stderr}"
    else:
        assert check.stderr.startswith("error: ")
        assert_handled(check)


def test_a_chart_the_build_rejects_is_reported_by_check(tmp_path, tmp_config):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "developers.md.j2").write_text("# T\n\n![x](chart:pie/none)\n", encoding="utf-8")
    config = tmp_config(MINIMAL_CONFIG + "audiences: [developers]\ntemplates: t\n")
    check = run_cli("check", "-c", str(config), cwd=tmp_path)
    assert check.exit_code == 2 and "unknown chart 'pie/none'" in check.stderr
    assert "developers.md.j2" in check.stderr
    build = run_cli("build", "-c", str(config), cwd=tmp_path)
    assert build.exit_code == 2 and "unknown chart 'pie/none'" in build.stderr


def test_check_reports_pdf_output_without_libreoffice(tmp_path, tmp_config, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    config = tmp_config(MINIMAL_CONFIG.replace("  dir: out", "  dir: out\n  pdf: true"))
    check = run_cli("check", "-c", str(config), cwd=tmp_path)
    assert check.exit_code == 2
    assert f"{config}:13:" in check.stderr and "soffice" in check.stderr
    assert run_cli("build", "-c", str(config), cwd=tmp_path).exit_code == 2
