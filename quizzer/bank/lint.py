"""Authoring advice beyond the schema: rules a valid bank can still break.

Each rule has a stable code and a severity. Errors are things that are broken (a simulation
link to a scenario that does not exist); warnings are things that weaken a question or a test
(a biased answer key, options without feedback, near-duplicate stems). docs/authoring.md
explains every rule; keep the two in step.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from typing import Literal

from quizzer.bank.loader import Bank, LoadedLesson
from quizzer.bank.model import OPTION_KEYS
from quizzer.bank.problems import Problem
from quizzer.errors import QuizzerError

Severity = Literal["error", "warning"]
Loc = tuple[str | int, ...]

LONG_STEM_WORDS = 120
"""Stems longer than this test reading speed more than the objective."""

NEAR_DUPLICATE_JACCARD = 0.8
"""Share of distinct words two stems must have in common to count as near-duplicates."""

BIAS_MIN_QUESTIONS = 20
"""Below this many single-answer questions a skewed key is plausibly chance."""

BIAS_P_VALUE = 0.01
"""Chi-square p-value below which the key positions are called biased."""

THIN_OBJECTIVE_QUESTIONS = 2
"""An objective assessed by fewer questions cannot be measured reliably."""

_ALL_NONE = re.compile(
    r"^\W*(all|none|both|neither)\s+(of\s+)?(the\s+)?(above|these|previous|other)\b", re.I
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Rule:
    """A lint rule: its stable code, its severity and a one-line summary."""

    code: str
    severity: Severity
    summary: str


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule("invalid", "error", "the bank does not pass `quizzer validate`"),
        Rule("unknown-scenario", "error", "a simulation link names no known scenario"),
        Rule("answer-position-bias", "warning", "correct answers cluster in one position"),
        Rule("all-none-of-the-above", "warning", "an 'all/none of the above' option"),
        Rule("missing-feedback", "warning", "an option without feedback"),
        Rule("thin-objective", "warning", "an objective with fewer than 2 questions"),
        Rule("long-stem", "warning", f"a stem longer than {LONG_STEM_WORDS} words"),
        Rule("near-duplicate-stem", "warning", "two stems share most of their words"),
    )
}


@dataclass(frozen=True)
class Finding:
    """One piece of advice at a place in a file."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        return f"{place}: {self.severity}: {self.message} [{self.code}]"


def known_scenarios() -> frozenset[str]:
    """Scenario ids of the simulator's catalogue (a torch-free import)."""
    try:
        from sim.scenarios import SCENARIOS
    except ImportError as error:
        raise QuizzerError(f"cannot read the simulator's scenario catalogue: {error}") from None
    return frozenset(SCENARIOS)


def lint(
    bank: Bank,
    problems: Collection[Problem] = (),
    scenarios: Collection[str] | None = None,
    strict: bool = False,
) -> list[Finding]:
    """Every finding for a bank: its validation problems first, then each rule's advice."""
    found = [
        Finding(p.path, p.line or 0, p.column or 0, "invalid", p.message, "error") for p in problems
    ]
    catalogue = known_scenarios() if scenarios is None else scenarios
    advice = [piece for check in _CHECKS for piece in check(bank, catalogue)]
    found.extend(_located(advice))
    if strict:
        found = [replace(finding, severity="error") for finding in found]
    return _ordered(found, bank.paths)


@dataclass(frozen=True)
class _Advice:
    """A finding before it is located; `see` is a second place that `{see}` in the message names."""

    item: LoadedLesson
    loc: Loc
    code: str
    message: str
    see: tuple[LoadedLesson, Loc] | None = None


def _located(advice: list[_Advice]) -> list[Finding]:
    """Locate every piece of advice, with one pass over each file that has any."""
    wanted: dict[int, tuple[LoadedLesson, list[Loc]]] = {}
    for piece in advice:
        places = [(piece.item, piece.loc)] + ([piece.see] if piece.see else [])
        for item, loc in places:
            wanted.setdefault(id(item), (item, []))[1].append(loc)
    positions = {key: item.positions(locs) for key, (item, locs) in wanted.items()}
    findings = []
    for piece in advice:
        line, column = positions[id(piece.item)][piece.loc]
        message = piece.message
        if piece.see is not None:
            see_item, see_loc = piece.see
            see_line, see_column = positions[id(see_item)][see_loc]
            message = message.replace("{see}", f"{see_item.path}:{see_line}:{see_column}")
        severity = RULES[piece.code].severity
        findings.append(Finding(piece.item.path, line, column, piece.code, message, severity))
    return findings


