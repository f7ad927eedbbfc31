"""Reading responses: CSV grading and bad lines, first attempts, option use and flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizzer.analytics import ResponseSet, add_csv, analyse, items_from_bank, to_json
from quizzer.errors import QuizzerError


def _analysis(responses: ResponseSet, questions: dict):
    items = responses.infer_items(items_from_bank(list(questions.values())))
    return analyse(responses.matrix(items))


def test_csv_is_graded_against_the_bank(tmp_path: Path, bank_questions) -> None:
    csv_file = tmp_path / "r.csv"
    csv_file.write_text(
        "student,question_id,answer\n"
        "ann,q-single,B\n"
        "ann,q-multi,A;C\n"
        "ben,q-single,a\n"
        "ben,q-multi,A\n"
        "cat,q-single,\n"
        "cat,q-multi,C;A\n"
    )
    responses = ResponseSet()
    assert add_csv(csv_file, bank_questions, responses) == 6
    scores = {pair: r.correct for pair, r in responses.first().items()}
    assert scores == {
        ("ann", "q-single"): True,
        ("ann", "q-multi"): True,
        ("ben", "q-single"): False,  # lower-case letters are accepted
        ("ben", "q-multi"): False,  # one of two keys: no partial credit
        ("cat", "q-single"): False,  # empty answer: omitted, scored 0
        ("cat", "q-multi"): True,  # order of letters does not matter
    }


def test_first_attempt_per_student_counts(tmp_path: Path, bank_questions) -> None:
    csv_file = tmp_path / "r.csv"
    csv_file.write_text("question_id,answer,student\nq-single,A,ann\nq-single,B,ann\n")
    responses = ResponseSet()
    add_csv(csv_file, bank_questions, responses)
    assert responses.first()[("ann", "q-single")].chosen == 0b1  # A


def test_bad_lines_are_all_reported_with_file_and_line(tmp_path: Path, bank_questions) -> None:
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(
        "student,question_id,answer\n"
        "ann,q-single,B\n"
        "ann,q-nope,A\n"
        "ben,q-single,E\n"
        "ben,q-multi,A;A\n"
        "cat,q-single,A;B\n"
        ",q-single,A\n"
        "dan\n"
    )
    responses = ResponseSet()
    with pytest.raises(QuizzerError) as raised:
        add_csv(csv_file, bank_questions, responses)
    message = str(raised.value)
    for line, fragment in [
        (3, "'q-nope' is not in the bank"),
        (4, "'E' is not one of its options A-D"),
        (5, "repeats an option"),
        (6, "takes a single option"),
        (7, "empty student"),
        (8, "expected 3 fields, found 1"),
    ]:
        assert f"{csv_file}:{line}: " in message and fragment in message
    assert f"{csv_file}:2:" not in message
    assert len(responses) == 0  # nothing half-added


@pytest.mark.parametrize(
    ("content", "fragment"),
    [("", "empty file"), ("name,qid,answer\nann,q-single,B\n", "the header lacks student")],
)
def test_bad_header_is_a_clear_error(
    tmp_path: Path, bank_questions, content: str, fragment: str
) -> None:
    csv_file = tmp_path / "r.csv"
    csv_file.write_text(content)
    with pytest.raises(QuizzerError, match=fragment):
        add_csv(csv_file, bank_questions, ResponseSet())


def test_non_utf8_file_is_a_clear_error(tmp_path: Path, bank_questions) -> None:
    csv_file = tmp_path / "r.csv"
    csv_file.write_bytes(b"student,question_id,answer\n\xff\xfe,q-single,B\n")
    with pytest.raises(QuizzerError, match="not UTF-8"):
        add_csv(csv_file, bank_questions, ResponseSet())


def test_option_fractions_and_non_functioning_distractors(tmp_path: Path, bank_questions) -> None:
    rows = ["student,question_id,answer"]
    # 40 students on q-single: 24 B (key), 15 A, 1 C (2.5%), 0 D.
    answers = ["B"] * 24 + ["A"] * 15 + ["C"]
    rows += [f"s{i},q-single,{answer}" for i, answer in enumerate(answers)]
    csv_file = tmp_path / "r.csv"
    csv_file.write_text("\n".join(rows) + "\n")
    responses = ResponseSet()
    add_csv(csv_file, bank_questions, responses)
    (item,) = to_json(_analysis(responses, bank_questions))["items"]
    assert item["options"] == [
        {"key": "A", "fraction": 0.375, "non_functioning": False},
        {"key": "B", "fraction": 0.6, "non_functioning": False},
        {"key": "C", "fraction": 0.025, "non_functioning": True},
        {"key": "D", "fraction": 0.0, "non_functioning": True},
    ]
    assert item["facility"] == 0.6


def test_flags(tmp_path: Path, bank_questions) -> None:
    rows = ["student,question_id,answer"]
    for index in range(20):
        strong = index < 10
        # q-single: strong students pick A (wrong by the key), weak ones B: miskeyed.
        rows.append(f"s{index},q-single,{'A' if strong else 'B'}")
        # q-multi, q-fourth, q-fifth: only the strong get them right; q-third: everyone.
        rows.append(f"s{index},q-multi,{'A;C' if strong else 'B'}")
        rows.append(f"s{index},q-fourth,{'A' if strong else 'B'}")
        rows.append(f"s{index},q-fifth,{'A' if strong or index == 19 else 'B'}")
        rows.append(f"s{index},q-third,A")
    csv_file = tmp_path / "r.csv"
    csv_file.write_text("\n".join(rows) + "\n")
    responses = ResponseSet()
    add_csv(csv_file, bank_questions, responses)
    flags = {
        item["question_id"]: item["flags"]
        for item in to_json(_analysis(responses, bank_questions))["items"]
    }
    assert flags["q-single"] == ["likely_miskeyed"]
    assert flags["q-multi"] == []
    assert flags["q-third"] == ["too_easy"]


def test_json_has_exactly_the_contract_keys_and_null_for_undefined(
    tmp_path: Path, bank_questions
) -> None:
    csv_file = tmp_path / "r.csv"
    csv_file.write_text("student,question_id,answer\nann,q-third,A\nben,q-third,A\n")
    responses = ResponseSet()
    add_csv(csv_file, bank_questions, responses)
    document = to_json(_analysis(responses, bank_questions))
    assert set(document) == {"test", "items"}
    assert set(document["test"]) == {
        "n_students",
        "n_items",
        "mean",
        "median",
        "sd",
        "skewness",
        "kurtosis",
        "cronbach_alpha",
        "error_ratio",
        "standard_error",
    }
    (item,) = document["items"]
    assert set(item) == {
        "question_id",
        "facility",
        "sd",
        "discrimination_index",
        "discriminative_efficiency",
        "upper_lower_index",
        "point_biserial",
        "options",
        "flags",
    }
    assert item["discrimination_index"] is None  # zero variance
    assert document["test"]["skewness"] is None  # two students
