"""GIFT written the way Moodle's documentation and test fixtures write it, read into lessons."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizzer.bank.formats.assemble import NO_EXPLANATION
from quizzer.bank.formats.gift import import_gift
from quizzer.bank.formats.report import ImportResult


@pytest.fixture
def imported(fixtures: Path) -> ImportResult:
    return import_gift(fixtures / "moodle_style.gift")


def note_lines(result: ImportResult) -> list[str]:
    return [str(note).split("moodle_style.gift", 1)[1] for note in result.notes]


def test_every_escape_is_honoured(imported: ImportResult) -> None:
    question = imported.lesson.question("esc-1")
    assert question.stem == (
        "In GIFT, which sign starts a wrong answer? Write { and } for braces, = for equals, "
        "# for hash, ~ for tilde and : for a colon.\nA second line."
    )
    assert [o.text for o in question.options] == [
        "The tilde ~",
        "The equals sign =",
        "The hash #",
        "A path like C:\\temp",
    ]
    assert question.options[0].feedback == "Right: ~ marks a wrong answer."
    assert question.options[2].feedback == "No: # starts feedback."
    assert question.options[3].feedback == "A backslash is written \\\\."
    assert question.correct_keys == {"A"}


def test_moodle_id_and_tags_comments_become_id_and_tags(imported: ImportResult) -> None:
    question = imported.lesson.question("esc-1")
    assert question.tags == ["escapes", "gift-syntax"]


def test_multiple_answer_weights_make_a_multiple_question(imported: ImportResult) -> None:
    question = imported.lesson.question("primes")
    assert question.type == "multiple"
    assert question.correct_keys == {"A", "B"}
    assert question.options[2].feedback == "No, 2 × 2."
    assert question.explanation == "A prime has exactly two divisors."


def test_weights_quizzer_cannot_represent_are_reported(imported: ImportResult) -> None:
    question = imported.lesson.question("unequal-weights")
    assert question.correct_keys == {"A", "B"}
    lines = note_lines(imported)
    assert any(line.startswith(":24: ") and "(70%, 20%)" in line for line in lines)
    assert any(line.startswith(":24: ") and "sum to 90%" in line for line in lines)


def test_partial_credit_in_a_single_question_is_wrong_and_reported(
    imported: ImportResult,
) -> None:
    question = imported.lesson.question("partial")
    assert question.type == "single"
    assert question.correct_keys == {"B"}
    assert any(
        line.startswith(":31: ") and "50% partial credit" in line for line in note_lines(imported)
    )


def test_true_false_with_feedback_becomes_two_options(imported: ImportResult) -> None:
    question = imported.lesson.question("tf-feedback")
    assert [(o.text, o.correct, o.feedback) for o in question.options] == [
        ("True", True, "Yes, D(x) lies in [0, 1]."),
        ("False", False, "Think again: it does."),
    ]
    assert question.explanation == "D ends in a sigmoid."
    short = imported.lesson.question("tf-short")
    assert [(o.text, o.correct) for o in short.options] == [("True", False), ("False", True)]
    assert short.explanation == NO_EXPLANATION


@pytest.mark.parametrize(
    ("answer", "truth"), [("T", True), ("TRUE", True), ("F", False), ("FALSE", False)]
)
def test_every_true_false_spelling(tmp_path: Path, answer: str, truth: bool) -> None:
    source = tmp_path / "tf.gift"
    source.write_text(f"::tf:: The sky is blue.{{{answer}#wrong#right}}\n", encoding="utf-8")
    (question,) = import_gift(source).lesson.questions
    assert question.options[0].correct is truth
    assert question.options[0].feedback == ("right" if truth else "wrong")
    assert question.options[1].feedback == ("wrong" if truth else "right")


def test_categories_become_objectives(imported: ImportResult) -> None:
    lesson = imported.lesson
    assert [(o.id, o.text) for o in lesson.objectives] == [
        ("gan-basics", "GAN basics"),
        ("gan-basics-failure-modes", "GAN basics / Failure modes"),
    ]
    assert lesson.question("primes").objectives == ["gan-basics"]
    assert lesson.question("multi-line").objectives == ["gan-basics-failure-modes"]
    assert ":3: made objective 'gan-basics' from category '$course$/top/GAN basics'" in (
        note_lines(imported)
    )


def test_multi_line_question_keeps_its_lines_and_drops_the_format_marker(
    imported: ImportResult,
) -> None:
    question = imported.lesson.question("multi-line")
    assert question.stem == "A question may span\nseveral lines **in Markdown**"


def test_html_becomes_plain_text_and_dropped_images_are_reported(imported: ImportResult) -> None:
    question = imported.lesson.question("html")
    assert question.stem == "Which tag makes text bold? [a bold word]"
    assert [o.text for o in question.options] == ["<b>", "<i>"]
    assert question.options[1].feedback == "That one is italic."
    assert ":52: question 'HTML': HTML <img> dropped, text kept" in note_lines(imported)


def test_missing_word_multiple_choice_gets_a_blank(imported: ImportResult) -> None:
    question = imported.lesson.question("missing-word")
    assert question.stem == "The generator maps _____ to samples."
    assert question.correct_keys == {"A"}


def test_unsupported_types_are_reported_one_line_each_with_their_line(
    imported: ImportResult,
) -> None:
    lines = note_lines(imported)
    for expected in (
        ":61: skipped essay question 'Q8' (Quizzer has only multiple-choice)",
        ":64: skipped numerical question 'Numeric' (Quizzer has only multiple-choice)",
        ":67: skipped matching question 'Matching' (Quizzer has only multiple-choice)",
        ":74: skipped short-answer question 'Short' (Quizzer has only multiple-choice)",
        ":77: skipped short-answer (missing word) question 'Short missing word' "
        "(Quizzer has only multiple-choice)",
    ):
        assert expected in lines
    assert any(line.startswith(":79: skipped description") for line in lines)
    kept = [q.id for q in imported.lesson.questions]
    assert kept == [
        "esc-1",
        "primes",
        "unequal-weights",
        "partial",
        "tf-feedback",
        "tf-short",
        "multi-line",
        "html",
        "missing-word",
    ]


def test_made_up_lesson_is_named_after_the_file(imported: ImportResult) -> None:
    info = imported.lesson.lesson
    assert info.id == "moodle_style"
    assert info.title == "Moodle style"
    assert "moodle_style.gift" in info.summary


def test_questions_without_a_title_get_unique_ids_from_their_stem(tmp_path: Path) -> None:
    source = tmp_path / "untitled.gift"
    source.write_text(
        "What is a GAN?{=A pair of networks ~A database}\n\n"
        "What is a GAN?{=Two players ~One player}\n\n"
        "::What is a GAN?::Again{=Yes ~No}\n",
        encoding="utf-8",
    )
    result = import_gift(source)
    assert [q.id for q in result.lesson.questions] == [
        "what-is-a-gan",
        "what-is-a-gan-2",
        "what-is-a-gan-3",
    ]
    assert [o.id for o in result.lesson.objectives] == ["imported"]
    assert all(q.objectives == ["imported"] for q in result.lesson.questions)


def test_several_full_credit_answers_in_a_single_question_are_skipped(tmp_path: Path) -> None:
    source = tmp_path / "two.gift"
    source.write_text("::two:: Pick {=a =b ~c}\n\n::ok:: Pick {=a ~b}\n", encoding="utf-8")
    result = import_gift(source)
    assert [q.id for q in result.lesson.questions] == ["ok"]
    assert any("2 answers give full credit" in str(note) for note in result.notes)


def test_a_question_the_model_refuses_is_reported_not_fatal(tmp_path: Path) -> None:
    source = tmp_path / "repeat.gift"
    source.write_text("::rep:: Pick {=same ~same}\n\n::ok:: Pick {=a ~b}\n", encoding="utf-8")
    result = import_gift(source)
    assert [q.id for q in result.lesson.questions] == ["ok"]
    assert any(
        str(note).endswith("skipped question 'rep': option B repeats option A")
        for note in result.notes
    )


def test_text_format_markers_on_every_part_are_stripped(tmp_path: Path) -> None:
    """As in Moodle's own test of per-answer formats: markers on answers and feedback."""
    source = tmp_path / "formats.gift"
    source.write_text(
        "// multiple choice with specified feedback for right and wrong answers\n"
        "::Q2:: [moodle]What's between orange and green in the spectrum?\n"
        "{\n"
        "    =yellow # right; good!\n"
        "    ~red # [html]wrong, it's <b>yellow</b>\n"
        "    ~[plain]blue # [markdown]wrong, it's *yellow*\n"
        "}\n",
        encoding="utf-8",
    )
    (question,) = import_gift(source).lesson.questions
    assert question.stem == "What's between orange and green in the spectrum?"
    assert [(o.text, o.feedback) for o in question.options] == [
        ("yellow", "right; good!"),
        ("red", "wrong, it's yellow"),
        ("blue", "wrong, it's *yellow*"),
    ]


