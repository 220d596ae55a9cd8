"""Property-based: random YAML and random text never give a traceback or a broken DOCX."""
from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL_CONFIG, assert_handled, assert_valid_docx, run_cli

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                    st.text(max_size=30), st.dates().map(str))
yaml_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)), max_leaves=20)
KEYS = ["organization", "document", "audiences", "languages", "output", "exclude", "knowledge", "templates",
        "reference_docx", "name", "date", "dir", "filename", "keep", "pdf"]
# Korean, emoji, control characters, right-to-left marks, combining marks, lone surrogates' neighbours.
nasty_text = st.text(alphabet=st.one_of(
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
    st.sampled_from(list("😀🇰🇷\u200f\u200e\u202e\u0301\x00\x01\x0b\x1f\ufeff\ufffe<>&|*_[]{}#\\`!~^\"'\n\t")),
    st.characters(blacklist_categories=("Cs",)),
), min_size=1, max_size=40)


def _assert_clean(result):
    assert result.exit_code in (0, 1, 2), result.output
    assert_handled(result)


@settings(max_examples=60, **SETTINGS)
@given(doc=yaml_values)
def test_random_yaml_documents_never_crash(tmp_path_factory, doc):
    tmp = tmp_path_factory.mktemp("random")
    (tmp / "c.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    _assert_clean(run_cli("check", "-c", str(tmp / "c.yaml"), cwd=tmp))


@settings(max_examples=60, **SETTINGS)
@given(key=st.sampled_from(KEYS), value=yaml_values, where=st.sampled_from([None, "organization", "document", "output"]))
def test_mutated_configs_never_crash(tmp_path_factory, key, value, where):
    tmp = tmp_path_factory.mktemp("mutated")
    config = yaml.safe_load(MINIMAL_CONFIG)
    target = config if where is None else config.setdefault(where, {})
    if not isinstance(target, dict):
        target = config
    target[key] = value
    (tmp / "c.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    _assert_clean(run_cli("check", "-c", str(tmp / "c.yaml"), cwd=tmp))


@settings(max_examples=40, **SETTINGS)
@given(text=st.text(max_size=300))
def test_random_bytes_in_a_knowledge_file_never_crash(tmp_path_factory, text):
    tmp = tmp_path_factory.mktemp("kb")
    (tmp / "k").mkdir()
    (tmp / "k" / "findings.yaml").write_text("findings:\n  - " + text, encoding="utf-8")
    (tmp / "c.yaml").write_text(MINIMAL_CONFIG + "knowledge: [k]\n", encoding="utf-8")
    _assert_clean(run_cli("check", "-c", str(tmp / "c.yaml"), cwd=tmp))


@settings(max_examples=12, **SETTINGS)
@given(org=nasty_text, owner=nasty_text, classification=nasty_text, finding=nasty_text, title=nasty_text)
def test_any_unicode_in_text_fields_yields_a_valid_docx(tmp_path_factory, org, owner, classification, finding, title):
    tmp = tmp_path_factory.mktemp("unicode")
    (tmp / "k").mkdir()
    config = {
        "organization": {"name": org[:100]},
        "document": {"date": "2025-03-01", "owner": owner[:100], "classification": classification[:40]},
        "audiences": ["developers"],
        "output": {"dir": "out"},
        "knowledge": ["k"],
    }
    (tmp / "c.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    kb = {"findings": [{"id": "F-OSS-99", "topic": "open_source", "date": "2025-02-01", "confidence": "low",
                        "text": {"ko": finding, "en": finding}, "citations": [{"source": "dbr-411", "lines": "13"}]}],
          "recommendations": [{"id": "R-OSS-99", "topic": "open_source", "audiences": ["developers"],
                               "priority": "high", "owner": {"ko": owner, "en": owner}, "horizon": "30d",
                               "title": {"ko": title, "en": title}, "action": {"ko": finding, "en": finding},
                               "rests_on": ["F-OSS-99"], "review_by": "2030-01-01"}]}
    for kind, items in kb.items():
        (tmp / "k" / f"{kind}.yaml").write_text(yaml.safe_dump({kind: items}, allow_unicode=True), encoding="utf-8")
    result = run_cli("build", "-c", str(tmp / "c.yaml"), cwd=tmp)
    _assert_clean(result)
    if result.exit_code == 0:
        for path in (tmp / "out").glob("*.docx"):
            assert_valid_docx(path)
    else:
        # Only whitespace-only names (empty after cleaning) may be refused, and with a message.
        assert result.stderr.startswith("error: ")
