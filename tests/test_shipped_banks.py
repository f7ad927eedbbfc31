"""The shipped lesson banks carry the seed lesson faithfully and meet the bank issue's counts.

The seed's objectives, practice questions and vocabulary are held here as literals, copied
from `shared/seed-lesson-gans.txt`, so an edit that drifts from the published lesson fails.
"""

from __future__ import annotations

from collections import Counter

import pytest

from question_bank import BANK_DIR
from quizzer.bank.lint import lint
from quizzer.bank.loader import load_bank
from quizzer.bank.model import Lesson, Question
from sim.scenarios import SCENARIOS

GANS = BANK_DIR / "gans.yaml"
PERCEPTRONS = BANK_DIR / "perceptrons.yaml"

SEED_OBJECTIVES = [
    "Explain the core architecture of a GAN, including the roles of the Generator and the "
    "Discriminator.",
    "Describe the adversarial training process as a zero-sum game between two competing "
    "neural networks.",
    "Trace the flow of data and gradients through a single GAN training iteration.",
    "Identify at least three real-world applications of GANs and explain their utility.",
    "Recognize common failure modes in GAN training, such as mode collapse and vanishing "
    "gradients.",
    "Conceptually evaluate the quality of GAN-generated outputs using both qualitative and "
    "quantitative measures.",
]

SEED_VOCABULARY = {
    "Generative Model": (
        "A type of neural network that learns the underlying distribution of a dataset in "
        "order to generate new, synthetic data samples that resemble the original data.",
        "A model trained on thousands of cat photos that can then generate a brand new, "
        "unique image of a cat.",
    ),
    "Discriminative Model": (
        "A type of neural network that learns a decision boundary to classify input data "
        "into predefined categories.",
        "A model that looks at a photo and classifies it as either a 'cat' or 'not a cat'.",
    ),
    "Generator (G)": (
        "In a GAN, the network that acts as the 'artist' or 'counterfeiter'. It takes random "
        "noise as input and attempts to generate data that is indistinguishable from the "
        "real data.",
        None,
    ),
}
GENERATOR_EXAMPLE_START = "Given a random vector `[0.1, 0.8, 0.4]`, the Generator might pro"

REQUIRED_TERMS = [
    "Generative Model",
    "Discriminative Model",
    "Generator",
    "Discriminator",
    "Latent space",
    "Noise vector",
    "Minimax game",
    "Nash equilibrium",
    "Mode collapse",
    "Vanishing gradients",
    "Non-saturating loss",
    "Fréchet Inception Distance",
    "Inception Score",
    "Wasserstein distance",
]

SEED_DISCRIMINATOR_STEPS = [
    "Feed real data, calculate loss (target=1).",
    "Feed fake data from G, calculate loss (target=0).",
    "Sum losses.",
    "Update D's weights via backpropagation.",
]
SEED_MINIMAX_FORMULA = "min_G max_D V(D, G) = E[log(D(x))] + E[log(1 - D(G(z)))]"

# (stem, the four options, correct letter, linked scenario, compare)
SEED_QUESTIONS = [
    (
        "The original GAN minimax objective for the Generator is to minimize "
        "`log(1 - D(G(z)))`. In practice, many implementations instead train the Generator "
        "to maximize `log(D(G(z)))`. Why is this change made?",
        [
            "Because maximizing `log(D(G(z)))` is computationally faster.",
            "Because the original formula provides very weak gradients early in training when "
            "the Generator is poor, while the modified objective provides stronger, more "
            "consistent gradients.",
            "Because the two mathematical expressions are identical in value.",
            "Because the modified objective helps the Discriminator learn faster, creating a "
            "better opponent.",
        ],
        "B",
        "vanishing_gradients",
        None,
    ),
    (
        "You are tasked with training a GAN on a dataset of diverse animal faces (cats, dogs, "
        "bears). After observing mode collapse where the GAN only generates cats, which of "
        "the following strategies is the most direct and logical approach to encourage "
        "diversity?",
        [
            "Stop training the Discriminator entirely so the Generator can explore the latent "
            "space freely.",
            "Modify the training objective to not only fool the Discriminator but also to "
            "maximize the statistical distance between different generated images within a "
            "single batch.",
            "Use a much smaller and less complex Generator network to make the learning task "
            "easier.",
            "Train the GAN only on cat images first to perfect that single mode before "
            "introducing others.",
        ],
        "B",
        "mode_collapse",
        None,
    ),
    (
        "A GAN's training process appears to have stabilized. The Discriminator's accuracy on "
        "real vs. fake data is consistently around 50%. However, the images produced by the "
        "Generator are still just noisy, meaningless patterns. What is the most likely "
        "interpretation of this state?",
        [
            "The Generator has perfectly matched the real data distribution, achieving an "
            "ideal Nash equilibrium.",
            "The Discriminator is too powerful and has caused the Generator's gradients to vanish.",
            "The training has failed to converge; the Discriminator is simply guessing "
            "randomly and thus providing no useful gradient for the Generator to learn from.",
            "The learning rate is too high, causing the model weights to explode.",
        ],
        "C",
        "discriminator_guessing",
        "healthy",
    ),
]

