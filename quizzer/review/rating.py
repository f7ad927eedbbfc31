"""How an answer becomes an FSRS rating: wrong is Again, right is Good, right but slow is Hard.

"Slow" is relative to the learner, not to a fixed clock: a correct answer counts as Hard
when it took more than HARD_FACTOR (2x) the learner's median time over their earlier
correct answers in the lesson, once there are at least HARD_MIN_HISTORY (5) of them.

* Relative to the learner, because reading speed differs several-fold between students;
  a fixed budget would rate every answer of a slow reader Hard.
* Twice the median, because stem and option lengths in a bank vary by about that much, so
  a merely long question should not count as a struggle; beyond 2x the answer is an outlier
  for this learner, which is what FSRS's Hard ("recalled with serious difficulty") means.
* At least 5 earlier correct answers, so one early quick guess does not set the baseline;
  until then every correct answer is Good.
* Answers slower than IDLE_SECONDS (10 minutes) are taken as interruptions (the learner
  walked away), not as difficulty: Good.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from fsrs import Rating

HARD_FACTOR = 2.0
HARD_MIN_HISTORY = 5
IDLE_SECONDS = 600.0


def rating_for(correct: bool, seconds: float, earlier_correct_seconds: Sequence[float]) -> Rating:
    """The FSRS rating of one answer given the learner's earlier correct answer times."""
    if not correct:
        return Rating.Again
    if len(earlier_correct_seconds) < HARD_MIN_HISTORY or seconds > IDLE_SECONDS:
        return Rating.Good
    if seconds > HARD_FACTOR * median(earlier_correct_seconds):
        return Rating.Hard
    return Rating.Good
