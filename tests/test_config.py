"""Run configs: what is accepted, and the one-paragraph error for what is not."""
from __future__ import annotations

import datetime as dt

import pytest

from briefing.errors import BriefingError
from briefing.knowledge.config import load_config
from conftest import MINIMAL_CONFIG, assert_handled, run_cli

# (name, config text, expected line or None, words the message must contain)
BAD_CONFIGS = [
    ("unknown top-level key", MINIMAL_CONFIG + "colour: blue\n", 13, ["unknown key 'colour'", "allowed keys"]),
    ("unknown nested key", MINIMAL_CONFIG.replace("  dir: out", "  dir: out\n  folder: x"), 13,
     ["unknown key 'folder'", "filename"]),
    ("missing organization name", "organization:\n  industry: finance\n", 1, ["organization.name", "required"]),
    ("missing organization", "document:\n  version: '1'\n", None, ["organization", "required"]),
    ("wrong type for audiences", MINIMAL_CONFIG + "audiences: board\n", 13, ["audiences"]),
    ("unknown audience", MINIMAL_CONFIG + "audiences: [board, ceo]\n", 13, ["unknown audience 'ceo'", "board"]),
    ("unknown language", MINIMAL_CONFIG.replace("languages: [ko]", "languages: [ko, jp]"), 10, ["'ko' or 'en'"]),
    ("repeated language", MINIMAL_CONFIG.replace("languages: [ko]", "languages: [ko, ko]"), 10, ["twice"]),
    ("unknown placeholder", MINIMAL_CONFIG + "  filename: '{company}_{audience}_{lang}.docx'\n", 13,
     ["{company}", "{org}"]),
    ("path in file name", MINIMAL_CONFIG + "  filename: '../{audience}_{lang}.docx'\n", 13, ["plain file name"]),
    ("file name not docx", MINIMAL_CONFIG + "  filename: '{audience}_{lang}.pdf'\n", 13, [".docx"]),
    ("file name would collide", MINIMAL_CONFIG + "  filename: '{date}.docx'\n", 13, ["{audience}"]),
    ("bad date", MINIMAL_CONFIG.replace("date: 2025-03-01", "date: 2025-13-01"), 5, ["document.date"]),
    ("unknown excluded id", MINIMAL_CONFIG + "exclude: [R-NOPE-99]\n", 13, ["R-NOPE-99", "briefing list"]),
    ("invalid YAML", MINIMAL_CONFIG + "exclude: [oops\n", 14, ["invalid YAML"]),
    ("duplicate key", MINIMAL_CONFIG + "languages: [en]\n", 13, ["duplicate key 'languages'", "line 10"]),
    ("python tag", MINIMAL_CONFIG + "x: !!python/object/apply:os.system ['true']\n", 13, ["tag"]),
    ("not a mapping", "- just\n- a list\n", 1, ["mapping"]),
    ("empty file", "", None, ["empty"]),
    ("keep out of range", MINIMAL_CONFIG + "  keep: 0\n", 13, ["output.keep"]),
]


@pytest.mark.parametrize("name,text,line,words", BAD_CONFIGS, ids=[c[0] for c in BAD_CONFIGS])
def test_bad_config_gives_a_clear_error(tmp_path, tmp_config, name, text, line, words):
    path = tmp_config(text)
    result = run_cli("build", "-c", str(path), cwd=tmp_path)
    assert result.exit_code == 2, result.output
    message = result.stderr
    assert_handled(result)
    assert str(path) in message
    if line:
        assert f"{path}:{line}:" in message, message
    for word in words:
        assert word in message, message
    assert message.count("\n") <= 2, "one paragraph"
    assert not (tmp_path / "out").exists(), "nothing is written for bad input"


def test_non_utf8_config_is_refused_with_advice(tmp_path):
    path = tmp_path / "cp949.yaml"
    path.write_bytes(MINIMAL_CONFIG.encode("cp949"))
    result = run_cli("check", "-c", str(path), cwd=tmp_path)
    assert result.exit_code == 2
    assert "UTF-8" in result.stderr and "CP949" in result.stderr and str(path) in result.stderr


def test_relative_paths_resolve_against_the_config_folder(tmp_path, tmp_config):
    loaded = load_config(tmp_config(MINIMAL_CONFIG))
    assert loaded.output_dir == tmp_path / "out"
    assert loaded.config.document.date == dt.date(2025, 3, 1)


def test_the_built_in_default_writes_under_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    loaded = load_config(None)
    assert loaded.output_dir == tmp_path / "briefs"
    assert loaded.config.audiences == ["board", "security", "developers"]


def test_missing_config_file_is_a_clear_error(tmp_path):
    with pytest.raises(BriefingError, match="no such file"):
        load_config(tmp_path / "nope.yaml")


def test_briefing_yaml_in_the_working_directory_is_picked_up(tmp_path, tmp_config):
    tmp_config(MINIMAL_CONFIG.replace("languages: [ko]", "languages: [en]") + "audiences: [board]\n")
    result = run_cli("build", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "out").glob("*.docx")] == ["2025-03-01_board_en.docx"]