AGREED_SCENARIOS = {
    "mode_collapse",
    "vanishing_gradients",
    "non_convergence",
    "discriminator_guessing",
    "discriminator_overpowering",
    "learning_rate_too_high",
    "healthy",
    "evaluation_tradeoff",
}
FAILURE_TAGS = {
    "mode-collapse",
    "vanishing-gradients",
    "non-convergence",
    "discriminator-overpowering",
    "learning-rate",
    "training-dynamics",
}
APPLICATION_AREAS = {
    "image-synthesis",
    "super-resolution",
    "medical-imaging",
    "image-translation",
    "anomaly-detection",
    "drug-design",
}
EVALUATION_MEASURES = {"qualitative-evaluation", "fid", "inception-score", "precision-recall"}


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def gans() -> Lesson:
    return load_bank([GANS]).lesson("gans")


@pytest.fixture(scope="module")
def perceptrons() -> Lesson:
    return load_bank([PERCEPTRONS]).lesson("perceptrons")


def _by_stem(lesson: Lesson, stem: str) -> Question:
    matches = [q for q in lesson.questions if _flat(q.stem) == stem]
    assert len(matches) == 1, f"expected one question with the stem {stem[:60]!r}..."
    return matches[0]


def test_the_whole_shipped_folder_loads_and_lints_clean() -> None:
    bank = load_bank([BANK_DIR])
    assert {lesson.lesson.id for lesson in bank.lessons} == {"gans", "perceptrons"}
    findings = lint(bank, strict=True)
    assert findings == [], "\n".join(str(finding) for finding in findings)


def test_gan_lesson_header_is_the_seeds(gans: Lesson) -> None:
    info = gans.lesson
    assert info.id == "gans"
    assert info.title == "Generative Adversarial Networks (GANs): Generating Realistic Data"
    assert (info.subject, info.level, info.duration_minutes) == (
        "Computer Science",
        "Grade 12",
        20,
    )
    assert _flat(info.summary) == (
        "Explore GANs, a type of generative model that learns to generate realistic data by "
        "pitting two neural networks against each other: a generator and a discriminator."
    )


def test_gan_yaml_starts_with_the_schema_modeline() -> None:
    first = GANS.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./schema.json"


def test_objectives_are_the_seeds_six_verbatim(gans: Lesson) -> None:
    assert [_flat(o.text) for o in gans.objectives] == SEED_OBJECTIVES
    assert [o.id for o in gans.objectives] == [
        "architecture",
        "adversarial-training",
        "training-iteration",
        "applications",
        "failure-modes",
        "evaluation",
    ]


def test_vocabulary_has_every_named_term(gans: Lesson) -> None:
    assert len(gans.vocabulary) >= 16
    terms = [v.term.casefold() for v in gans.vocabulary]
    missing = [t for t in REQUIRED_TERMS if not any(x.startswith(t.casefold()) for x in terms)]
    assert missing == []
    for v in gans.vocabulary:
        assert v.definition.strip() and v.example.strip(), v.term


def test_seed_vocabulary_is_verbatim_and_the_generator_example_keeps_its_brackets(
    gans: Lesson,
) -> None:
    entries = {v.term: v for v in gans.vocabulary}
    for term, (definition, example) in SEED_VOCABULARY.items():
        assert _flat(entries[term].definition) == definition
        if example is not None:
            assert _flat(entries[term].example) == example
    generator_example = _flat(entries["Generator (G)"].example)
    assert generator_example.startswith(GENERATOR_EXAMPLE_START)
    assert "[0.1, 0.8, 0.4]" in generator_example


