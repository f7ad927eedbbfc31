"""The loader's public API and the behaviours other parts rely on."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from quizzer.bank.loader import (
    BankError,
    Problem,
    UnknownIdError,
    check_bank,
    check_lesson_text,
    load_bank,
    load_lesson_text,
)
from quizzer.bank.model import Lesson
from quizzer.errors import QuizzerError

LessonMaker = Callable[..., str]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_folder_loads_every_yaml_file_sorted_and_ignores_the_rest(
    tmp_path: Path, make_lesson
) -> None:
    write(tmp_path, "b.yml", make_lesson("beta", "b1"))
    write(tmp_path, "a.yaml", make_lesson("alpha", "a1"))
    write(tmp_path, "schema.json", "{}")
    write(tmp_path, "notes.txt", "not a bank")
    bank = load_bank([tmp_path])
    assert [lesson.lesson.id for lesson in bank.lessons] == ["alpha", "beta"]
    assert bank.sources == {"alpha": tmp_path / "a.yaml", "beta": tmp_path / "b.yml"}
    assert bank.question("b1").stem == "Which network produces the fake samples?"
    assert bank.lesson_of("a1").lesson.id == "alpha"
    assert [q.id for q in bank.questions] == ["a1", "b1"]


def test_files_and_folders_mix_in_argument_order(tmp_path: Path, make_lesson: LessonMaker) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    write(folder, "x.yaml", make_lesson("x", "x1"))
    single = write(tmp_path, "first.yaml", make_lesson("first", "f1"))
    bank = load_bank([single, folder])
    assert [lesson.lesson.id for lesson in bank.lessons] == ["first", "x"]


def test_unknown_ids_raise_a_quizzer_error_that_is_also_a_key_error(
    tmp_path: Path, make_lesson
) -> None:
    bank = load_bank([write(tmp_path, "a.yaml", make_lesson())])
    with pytest.raises(UnknownIdError, match="no question 'nope' in the bank") as raised:
        bank.question("nope")
    assert isinstance(raised.value, QuizzerError)
    assert isinstance(raised.value, KeyError)
    with pytest.raises(KeyError):
        bank.lesson("nope")


def test_load_lesson_text_names_the_pretend_file(valid_text: str) -> None:
    assert load_lesson_text(valid_text, "mine.yaml").lesson.id == "demo"
    broken = valid_text.replace("duration_minutes: 20", "duration_minutes: 0")
    with pytest.raises(BankError) as raised:
        load_lesson_text(broken, "mine.yaml")
    assert [str(p) for p in raised.value.problems] == [
        "mine.yaml:6:21: 'duration_minutes' should be greater than 0, found the number 0"
    ]
    assert "mine.yaml:6:21" in str(raised.value)


def test_problem_text_with_and_without_a_position() -> None:
    assert str(Problem("a.yaml", 3, 7, "bad")) == "a.yaml:3:7: bad"
    assert (
        str(Problem("gone", None, None, "no such file or folder")) == "gone: no such file or folder"
    )


def test_missing_paths_and_empty_folders_are_problems_not_exceptions(
    tmp_path: Path, make_lesson
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    bank, problems = check_bank([tmp_path / "gone.yaml", empty])
    assert bank.lessons == []
    assert [p.message for p in problems] == [
        "no such file or folder",
        "no .yaml or .yml files here",
    ]


def test_a_broken_file_does_not_hide_the_good_ones(
    tmp_path: Path, make_lesson: LessonMaker
) -> None:
    write(tmp_path, "a.yaml", make_lesson("alpha", "a1"))
    write(tmp_path, "b.yaml", "lesson: [")
    bank, problems = check_bank([tmp_path])
    assert [lesson.lesson.id for lesson in bank.lessons] == ["alpha"]
    assert len(problems) == 1 and problems[0].path.endswith("b.yaml")


def test_duplicate_lesson_ids_across_files_name_the_other_place(
    tmp_path: Path, make_lesson
) -> None:
    write(tmp_path, "a.yaml", make_lesson("same", "a1"))
    write(tmp_path, "b.yaml", make_lesson("same", "b1"))
    bank, problems = check_bank([tmp_path])
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'b.yaml'}:2:7: lesson id 'same' is already used at {tmp_path / 'a.yaml'}:2:7"
    ]
    assert [lesson.lesson.id for lesson in bank.lessons] == ["same"]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("42", "42"),
        ("1.50", "1.50"),
        ("yes", "yes"),
        ("2024-01-31", "2024-01-31"),
        ("0x1F", "0x1F"),
    ],
)
def test_plain_scalars_where_text_is_expected_keep_the_text_as_typed(
    valid_text: str, written: str, read: str
) -> None:
    lesson = load_lesson_text(valid_text.replace("text: The discriminator", f"text: {written}"))
    assert lesson.questions[0].options[1].text == read


def test_yaml_booleans_and_numbers_still_work_where_the_format_expects_them(
    valid_text: str,
) -> None:
    text = valid_text.replace("correct: true", "correct: yes").replace(
        "duration_minutes: 20", "duration_minutes: 0x14"
    )
    lesson = load_lesson_text(text)
    assert lesson.questions[0].correct_keys == frozenset("A")
    assert lesson.lesson.duration_minutes == 20


def test_modest_alias_reuse_is_allowed(valid_text: str) -> None:
    text = valid_text.replace(
        "feedback: Right, it turns noise into samples.",
        "feedback: &why Right, it turns noise into samples.",
    ).replace("feedback: It classifies samples; it does not produce them.", "feedback: *why")
    lesson = load_lesson_text(text)
    assert lesson.questions[0].options[1].feedback == "Right, it turns noise into samples."


def test_merge_keys_and_complex_keys_are_refused(valid_text: str) -> None:
    text = valid_text.replace("  summary: Just enough to be valid.\n", "  <<: {summary: x}\n")
    _, problems = check_lesson_text(text, "m.yaml")
    assert "m.yaml:7:3: merge keys ('<<') are not supported; write them out" in map(str, problems)
    text = valid_text.replace("  summary: Just enough to be valid.\n", "  ? [a, b]\n  : x\n")
    _, problems = check_lesson_text(text, "k.yaml")
    assert "k.yaml:7:5: a key must be plain text, not a list, mapping or alias" in map(
        str, problems
    )


def test_set_and_binary_tags_are_refused(valid_text: str) -> None:
    text = valid_text.replace(
        "    objectives: [roles]\n", "    objectives: !!set {roles: null}\n"
    ).replace("feedback: Right, it turns noise into samples.", "feedback: !!binary aGk=")
    _, problems = check_lesson_text(text, "s.yaml")
    assert [str(p) for p in problems] == [
        f"s.yaml:{line}:{column}: tag '{tag}' is not allowed: a bank holds only plain YAML "
        "(text, numbers, true/false, lists and mappings)"
        for line, column, tag in ((16, 17, "!!set"), (20, 19, "!!binary"))
    ]


def test_every_problem_of_a_file_is_reported_at_once(valid_text: str) -> None:
    text = (
        valid_text.replace("level: Grade 12", "level: Grade 12\n  level: Grade 11")
        .replace("duration_minutes: 20", "duration_minutes: lots")
        .replace("objectives: [roles]", "objectives: [roles, nope]")
        .replace("type: single", "type: multiple\n    hint: none")
    )
    _, problems = check_lesson_text(text, "all.yaml")
    assert [str(p) for p in problems] == [
        "all.yaml:6:3: duplicate key 'level' (first defined at line 5); "
        "YAML would silently keep only the last one",
        "all.yaml:7:21: 'duration_minutes' should be a whole number, found 'lots'",
        "all.yaml:15:5: unknown field 'hint' (allowed here: id, type, stem, options, "
        "explanation, objectives, difficulty, tags, simulation)",
        "all.yaml:18:25: unknown objective 'nope' (known: roles)",
    ]


def test_deep_nesting_is_refused_without_a_traceback() -> None:
    _, problems = check_lesson_text("lesson: " + "[" * 200 + "]" * 200, "deep.yaml")
    assert [str(p) for p in problems] == ["deep.yaml:1:72: nested deeper than 64 levels"]


lessons = st.builds(
    lambda title, stems, keys: {
        "lesson": {
            "id": "generated",
            "title": title,
            "subject": "s",
            "level": "l",
            "duration_minutes": 5,
            "summary": "s",
        },
        "objectives": [{"id": "o", "text": "t"}],
        "questions": [
            {
                "id": f"q{number}",
                "stem": stem,
                "explanation": "e",
                "objectives": ["o"],
                "options": [
                    {"text": f"{stem} {index}", "correct": index == key} for index in range(3)
                ],
            }
            for number, (stem, key) in enumerate(zip(stems, keys, strict=False))
        ],
    },
    st.text(min_size=1).filter(str.strip),
    st.lists(st.text(min_size=1).filter(str.strip), max_size=4),
    st.lists(st.integers(0, 2), min_size=4, max_size=4),
)


@settings(max_examples=60, deadline=None)
@given(lessons)
def test_the_loader_reads_what_pyyaml_reads(data: dict) -> None:
    """Differential test against PyYAML's own safe loader on dumped lessons."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    reference = yaml.load(text, Loader=yaml.CSafeLoader)
    try:
        expected = Lesson.model_validate(reference)
    except ValidationError:
        assert check_lesson_text(text, "dumped.yaml")[0] is None
    else:
        assert load_lesson_text(text, "dumped.yaml") == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_escapes_as_anything_but_problems(text: str) -> None:
    lesson, problems = check_lesson_text(text, "fuzz.yaml")
    assert (lesson is None) == bool(problems)
    assert all(str(problem).startswith("fuzz.yaml:") for problem in problems)


def test_loading_leaves_the_garbage_collector_as_it_found_it(valid_text: str) -> None:
    assert gc.isenabled()
    load_lesson_text(valid_text)
    check_lesson_text("lesson: [", "broken.yaml")
    assert gc.isenabled()
    gc.disable()
    try:
        load_lesson_text(valid_text)
        assert not gc.isenabled()
    finally:
        gc.enable()
