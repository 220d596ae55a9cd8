"""briefing.knowledge.schema: conversion, constraints, and every problem located."""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Literal

import pytest

from briefing.knowledge.schema import Invalid, field, plain, validate


@dataclasses.dataclass(frozen=True, kw_only=True)
class Inner:
    code: str = field(pattern=r"^[A-Z]{2}$")
    count: int = field(default=1, ge=1, le=5)


def _even(v: int) -> int:
    if v % 2:
        raise ValueError("must be even")
    return v


@dataclasses.dataclass(frozen=True, kw_only=True)
class Outer:
    name: str = field(min_length=1, max_length=5)
    when: dt.date | None = None
    lang: Literal["ko", "en"] = "ko"
    ratio: float = 0.5
    flag: bool = False
    inner: Inner
    items: list[Inner] = field(default=[], max_length=2)
    by_key: dict[str, Inner] = field(default={})
    even: int = field(default=0, check=_even)
    spec: str | None = field(default=None, before=lambda v: str(v) if isinstance(v, int) else v)

    def check(self) -> None:
        if self.name == "bad":
            raise ValueError("name may not be 'bad'")


def problems(data) -> dict[tuple, str]:
    with pytest.raises(Invalid) as info:
        validate(Outer, data)
    return {p.loc: p.message if p.kind == "value" else p.kind for p in info.value.problems}


def test_valid_data_becomes_frozen_dataclasses_with_defaults():
    value = validate(Outer, {"name": "abc", "when": "2025-02-20", "ratio": 2, "inner": {"code": "KR"},
                             "items": [{"code": "US", "count": 3.0}], "by_key": {"x": {"code": "JP"}}, "spec": 8})
    assert value.when == dt.date(2025, 2, 20) and value.ratio == 2.0 and value.lang == "ko"
    assert value.inner == Inner(code="KR", count=1)
    assert value.items[0].count == 3 and isinstance(value.items[0].count, int)
    assert value.by_key["x"].code == "JP" and value.spec == "8"
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.name = "x"  # type: ignore[misc]
    # plain() gives data that validates back to an equal value (the override path).
    assert validate(Outer, plain(value)) == value


def test_every_problem_is_reported_with_its_location():
    found = problems({"name": "", "when": "2025-02-30", "lang": "jp", "ratio": "x", "flag": "yes",
                      "inner": {"code": "kr", "count": 9, "extra": 1}, "items": [{}, {"code": "AB"}, {"code": "CD"}],
                      "by_key": {"a": "text"}, "even": 3, "colour": "blue"})
    assert found[("name",)] == "String should have at least 1 character"
    assert found[("when",)].startswith("Input should be a valid date")
    assert found[("lang",)] == "Input should be 'ko' or 'en'"
    assert found[("ratio",)] == "Input should be a valid number"
    assert found[("flag",)] == "Input should be a valid boolean"
    assert found[("inner", "code")].startswith("String should match pattern")
    assert found[("inner", "count")] == "Input should be less than or equal to 5"
    assert found[("inner", "extra")] == "extra"
    assert found[("items", 0, "code")] == "missing"
    assert found[("by_key", "a")] == "Input should be a mapping of keys"
    assert found[("colour",)] == "extra"
    # A list whose items fail is not also reported for its length; one whose items pass is.
    assert ("items",) not in found
    assert problems({"name": "a", "inner": {"code": "KR"}, "items": [{"code": "AB"}] * 3})[("items",)] == (
        "List should have at most 2 items")


def test_field_and_model_checks_run_only_on_valid_values():
    assert problems({"name": "a", "inner": {"code": "KR"}, "even": 3}) == {("even",): "must be even"}
    assert problems({"name": "bad", "inner": {"code": "KR"}}) == {(): "name may not be 'bad'"}
    # The model check does not run while a field is wrong.
    assert problems({"name": "bad", "inner": {"code": "KR"}, "even": 1}) == {("even",): "must be even"}


def test_numbers_booleans_and_text_are_not_confused():
    assert "quotes" in problems({"name": 1.0, "inner": {"code": "KR"}})[("name",)]
    assert problems({"name": "a", "inner": {"code": "KR", "count": True}})[("inner", "count")] == (
        "Input should be a valid integer")
    assert problems({"name": "a", "inner": {"code": "KR", "count": 1.5}})[("inner", "count")] == (
        "Input should be a valid integer")
    assert problems({"name": "a", "inner": {"code": "KR"}, "ratio": False})[("ratio",)] == (
        "Input should be a valid number")
    assert problems({"name": "a", "inner": {"code": "KR"}, "when": "20.02.2025"})[("when",)] == (
        "Input should be a valid date in the format YYYY-MM-DD")


def test_not_a_mapping_and_non_text_keys():
    with pytest.raises(Invalid) as info:
        validate(Outer, ["a", "list"])
    assert info.value.problems[0].loc == () and "mapping" in info.value.problems[0].message
    assert problems({"name": "a", "inner": {"code": "KR"}, "by_key": {1: {"code": "KR"}}})[("by_key", 1)] == (
        "Keys should be text")