def test_the_five_core_patterns(gans: Lesson) -> None:
    patterns = {p.title: p for p in gans.patterns}
    minimax = patterns["The Minimax Game Objective"]
    assert minimax.formula == SEED_MINIMAX_FORMULA
    assert _flat(minimax.explanation).startswith(
        "This is the core mathematical objective of a GAN. The Discriminator (D) tries to "
        "maximize this value"
    )
    assert patterns["Discriminator's Training Step"].steps == SEED_DISCRIMINATOR_STEPS
    generator_step = patterns["Generator's Training Step"]
    assert len(generator_step.steps) >= 3
    assert "D's weights frozen" in " ".join(generator_step.steps)
    non_saturating = patterns["The Non-Saturating Generator Loss"]
    assert "−log D(G(z))" in (non_saturating.formula or "")
    assert "Goodfellow" in non_saturating.explanation
    optimal = patterns["The Optimal Discriminator"]
    assert "D*(x) = p_data(x) / (p_data(x) + p_g(x))" in (optimal.formula or "")
    assert "2·JSD(p_data ‖ p_g) − log 4" in (optimal.formula or "")


def test_question_counts_difficulty_and_objective_coverage(gans: Lesson) -> None:
    questions = gans.questions
    assert len(questions) >= 36
    difficulty = Counter(q.difficulty for q in questions)
    assert difficulty["challenging"] > len(questions) / 2
    per_objective = Counter(o for q in questions for o in q.objectives)
    thin = {o.id: per_objective[o.id] for o in gans.objectives if per_objective[o.id] < 4}
    assert thin == {}


@pytest.mark.parametrize(("index"), range(len(SEED_QUESTIONS)))
def test_seed_practice_questions_are_verbatim_with_their_keys(gans: Lesson, index: int) -> None:
    stem, options, key, scenario, compare = SEED_QUESTIONS[index]
    question = _by_stem(gans, stem)
    assert question.type == "single"
    assert question.difficulty == "challenging"
    assert "seed" in question.tags
    assert [_flat(o.text) for o in question.options] == options
    assert question.correct_keys == frozenset({key})
    assert len(question.explanation) >= 300
    assert question.simulation is not None
    assert (question.simulation.scenario, question.simulation.compare) == (scenario, compare)


def test_at_least_three_applications(gans: Lesson) -> None:
    tagged = [q for q in gans.questions if "application" in q.tags]
    assert len(tagged) >= 3
    assert all("applications" in q.objectives for q in tagged)
    areas = {tag for q in tagged for tag in q.tags} & APPLICATION_AREAS
    assert len(areas) >= 3, areas


def test_evaluation_questions_cover_each_kind_of_measure(gans: Lesson) -> None:
    tagged = [q for q in gans.questions if "evaluation" in q.tags]
    assert len(tagged) >= 4
    measures = {tag for q in tagged for tag in q.tags} & EVALUATION_MEASURES
    assert measures == EVALUATION_MEASURES


def test_failure_mode_questions_link_an_agreed_scenario(gans: Lesson) -> None:
    about_failure = [
        q for q in gans.questions if "failure-modes" in q.objectives or FAILURE_TAGS & set(q.tags)
    ]
    assert len(about_failure) >= 10
    unlinked = [q.id for q in about_failure if q.simulation is None]
    assert unlinked == []
    linked = [q for q in gans.questions if q.simulation is not None]
    for question in linked:
        link = question.simulation
        assert link is not None
        assert link.scenario in AGREED_SCENARIOS, question.id
        assert link.compare is None or link.compare in AGREED_SCENARIOS, question.id
        assert link.scenario in SCENARIOS, question.id
        assert len(link.watch.split()) >= 8, question.id
    assert {q.simulation.scenario for q in linked if q.simulation} == AGREED_SCENARIOS


def test_every_option_teaches(gans: Lesson, perceptrons: Lesson) -> None:
    for question in [*gans.questions, *perceptrons.questions]:
        assert len(question.explanation) >= 200, question.id
        for key, option in zip(question.option_keys, question.options, strict=True):
            assert len(option.feedback.split()) >= 8, f"{question.id} {key}"
        if question.type == "multiple":
            assert "Select all that apply" in question.stem, question.id
        assert len(question.stem) <= 400, question.id


