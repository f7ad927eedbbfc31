"""Quiz sessions: shuffling by stable keys, grading, practice and exam modes, the clock."""

from __future__ import annotations

import pytest

from quizzer.engine import Mode, QuizSession, SessionError, grade


def test_grade_single_and_multiple(questions):
    q1, q2 = questions[0], questions[1]
    assert grade(q1, {"B"})
    assert not grade(q1, {"A"})
    assert grade(q2, {"A", "C"})
    assert not grade(q2, {"A"})
    assert not grade(q2, {"A", "B", "C"})


def test_options_are_shuffled_but_keep_their_keys(questions):
    orders = set()
    for seed in range(20):
        session = QuizSession(questions, seed=seed)
        shown = session.displayed_options()
        assert [o.label for o in shown] == ["A", "B", "C", "D"]
        assert sorted(o.key for o in shown) == ["A", "B", "C", "D"]
        for option in shown:
            assert option.option.text == f"q1 option {option.key}"
        orders.add(tuple(o.key for o in shown))
    assert len(orders) > 5


def test_the_same_seed_gives_the_same_order(questions):
    first = QuizSession(questions, seed=3).displayed_options(2)
    again = QuizSession(questions, seed=3).displayed_options(2)
    assert first == again


def test_answer_is_recorded_by_authored_key_not_screen_label(questions):
    session = QuizSession(questions, seed=5)
    label = next(o.label for o in session.displayed_options() if o.key == "B")
    key = session.key_for_label(label.lower())
    outcome = session.answer({key})
    assert outcome.correct
    assert outcome.record is not None
    assert outcome.record.chosen == ("B",)
    assert outcome.record.question_id == "q1"
    assert outcome.record.content_hash == questions[0].content_hash
    assert outcome.record.mode == "practice"


def test_unknown_label_is_refused(questions):
    with pytest.raises(SessionError):
        QuizSession(questions).key_for_label("F")


def test_practice_feedback_names_the_chosen_and_the_correct_options(questions):
    session = QuizSession(questions, mode=Mode.PRACTICE)
    outcome = session.answer({"A"})
    assert not outcome.correct
    feedback = outcome.feedback
    assert feedback is not None
    assert not feedback.correct
    assert feedback.explanation == "Explanation of q1."
    assert [o.key for o in feedback.chosen] == ["A"]
    assert [o.key for o in feedback.correct_options] == ["B"]
    assert feedback.chosen[0].option.feedback == "why A"


def test_practice_retry_is_graded_but_only_the_first_attempt_counts(questions):
    session = QuizSession(questions, mode=Mode.PRACTICE)
    wrong = session.answer({"A"})
    retry = session.answer({"B"})
    assert wrong.record is not None and not wrong.record.correct
    assert retry.correct and retry.record is None
    assert retry.feedback is not None and retry.feedback.correct
    result = session.finish()
    assert result.reviews[0].chosen == frozenset({"A"})
    assert not result.reviews[0].correct
    assert result.correct == 0


def test_exam_gives_no_feedback_and_answers_are_final(questions):
    session = QuizSession(questions, mode=Mode.EXAM)
    outcome = session.answer({"B"})
    assert outcome.feedback is None
    assert outcome.record is not None and outcome.record.mode == "exam"
    with pytest.raises(SessionError, match="final"):
        session.answer({"A"})


def test_single_question_refuses_two_answers_and_empty_answers(questions):
    session = QuizSession(questions)
    with pytest.raises(SessionError):
        session.answer({"A", "B"})
    with pytest.raises(SessionError):
        session.answer(set())
    with pytest.raises(SessionError):
        session.answer({"Z"})
    assert not session.is_answered()


def test_multiple_answer_question_needs_the_exact_set(questions):
    session = QuizSession(questions)
    session.go_to(1)
    assert not session.answer({"A"}).correct
    assert session.answer({"C", "A"}).correct


def test_navigation_stays_in_range(questions):
    session = QuizSession(questions)
    assert not session.previous()
    assert session.next() and session.index == 1
    assert session.go_to(3) and session.current.id == "q4"
    assert not session.next()
    assert session.previous() and session.index == 2
    assert not session.go_to(9)


def test_time_per_question_adds_up_across_visits(questions, clock):
    session = QuizSession(questions, clock=clock)
    clock.advance(4)
    session.next()
    clock.advance(10)
    session.previous()
    clock.advance(3)
    record = session.answer({"B"}).record
    assert record is not None and record.seconds == pytest.approx(7)
    session.next()
    clock.advance(2)
    record = session.answer({"A", "C"}).record
    assert record is not None and record.seconds == pytest.approx(12)


def test_exam_time_limit_stops_answers_and_is_reported(questions, clock):
    session = QuizSession(questions, mode=Mode.EXAM, time_limit=60, clock=clock)
    session.answer({"B"})
    clock.advance(30)
    assert session.time_left() == pytest.approx(30 - 0)
    clock.advance(31)
    assert session.expired
    session.next()
    with pytest.raises(SessionError, match="time"):
        session.answer({"A", "C"})
    result = session.finish()
    assert result.timed_out
    assert result.answered == 1
    assert result.correct == 1
    assert result.score == pytest.approx(0.25)


def test_result_scores_breaks_down_by_objective_and_lists_missed(questions):
    session = QuizSession(questions, mode=Mode.EXAM)
    session.answer({"B"})  # q1 right (obj-a)
    session.next()
    session.answer({"A"})  # q2 wrong (obj-a, obj-b)
    session.next()
    session.answer({"D"})  # q3 right (obj-b); q4 left unanswered (obj-c)
    result = session.finish()
    assert (result.correct, result.total, result.answered) == (2, 4, 3)
    assert result.score == pytest.approx(0.5)
    scores = {s.objective_id: (s.correct, s.total) for s in result.by_objective}
    assert scores == {"obj-a": (1, 2), "obj-b": (1, 2), "obj-c": (0, 1)}
    assert [r.question.id for r in result.missed] == ["q2", "q4"]
    assert result.missed[1].chosen is None and not result.missed[1].answered


def test_review_label_maps_back_to_the_letter_the_student_saw(questions):
    session = QuizSession(questions, seed=11)
    shown = {o.key: o.label for o in session.displayed_options()}
    session.answer({"A"})
    review = session.finish().reviews[0]
    assert review.label_of("A") == shown["A"]
    assert review.label_of("B") == shown["B"]


def test_finished_session_takes_no_answers(questions):
    session = QuizSession(questions)
    session.finish()
    with pytest.raises(SessionError):
        session.answer({"B"})


def test_review_mode_gives_feedback_and_records_review(questions):
    session = QuizSession(questions[:1], mode=Mode.REVIEW)
    outcome = session.answer({"B"})
    assert outcome.feedback is not None
    assert outcome.record is not None and outcome.record.mode == "review"


def test_empty_session_is_refused():
    with pytest.raises(SessionError):
        QuizSession([])


def test_first_unanswered(questions):
    session = QuizSession(questions)
    session.answer({"B"})
    assert session.first_unanswered() == 1