def _questions(bank: Bank) -> Iterator[tuple[LoadedLesson, int]]:
    for item in bank.loaded:
        for index in range(len(item.lesson.questions)):
            yield item, index


def check_scenarios(bank: Bank, catalogue: Collection[str]) -> Iterator[_Advice]:
    """A link to a scenario that does not exist cannot be opened: that is an error."""
    known = ", ".join(sorted(catalogue)) or "none"
    for item, index in _questions(bank):
        link = item.lesson.questions[index].simulation
        if link is None:
            continue
        for field_name in ("scenario", "compare"):
            scenario = getattr(link, field_name)
            if scenario is not None and scenario not in catalogue:
                message = f"unknown simulation scenario '{scenario}' (known: {known})"
                loc = ("questions", index, "simulation", field_name)
                yield _Advice(item, loc, "unknown-scenario", message)


def check_all_none(bank: Bank, _catalogue: Collection[str]) -> Iterator[_Advice]:
    """'All/none of the above' breaks under shuffling and rewards test-wiseness."""
    for item, index in _questions(bank):
        for position, option in enumerate(item.lesson.questions[index].options):
            if _ALL_NONE.match(option.text):
                message = (
                    f"option {OPTION_KEYS[position]} is '{option.text.strip()}': options are "
                    "shuffled, so 'above' has no meaning; name the options it refers to"
                )
                loc = ("questions", index, "options", position, "text")
                yield _Advice(item, loc, "all-none-of-the-above", message)


def check_feedback(bank: Bank, _catalogue: Collection[str]) -> Iterator[_Advice]:
    """Per-option feedback is what turns a wrong answer into a lesson."""
    for item, index in _questions(bank):
        for position, option in enumerate(item.lesson.questions[index].options):
            if not option.feedback.strip():
                message = f"option {OPTION_KEYS[position]} has no feedback"
                loc = ("questions", index, "options", position)
                yield _Advice(item, loc, "missing-feedback", message)


def check_objectives(bank: Bank, _catalogue: Collection[str]) -> Iterator[_Advice]:
    """Objectives measured by fewer than two questions cannot be reported on reliably."""
    for item in bank.loaded:
        counts = Counter(
            objective for question in item.lesson.questions for objective in question.objectives
        )
        for index, objective in enumerate(item.lesson.objectives):
            count = counts[objective.id]
            if count < THIN_OBJECTIVE_QUESTIONS:
                message = (
                    f"objective '{objective.id}' is assessed by {count} question"
                    f"{'' if count == 1 else 's'}; write at least {THIN_OBJECTIVE_QUESTIONS}"
                )
                yield _Advice(item, ("objectives", index, "id"), "thin-objective", message)


def check_stem_length(bank: Bank, _catalogue: Collection[str]) -> Iterator[_Advice]:
    """Very long stems test reading rather than the objective."""
    for item, index in _questions(bank):
        words = len(item.lesson.questions[index].stem.split())
        if words > LONG_STEM_WORDS:
            message = f"stem has {words} words (more than {LONG_STEM_WORDS}); tighten it"
            yield _Advice(item, ("questions", index, "stem"), "long-stem", message)


def check_position_bias(bank: Bank, _catalogue: Collection[str]) -> Iterator[_Advice]:
    """Chi-square test of where the keys of single-answer questions sit.

    Under no bias, the key of a question with k options sits in each of its k positions with
    probability 1/k, so the expected count of position j sums 1/k over questions with k > j.
    """
    keyed = [
        (item, index, question.options.index(next(o for o in question.options if o.correct)))
        for item, index in _questions(bank)
        if (question := item.lesson.questions[index]).type == "single"
    ]
    if len(keyed) < BIAS_MIN_QUESTIONS:
        return
    width = max(len(item.lesson.questions[index].options) for item, index, _ in keyed)
    observed = [0] * width
    expected = [0.0] * width
    for item, index, key in keyed:
        observed[key] += 1
        options = len(item.lesson.questions[index].options)
        for position in range(options):
            expected[position] += 1 / options
    statistic = sum((o - e) ** 2 / e for o, e in zip(observed, expected, strict=True))
    p_value = chi_square_sf(statistic, width - 1)
    if p_value >= BIAS_P_VALUE:
        return
    heavy = max(range(width), key=lambda j: observed[j] - expected[j])
    spread = ", ".join(
        f"{OPTION_KEYS[j]} {observed[j]} (expected {expected[j]:.1f})" for j in range(width)
    )
    message = (
        f"answer keys of the bank's {len(keyed)} single-answer questions are unevenly "
        f"placed: {spread}; chi-square p = {p_value:.2g}; move some keys away from "
        f"{OPTION_KEYS[heavy]}"
    )
    item, index, _ = next(entry for entry in keyed if entry[2] == heavy)
    yield _Advice(item, ("questions", index, "options", heavy), "answer-position-bias", message)