def test_a_question_with_an_empty_stem_is_reported_in_the_loader_s_words(tmp_path: Path) -> None:
    source = tmp_path / "empty.gift"
    source.write_text("::blank::{=a ~b}\n\n::ok:: Pick {=a ~b}\n", encoding="utf-8")
    result = import_gift(source)
    assert [q.id for q in result.lesson.questions] == ["ok"]
    assert f"{source}:1: skipped question 'blank': 'stem' is empty; write some text" in [
        str(note) for note in result.notes
    ]


def test_damaged_quizzer_metadata_is_ignored_not_fatal(tmp_path: Path) -> None:
    source = tmp_path / "damaged.gift"
    source.write_text(
        '// quizzer: question {"difficulty": "impossible", "simulation": {"scenario": "X"}}\n'
        "::q:: Pick {=a ~b}\n",
        encoding="utf-8",
    )
    result = import_gift(source)
    (question,) = result.lesson.questions
    assert (question.difficulty, question.simulation) == ("medium", None)
    assert any("ignored invalid difficulty or simulation" in str(n) for n in result.notes)


def test_deeply_nested_metadata_comment_is_ignored(tmp_path: Path) -> None:
    source = tmp_path / "nested.gift"
    source.write_text(
        "// quizzer: question " + "[" * 100_000 + "\n::q:: Pick {=a ~b}\n", encoding="utf-8"
    )
    (question,) = import_gift(source).lesson.questions
    assert question.id == "q"
