"""Results: the score, the breakdown by objective, and every question reviewed."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from quizzer.bank.model import Lesson
from quizzer.engine import Mode, QuestionReview, QuizResult
from quizzer.tui.widgets.objectives import mastery_bar
from quizzer.tui.widgets.quiz_progress import format_clock


def summary_line(result: QuizResult) -> str:
    line = (
        f"{result.correct} of {result.total} right · {result.score:.0%} · "
        f"{result.answered} answered · {format_clock(result.elapsed)}"
    )
    return line + (" · time ran out" if result.timed_out else "")


def answer_text(review: QuestionReview, keys: frozenset[str] | set[str]) -> str:
    question = review.question
    by_key = dict(zip(question.option_keys, question.options, strict=True))
    ordered = sorted(keys, key=review.label_of)
    return "; ".join(f"{review.label_of(key)}. {by_key[key].text}" for key in ordered)


class ReviewItem(Vertical):
    """One question as answered: mark, stem, your answer, the right one, the explanation."""

    def __init__(self, number: int, review: QuestionReview) -> None:
        super().__init__(classes="review-item -right" if review.correct else "review-item -missed")
        self.number = number
        self.review = review

    def compose(self) -> ComposeResult:
        review = self.review
        mark = "✔" if review.correct else "✘"
        yield Static(
            f"{mark} {self.number}. {review.question.stem}", classes="review-stem", markup=False
        )
        if review.chosen is None:
            yield Static("Not answered", classes="review-answer", markup=False)
        else:
            yield Static(
                f"Your answer: {answer_text(review, review.chosen)}",
                classes="review-answer",
                markup=False,
            )
        if not review.correct:
            yield Static(
                f"Right answer: {answer_text(review, review.question.correct_keys)}",
                classes="review-key",
                markup=False,
            )
        yield Static(review.question.explanation, classes="explanation", markup=False)


class ResultsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "review_missed", "Review missed"),
        Binding("m", "toggle_missed", "Missed only"),
        Binding("escape", "back", "Lesson"),
    ]

    missed_only: reactive[bool] = reactive(False)

    def __init__(self, lesson: Lesson, result: QuizResult) -> None:
        super().__init__()
        self.lesson = lesson
        self.result = result

    def compose(self) -> ComposeResult:
        result = self.result
        yield Header()
        with VerticalScroll(id="results-body"):
            yield Static(f"{result.mode.capitalize()} results", classes="screen-title")
            yield Static(summary_line(result), id="score", markup=False)
            yield Static("By objective", classes="section-title")
            numbers = {o.id: n for n, o in enumerate(self.lesson.objectives, start=1)}
            for score in sorted(result.by_objective, key=lambda s: numbers.get(s.objective_id, 0)):
                objective = self.lesson.objective(score.objective_id)
                yield Static(
                    f"{mastery_bar(score.fraction)} {score.correct}/{score.total}  "
                    f"{numbers.get(score.objective_id, '?')}. {objective.text}",
                    classes="objective-score",
                    markup=False,
                )
            yield Static("Every question", classes="section-title")
            for number, review in enumerate(result.reviews, start=1):
                yield ReviewItem(number, review)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.lesson.lesson.title

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "review_missed":
            return True if self.result.missed else None
        return True

    def watch_missed_only(self, missed_only: bool) -> None:
        self.set_class(missed_only, "-missed-only")

    def action_toggle_missed(self) -> None:
        self.missed_only = not self.missed_only

    def action_review_missed(self) -> None:
        """Ask the missed questions again, with feedback, recorded as a review."""
        from quizzer.tui.screens.quiz import QuizScreen, new_seed

        missed = [review.question for review in self.result.missed]
        if not missed:
            return
        screen = QuizScreen.for_questions(
            self.lesson,
            missed,
            Mode.REVIEW,
            seed=new_seed(self.app.config.seed),
            clock=self.app.config.clock,
            recorder=self.app.progress.recorder(self.lesson.lesson.id, Mode.REVIEW),
        )
        self.app.switch_screen(screen)

    def action_back(self) -> None:
        self.app.pop_screen()