def check_near_duplicates(bank: Bank, _catalogue: Collection[str]) -> Iterator[_Advice]:
    """Stems sharing most of their words: a repeat, or a question that gives another away.

    An all-pairs set-similarity join with prefix filtering: with each stem's words sorted
    rarest first, two sets with Jaccard similarity >= t must share a word among the first
    |s| - ceil(t|s|) + 1 of each, so only those words are indexed and only stems sharing one
    are compared. On a real bank that is a few comparisons per stem, not n^2.
    """
    places = list(_questions(bank))
    words = [
        frozenset(_WORD.findall(item.lesson.questions[index].stem.casefold()))
        for item, index in places
    ]
    frequency = Counter(word for stem in words for word in stem)
    index_of: dict[str, list[int]] = defaultdict(list)
    for number, stem in enumerate(words):
        ordered = sorted(stem, key=lambda word: (frequency[word], word))
        prefix = len(ordered) - math.ceil(NEAR_DUPLICATE_JACCARD * len(ordered)) + 1
        candidates = {other for word in ordered[:prefix] for other in index_of[word]}
        best = _most_similar(stem, candidates, words)
        if best is not None:
            other, similarity = best
            item, index = places[number]
            first_item, first_index = places[other]
            message = (
                f"stem shares {similarity:.0%} of its words with question "
                f"'{first_item.lesson.questions[first_index].id}' ({{see}}); "
                "merge them or make them differ"
            )
            see = (first_item, ("questions", first_index, "stem"))
            loc = ("questions", index, "stem")
            yield _Advice(item, loc, "near-duplicate-stem", message, see)
        for word in ordered[:prefix]:
            index_of[word].append(number)


def _most_similar(
    stem: frozenset[str], candidates: set[int], words: list[frozenset[str]]
) -> tuple[int, float] | None:
    """The earliest candidate with the highest Jaccard similarity at or above the threshold.

    A size filter comes first: sets of sizes a and b have Jaccard at most min/max(a, b).
    """
    size = len(stem)
    low, high = NEAR_DUPLICATE_JACCARD * size, size / NEAR_DUPLICATE_JACCARD
    best: tuple[int, float] | None = None
    for other in candidates:
        other_size = len(words[other])
        if not low <= other_size <= high:
            continue
        shared = len(stem & words[other])
        union = size + other_size - shared
        similarity = shared / union if union else 1.0
        if similarity < NEAR_DUPLICATE_JACCARD:
            continue
        if best is None or (similarity, -other) > (best[1], -best[0]):
            best = (other, similarity)
    return best


def chi_square_sf(statistic: float, degrees: int) -> float:
    """P(X >= statistic) for a chi-square variable: the regularized upper gamma Q(k/2, x/2)."""
    if degrees <= 0:
        return 1.0
    return _upper_gamma_regularized(degrees / 2, statistic / 2)


def _upper_gamma_regularized(a: float, x: float) -> float:
    """Q(a, x) by its series (x < a + 1) or continued fraction (Numerical Recipes 6.2)."""
    if x <= 0:
        return 1.0
    log_prefix = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:
        term = total = 1 / a
        denominator = a
        for _ in range(500):
            denominator += 1
            term *= x / denominator
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return max(0.0, 1 - total * math.exp(log_prefix))
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 500):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        h *= d * c
        if abs(d * c - 1) < 1e-15:
            break
    return min(1.0, math.exp(log_prefix) * h)


def _ordered(findings: list[Finding], paths: list[str]) -> list[Finding]:
    """Findings grouped by file (in the order files were met), then by position."""
    file_order: dict[str, int] = {}
    for path in [*paths, *(finding.path for finding in findings)]:
        file_order.setdefault(path, len(file_order))
    return sorted(findings, key=lambda f: (file_order[f.path], f.line, f.column, f.code))


_CHECKS: tuple[Callable[[Bank, Collection[str]], Iterator[_Advice]], ...] = (
    check_scenarios,
    check_all_none,
    check_feedback,
    check_objectives,
    check_stem_length,
    check_position_bias,
    check_near_duplicates,
)
