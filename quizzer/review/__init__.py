"""Spaced review (FSRS-6) and mastery per objective, on top of the store.

Public API (stable)::

    from quizzer.review import ReviewQueue, mastery_by_objective, Mastery
    queue = ReviewQueue(store)
    queue.due(learner, lesson, now=None)      # question ids due now (edited ones first)
    queue.cram(learner, lesson, n, now=None)  # when nothing is due: last missed, weakest
    queue.changed(learner, lesson)            # ids edited since the learner last answered
    queue.cards(learner, lesson, now=None)    # {id: CardView(due, retrievability, changed)}
    mastery_by_objective(store, learner, lesson)  # {objective id: Mastery(accuracy,
                                                  #   attempts, answered, questions, due)}

Answers are recorded with `store.record_attempt`; the queue folds them into FSRS cards
the next time it is asked (see queue.py), so there is nothing else to call. Ratings: wrong
is Again, right is Good, right but slower than twice the learner's median is Hard
(rating.py explains the threshold).
"""

from quizzer.review.mastery import RECENT_PER_QUESTION, Mastery, mastery_by_objective
from quizzer.review.queue import CardView, ReviewQueue
from quizzer.review.rating import HARD_FACTOR, rating_for

__all__ = [
    "HARD_FACTOR",
    "RECENT_PER_QUESTION",
    "CardView",
    "Mastery",
    "ReviewQueue",
    "mastery_by_objective",
    "rating_for",
]
