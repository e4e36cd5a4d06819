"""Quiz grading, on the server only.

`snapshot_questions` freezes a quiz's questions when an attempt starts: the order
and choices the learner is shown, and the answer key, all as plain JSON stored on
the attempt. `grade` scores answers against that frozen copy, so a quiz edited
after an attempt started changes neither its grading nor its result page.
`tag_scores` sums the points by innovation principle and strategy.

Answers are kept in the server's terms, keyed by the question blocks' stable ids:
a choice id (single choice), a list of choice ids (multiple choice), "true" or
"false", {item id: chosen option id} (matching), or the text typed (short text).
"""

import random
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from courses.blocks import MatchingQuestionBlock
from courses.models.snippets import InnovationPrinciple, InnovationStrategy

SHORT_ANSWER_MAX_LENGTH = 200
TWO_PLACES = Decimal("0.01")


def normalise_text_answer(text):
    """Case and spacing do not matter: ' Whole-of-Government ' == 'whole-of-government'."""
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def tag_list(snippets):
    return [{"id": snippet.pk, "name": snippet.name} for snippet in snippets if snippet]


def framework_pairs(source):
    """Matching pairs from the principles (with descriptions) or strategies (examples)."""
    if source == MatchingQuestionBlock.MATCH_PRINCIPLES:
        return [
            {"id": f"principle-{p.pk}", "item": p.name, "match": p.description}
            for p in InnovationPrinciple.objects.all()
        ]
    return [
        {"id": f"strategy-{s.pk}", "item": s.name, "match": s.example}
        for s in InnovationStrategy.objects.exclude(example="")
    ]


def shuffled(items, rng):
    items = list(items)
    rng.shuffle(items)
    return items


def deranged(items, rng):
    """Shuffled so that no item keeps its place: matching options never line up."""
    items = list(items)
    if len(items) < 2:
        return items
    while True:
        order = shuffled(items, rng)
        if all(a["id"] != b["id"] for a, b in zip(order, items, strict=True)):
            return order


def snapshot_questions(quiz, rng=None):
    """The quiz's questions as this attempt shows and grades them (plain JSON)."""
    rng = rng or random.SystemRandom()
    questions = []
    framework_cache = {}
    for block in quiz.questions:
        value = block.value
        question = {
            "id": block.id,
            "type": block.block_type,
            "question": value["question"],
            "points": value["points"],
            "explanation": value["explanation"],
            "principles": tag_list(value["principles"]),
            "strategies": tag_list(value["strategies"]),
        }
        if block.block_type in ("single_choice", "multiple_choice"):
            choices = [
                {"id": child.id, "text": child.value["text"]}
                for child in value["choices"].bound_blocks
            ]
            question["key"] = [
                child.id
                for child in value["choices"].bound_blocks
                if child.value["correct"]
            ]
            question["choices"] = (
                shuffled(choices, rng) if quiz.shuffle_choices else choices
            )
            if block.block_type == "multiple_choice":
                question["scoring"] = value["scoring"]
        elif block.block_type == "true_false":
            question["key"] = value["correct_answer"]
        elif block.block_type == "matching":
            source = value["source"]
            if source == "pairs":
                pairs = [
                    {"id": child.id, **child.value}
                    for child in value["pairs"].bound_blocks
                ]
            else:
                if source not in framework_cache:
                    framework_cache[source] = framework_pairs(source)
                pairs = framework_cache[source]
            items = [{"id": pair["id"], "text": pair["item"]} for pair in pairs]
            options = [{"id": pair["id"], "text": pair["match"]} for pair in pairs]
            question["items"] = shuffled(items, rng) if quiz.shuffle_choices else items
            question["options"] = deranged(options, rng)
        elif block.block_type == "short_text":
            accepted = [str(answer) for answer in value["accepted_answers"]]
            question["accepted"] = accepted
            question["key"] = sorted({normalise_text_answer(a) for a in accepted})
        questions.append(question)
    if quiz.shuffle_questions:
        questions = shuffled(questions, rng)
    return questions


def max_score(questions):
    return sum(question["points"] for question in questions)


def fraction_right(question, answer):
    """How much of the question's points the answer earns, from 0 to 1."""
    kind = question["type"]
    if answer in (None, "", [], {}):
        return 0.0
    if kind == "single_choice":
        return 1.0 if [answer] == question["key"] else 0.0
    if kind == "multiple_choice":
        chosen, key = set(answer), set(question["key"])
        if question.get("scoring") == "partial":
            right, wrong = len(chosen & key), len(chosen - key)
            return max(0.0, (right - wrong) / len(key))
        return 1.0 if chosen == key else 0.0
    if kind == "true_false":
        return 1.0 if answer == question["key"] else 0.0
    if kind == "matching":
        items = question["items"]
        right = sum(1 for item in items if answer.get(item["id"]) == item["id"])
        return right / len(items) if items else 0.0
    if kind == "short_text":
        return 1.0 if normalise_text_answer(answer) in question["key"] else 0.0
    raise ValueError(f"Unknown question type {kind!r}")


def grade(questions, answers):
    """(results by question id, total score) for `answers` to the frozen `questions`."""
    results, total = {}, Decimal(0)
    for question in questions:
        answer = answers.get(question["id"])
        fraction = fraction_right(question, answer)
        earned = (Decimal(question["points"]) * Decimal(fraction)).quantize(
            TWO_PLACES, rounding=ROUND_HALF_UP
        )
        total += earned
        results[question["id"]] = {
            "earned": str(earned),
            "points": question["points"],
            "correct": fraction == 1.0,
            "answered": answer not in (None, "", [], {}),
        }
    return results, total


def is_pass(score, maximum, pass_mark):
    if not maximum:
        return False
    return Decimal(score) * 100 >= Decimal(pass_mark) * maximum


@dataclass
class TagScore:
    """Points earned on the questions about one principle or strategy."""

    kind: str  # "principle" or "strategy"
    id: int
    name: str
    earned: Decimal = Decimal(0)
    points: int = 0

    @property
    def percent(self):
        return round(100 * self.earned / self.points) if self.points else 0


def tag_scores(questions, results):
    """Scores per principle and per strategy, in the frameworks' order of appearance."""
    scores = {}
    for question in questions:
        result = results.get(question["id"])
        if result is None:
            continue
        for kind, field in (("principle", "principles"), ("strategy", "strategies")):
            for tag in question[field]:
                key = (kind, tag["id"])
                score = scores.setdefault(key, TagScore(kind, tag["id"], tag["name"]))
                score.earned += Decimal(result["earned"])
                score.points += result["points"]
    return list(scores.values())
