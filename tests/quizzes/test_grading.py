"""Grading rules, answer keys editors cannot get wrong, and frozen question copies."""

import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from courses.blocks import (
    MatchingQuestionBlock,
    MultipleChoiceQuestionBlock,
    SingleChoiceQuestionBlock,
)
from courses.grading import (
    deranged,
    fraction_right,
    grade,
    is_pass,
    normalise_text_answer,
    snapshot_questions,
    tag_scores,
)
from tests.builders import get_principle, get_strategy, make_quiz, single_choice


def choice_question(kind, key, choices=("a", "b", "c", "d"), scoring=None):
    question = {
        "id": "q",
        "type": kind,
        "points": 2,
        "choices": [{"id": c, "text": c.upper()} for c in choices],
        "key": list(key),
    }
    if scoring:
        question["scoring"] = scoring
    return question


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("a", 1.0), ("b", 0.0), (None, 0.0), ("", 0.0)],
)
def test_single_choice_is_right_only_with_the_key(answer, expected):
    assert fraction_right(choice_question("single_choice", ["a"]), answer) == expected


@pytest.mark.parametrize(
    ("scoring", "answer", "expected"),
    [
        ("all_or_nothing", ["a", "b"], 1.0),
        ("all_or_nothing", ["a"], 0.0),
        ("all_or_nothing", ["a", "b", "c"], 0.0),
        ("partial", ["a"], 0.5),
        ("partial", ["a", "b"], 1.0),
        ("partial", ["a", "c"], 0.0),  # a wrong choice cancels a right one
        ("partial", ["c", "d"], 0.0),  # never below nothing
        ("partial", ["a", "b", "c", "d"], 0.0),  # ticking everything earns nothing
    ],
)
def test_multiple_choice_scoring(scoring, answer, expected):
    question = choice_question("multiple_choice", ["a", "b"], scoring=scoring)
    assert fraction_right(question, answer) == expected


def test_matching_earns_a_share_per_right_pair():
    question = {
        "type": "matching",
        "items": [{"id": "x"}, {"id": "y"}, {"id": "z"}, {"id": "w"}],
        "options": [],
    }
    assert fraction_right(question, {"x": "x", "y": "y", "z": "w"}) == 0.5


@pytest.mark.parametrize(
    "typed", ["Whole-of-government", "  whole-of-GOVERNMENT ", "whole-of-government"]
)
def test_short_text_ignores_case_and_spacing(typed):
    question = {"type": "short_text", "key": ["whole-of-government"]}
    assert fraction_right(question, typed) == 1.0
    assert normalise_text_answer("a \t b\n c") == "a b c"
    assert fraction_right(question, "whole of government") == 0.0


def test_grade_totals_points_and_pass_mark_is_inclusive():
    questions = [
        choice_question("single_choice", ["a"]) | {"id": "one"},
        choice_question("multiple_choice", ["a", "b"], scoring="partial")
        | {"id": "two", "points": 3},
    ]
    results, score = grade(questions, {"one": "a", "two": ["a"]})
    assert score == Decimal("3.50")
    assert results["two"] == {
        "earned": "1.50",
        "points": 3,
        "correct": False,
        "answered": True,
    }
    assert is_pass(Decimal("3.50"), 5, 70)
    assert not is_pass(Decimal("3.49"), 5, 70)
    assert not is_pass(0, 0, 0)


def test_tag_scores_sum_points_per_principle_and_strategy():
    access = {"id": 1, "name": "Access"}
    process = {"id": 3, "name": "Process innovation"}
    questions = [
        {"id": "a", "principles": [access], "strategies": []},
        {"id": "b", "principles": [access], "strategies": [process]},
    ]
    results = {
        "a": {"earned": "2.00", "points": 2},
        "b": {"earned": "0.00", "points": 2},
    }
    scores = {(s.kind, s.name): s.percent for s in tag_scores(questions, results)}
    assert scores == {
        ("principle", "Access"): 50,
        ("strategy", "Process innovation"): 0,
    }


@pytest.mark.parametrize(
    ("block", "value", "field"),
    [
        (
            SingleChoiceQuestionBlock(),
            {
                "choices": [
                    {"text": "a", "correct": True},
                    {"text": "b", "correct": True},
                ]
            },
            "choices",
        ),
        (
            SingleChoiceQuestionBlock(),
            {"choices": [{"text": "a", "correct": False}, {"text": "b"}]},
            "choices",
        ),
        (
            MultipleChoiceQuestionBlock(),
            {"choices": [{"text": "a"}, {"text": "b"}]},
            "choices",
        ),
        (
            MatchingQuestionBlock(),
            {"source": "pairs", "pairs": [{"item": "x", "match": "y"}]},
            "pairs",
        ),
        (
            MatchingQuestionBlock(),
            {
                "source": "pairs",
                "pairs": [
                    {"item": "x", "match": "Same"},
                    {"item": "y", "match": "same"},
                ],
            },
            "pairs",
        ),
    ],
)
def test_an_answer_key_that_cannot_be_graded_is_refused(block, value, field):
    value = block.to_python({"question": "Q?", "points": 1, **value})
    with pytest.raises(ValidationError) as raised:
        block.clean(value)
    assert field in raised.value.block_errors


def test_deranged_never_leaves_an_item_in_place():
    items = [{"id": n} for n in range(5)]
    rng = random.Random(7)
    for _ in range(200):
        assert all(
            a["id"] != b["id"] for a, b in zip(deranged(items, rng), items, strict=True)
        )


def test_snapshot_freezes_framework_pairs_tags_and_the_key(module):
    access = get_principle(1, "Access")
    get_principle(2, "Quality")
    strategy = get_strategy(3, "Process innovation")
    quiz = make_quiz(
        module,
        questions=[
            single_choice("Which?", "Yes", ["No"], strategies=[strategy]),
            (
                "matching",
                {"question": "Match", "source": "principles", "principles": [access]},
            ),
        ],
        shuffle_choices=True,
    )
    questions = snapshot_questions(quiz, random.Random(1))
    single, matching = questions
    assert single["strategies"] == [{"id": strategy.pk, "name": "Process innovation"}]
    assert len(single["key"]) == 1 and single["key"][0] in [
        c["id"] for c in single["choices"]
    ]
    assert {item["text"] for item in matching["items"]} == {"Access", "Quality"}
    assert {o["text"] for o in matching["options"]} == {
        access.description,
        "About Quality.",
    }
    assert matching["principles"] == [{"id": access.pk, "name": "Access"}]
