"""Lint rules: each fires where it should, stays quiet where it should not."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest
import yaml

from quizzer.bank import lint as lint_module
from quizzer.bank.lint import RULES, Finding, chi_square_sf, known_scenarios, lint
from quizzer.bank.loader import check_bank
from quizzer.errors import QuizzerError

GOOD_FEEDBACK = "Because the definition says so."


def question(number: int, stem: str | None = None, key: int = 0, **extra: object) -> dict:
    options = [
        {"text": f"Answer {letter} to {number}", "correct": index == key, "feedback": GOOD_FEEDBACK}
        for index, letter in enumerate("wxyz")
    ]
    return {
        "id": f"q{number}",
        "stem": stem or f"Distinct question number {number} about topic t{number}?",
        "explanation": "Explained.",
        "objectives": ["roles"],
        "options": options,
        **extra,
    }


def lesson(questions: list[dict], lesson_id: str = "demo") -> dict:
    return {
        "lesson": {
            "id": lesson_id,
            "title": "T",
            "subject": "S",
            "level": "L",
            "duration_minutes": 10,
            "summary": "S",
        },
        "objectives": [{"id": "roles", "text": "Explain the roles."}],
        "questions": questions,
    }


def findings_for(tmp_path: Path, *lessons: dict, **options: object) -> list[Finding]:
    for number, data in enumerate(lessons):
        text = yaml.safe_dump(data, sort_keys=False)
        (tmp_path / f"l{number}.yaml").write_text(text, encoding="utf-8")
    bank, problems = check_bank([tmp_path])
    options.setdefault("scenarios", {"healthy", "mode_collapse"})
    return lint(bank, problems, **options)


def codes(findings: list[Finding]) -> list[str]:
    return [finding.code for finding in findings]


def test_a_clean_bank_has_no_findings(tmp_path: Path) -> None:
    assert findings_for(tmp_path, lesson([question(1), question(2, key=1)])) == []


def test_unknown_scenario_is_an_error_at_the_scenario_id(tmp_path: Path) -> None:
    link = {"scenario": "mode_colapse", "compare": "healthy", "watch": "the modes"}
    found = findings_for(tmp_path, lesson([question(1), question(2, simulation=link)]))
    assert codes(found) == ["unknown-scenario"]
    assert found[0].severity == "error"
    assert "unknown simulation scenario 'mode_colapse'" in found[0].message
    text = (tmp_path / "l0.yaml").read_text().splitlines()
    assert text[found[0].line - 1][found[0].column - 1 :] == "mode_colapse"


def test_unknown_compare_scenario_is_flagged_too(tmp_path: Path) -> None:
    link = {"scenario": "healthy", "compare": "nope", "watch": "the modes"}
    found = findings_for(tmp_path, lesson([question(1), question(2, simulation=link)]))
    assert [f.message.split(" (")[0] for f in found] == ["unknown simulation scenario 'nope'"]


def test_the_catalogue_lookup_is_used_when_no_scenarios_are_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lint_module, "known_scenarios", lambda: frozenset({"only_this"}))
    link = {"scenario": "only_this", "watch": "it"}
    data = lesson([question(1, simulation=link), question(2, simulation={**link, "scenario": "x"})])
    found = findings_for(tmp_path, data, scenarios=None)
    assert codes(found) == ["unknown-scenario"]
    assert "'x' (known: only_this)" in found[0].message


def test_the_real_catalogue_is_read_without_torch() -> None:
    scenarios = known_scenarios()
    assert "healthy" in scenarios
    from sim.scenarios import SCENARIOS

    assert scenarios == frozenset(SCENARIOS)
    fixes = {s.fix for s in SCENARIOS.values() if s.fix is not None}
    assert fixes <= scenarios


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("All of the above", True),
        ("none of these", True),
        ("Both of the above", True),
        ("Neither of the above.", True),
        ("Nonetheless, the generator wins", False),
        ("All modes above the threshold", False),
    ],
)
def test_all_or_none_of_the_above(tmp_path: Path, text: str, flagged: bool) -> None:
    data = lesson([question(1), question(2, key=1)])
    data["questions"][0]["options"][3]["text"] = text
    found = findings_for(tmp_path, data)
    assert codes(found) == (["all-none-of-the-above"] if flagged else [])


def test_missing_feedback_points_at_the_option(tmp_path: Path) -> None:
    data = lesson([question(1), question(2, key=1)])
    data["questions"][1]["options"][2]["feedback"] = "  "
    del data["questions"][1]["options"][3]["feedback"]
    found = findings_for(tmp_path, data)
    assert codes(found) == ["missing-feedback", "missing-feedback"]
    assert [f.message for f in found] == ["option C has no feedback", "option D has no feedback"]
    assert found[0].severity == "warning"


def test_thin_objective(tmp_path: Path) -> None:
    data = lesson([question(1)])
    data["objectives"].append({"id": "unused", "text": "Never assessed."})
    found = findings_for(tmp_path, data)
    assert [f.message for f in found] == [
        "objective 'roles' is assessed by 1 question; write at least 2",
        "objective 'unused' is assessed by 0 questions; write at least 2",
    ]


def test_long_stem_threshold(tmp_path: Path) -> None:
    longest = " ".join(["word"] * lint_module.LONG_STEM_WORDS) + "?"
    too_long = "prefix " + longest
    found = findings_for(tmp_path, lesson([question(1, longest), question(2, too_long, key=1)]))
    assert codes(found) == ["long-stem"]
    assert found[0].message.startswith(f"stem has {lint_module.LONG_STEM_WORDS + 1} words")


def test_position_bias_flags_keys_piled_on_one_letter(tmp_path: Path) -> None:
    questions = [question(n, key=0 if n % 5 else 1) for n in range(40)]
    found = findings_for(tmp_path, lesson(questions))
    assert codes(found) == ["answer-position-bias"]
    assert "A 32 (expected 10.0), B 8 (expected 10.0), C 0" in found[0].message
    assert "move some keys away from A" in found[0].message


def test_position_bias_is_quiet_for_a_balanced_key_or_a_small_bank(tmp_path: Path) -> None:
    assert findings_for(tmp_path, lesson([question(n, key=n % 4) for n in range(40)])) == []
    small = tmp_path / "small"
    small.mkdir()
    assert findings_for(small, lesson([question(n, key=0) for n in range(19)])) == []


def test_position_bias_counts_the_whole_bank(tmp_path: Path) -> None:
    first = lesson([question(n, key=0) for n in range(12)], "one")
    second = lesson([question(n, key=0) for n in range(12, 24)], "two")
    assert codes(findings_for(tmp_path, first, second)) == ["answer-position-bias"]


def test_chi_square_tail_matches_known_values() -> None:
    assert chi_square_sf(3.841459, 1) == pytest.approx(0.05, abs=1e-6)
    assert chi_square_sf(11.344867, 3) == pytest.approx(0.01, abs=1e-6)
    assert chi_square_sf(0.0, 3) == 1.0
    assert chi_square_sf(100.0, 2) == pytest.approx(math.exp(-50), rel=1e-9)
    assert chi_square_sf(1.0, 30) == pytest.approx(1.0, abs=1e-12)


def test_near_duplicate_stems_across_files(tmp_path: Path) -> None:
    stem = "Which network in a GAN turns random noise into candidate samples for the critic?"
    twin = stem.replace("candidate", "fake")
    first = lesson([question(1, stem), question(2, key=1)], "one")
    second = lesson([question(3), question(4, twin, key=1)], "two")
    found = findings_for(tmp_path, first, second)
    assert codes(found) == ["near-duplicate-stem"]
    assert found[0].path.endswith("l1.yaml")
    assert "with question 'q1'" in found[0].message
    assert f"{tmp_path / 'l0.yaml'}:" in found[0].message


def test_different_stems_on_the_same_topic_are_not_near_duplicates(tmp_path: Path) -> None:
    stems = [
        "Which network in a GAN turns random noise into candidate samples?",
        "Which network in a GAN judges whether a sample is real or generated?",
    ]
    assert findings_for(tmp_path, lesson([question(1, stems[0]), question(2, stems[1])])) == []


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    found = findings_for(tmp_path, lesson([question(1)]), strict=True)
    assert [(f.code, f.severity) for f in found] == [("thin-objective", "error")]


def test_validation_problems_come_first_as_invalid_errors(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("lesson: [\n")
    bank, problems = check_bank([tmp_path / "a.yaml"])
    found = lint(bank, problems, scenarios=set())
    assert [str(f) for f in found] == [
        f"{tmp_path / 'a.yaml'}:2:1: error: "
        "YAML syntax error: did not find expected node content [invalid]"
    ]


def test_every_rule_is_documented() -> None:
    guide = (Path(__file__).parents[2] / "docs" / "authoring.md").read_text(encoding="utf-8")
    for code, rule in RULES.items():
        assert f"`{code}`" in guide, code
        assert rule.severity in {"error", "warning"}


def test_the_guide_example_is_valid_and_lint_clean(tmp_path: Path) -> None:
    guide = (Path(__file__).parents[2] / "docs" / "authoring.md").read_text(encoding="utf-8")
    example = guide.split("## A complete lesson\n\n```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "example.yaml").write_text(example, encoding="utf-8")
    bank, problems = check_bank([tmp_path / "example.yaml"])
    assert problems == []
    assert lint(bank, problems) == []
    assert len(bank.questions) == 4


def test_a_broken_catalogue_is_a_clear_error_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "sim.scenarios", None)
    with pytest.raises(QuizzerError, match="cannot read the simulator's scenario catalogue"):
        known_scenarios()


def test_the_shipped_banks_validate_and_lint_without_errors() -> None:
    from question_bank import BANK_DIR

    bank, problems = check_bank([BANK_DIR])
    assert problems == []
    errors = [str(f) for f in lint(bank, problems) if f.severity == "error"]
    assert errors == []


def test_findings_follow_the_order_of_the_files(tmp_path: Path) -> None:
    one_question = lesson([question(1)], "a")
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(one_question, sort_keys=False))
    (tmp_path / "b.yaml").write_text("lesson: [\n")
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(lesson([question(2)], "c"), sort_keys=False))
    bank, problems = check_bank([tmp_path])
    found = lint(bank, problems, scenarios=set())
    assert [(Path(f.path).name, f.code) for f in found] == [
        ("a.yaml", "thin-objective"),
        ("b.yaml", "invalid"),
        ("c.yaml", "thin-objective"),
    ]