def test_mix_of_single_and_multiple_and_keys_spread_over_positions(gans: Lesson) -> None:
    kinds = Counter(q.type for q in gans.questions)
    assert kinds["multiple"] >= 3
    single = [q for q in gans.questions if q.type == "single"]
    positions = Counter(next(iter(q.correct_keys)) for q in single)
    assert set(positions) == {"A", "B", "C", "D"}
    assert max(positions.values()) - min(positions.values()) <= 3, positions


def test_option_length_is_not_a_reliable_cue(gans: Lesson, perceptrons: Lesson) -> None:
    """Test-wise students pick the longest (or shortest) option; neither should give the key
    away more often than chance would.

    The seed's questions are excluded: their wording is fixed by the published lesson.
    """
    single = [
        q
        for q in [*gans.questions, *perceptrons.questions]
        if q.type == "single" and "seed" not in q.tags
    ]
    longest_is_key = [q.id for q in single if _key_is_strictly(q, longest=True)]
    shortest_is_key = [q.id for q in single if _key_is_strictly(q, longest=False)]
    assert len(longest_is_key) <= 0.3 * len(single), longest_is_key
    assert len(shortest_is_key) <= 0.3 * len(single), shortest_is_key


def test_facts_the_keys_depend_on(gans: Lesson, perceptrons: Lesson) -> None:
    """Recompute the numeric answers, so a key that drifts from the arithmetic fails."""
    p_data, p_g = 0.3, 0.1
    optimal = gans.question("adv-optimal-discriminator")
    assert _key_text(optimal) == f"{p_data / (p_data + p_g):.2f}"

    def step(s: float) -> int:
        return 1 if s >= 0 else 0

    output = perceptrons.question("pc-compute-output")
    assert _key_text(output) == str(step(0.5 * 2 + -1.0 * 1 + -0.2))

    gate = perceptrons.question("pc-logic-gate")
    truth = {(a, b): step(a + b - 1.5) for a in (0, 1) for b in (0, 1)}
    assert truth == {(a, b): a & b for a in (0, 1) for b in (0, 1)}
    assert _key_text(gate) == "AND"

    update = perceptrons.question("lr-weight-update")
    w, b, eta, x, target = [0.2, -0.4], 0.0, 0.5, [1, 1], 1
    error = target - step(w[0] * x[0] + w[1] * x[1] + b)
    new_w = [round(wi + eta * error * xi, 6) for wi, xi in zip(w, x, strict=True)]
    new_b = b + eta * error
    assert _key_text(update) == f"w = [{new_w[0]:g}, {new_w[1]:g}], b = {new_b:g}"


def _key_is_strictly(question: Question, *, longest: bool) -> bool:
    key = len(_key_text(question))
    others = [len(o.text) for o in question.options if not o.correct]
    return all(n < key for n in others) if longest else all(n > key for n in others)


def _key_text(question: Question) -> str:
    return next(o.text for o in question.options if o.correct)


def test_perceptrons_lesson(perceptrons: Lesson) -> None:
    assert perceptrons.lesson.id == "perceptrons"
    assert perceptrons.lesson.title == (
        "Introduction to Neural Networks: Perceptrons and Activation Functions"
    )
    assert (perceptrons.lesson.subject, perceptrons.lesson.level) == (
        "Computer Science",
        "Grade 12",
    )
    assert 3 <= len(perceptrons.objectives) <= 4
    assert len(perceptrons.vocabulary) >= 8
    assert 2 <= len(perceptrons.patterns) <= 3
    assert len(perceptrons.questions) >= 10
    per_objective = Counter(o for q in perceptrons.questions for o in q.objectives)
    assert all(per_objective[o.id] >= 2 for o in perceptrons.objectives), per_objective
    assert [q.id for q in perceptrons.questions if q.simulation is not None] == []
    patterns = " ".join(
        f"{p.formula} {p.explanation} {' '.join(p.steps)}" for p in perceptrons.patterns
    )
    for fact in ("step(w·x + b)", "w ← w + η·(t − y)·x", "≤ 0.25", "max(0, s)", "(−1, 1)"):
        assert fact in patterns, fact


def test_question_ids_are_unique_across_the_shipped_banks() -> None:
    ids = [q.id for q in load_bank([BANK_DIR]).questions]
    assert len(ids) == len(set(ids))
