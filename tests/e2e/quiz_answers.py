"""The demo quizzes' answer key, and answering an attempt's form as a learner does.

The key is read from the demo content (courses/demo/quizzes.py, and the principles
and strategies in courses/demo/content.py that matching questions draw on), which
needs no database. The form is answered by what it shows: each question is found
by its wording, whatever order the attempt shows the questions in, and each answer
is picked by its label, whatever order the choices are shuffled into.
"""

import re
from dataclasses import dataclass

from playwright.sync_api import expect

from courses.demo.content import PRINCIPLES, STRATEGIES
from courses.demo.quizzes import final_assessment, module_quiz

QUESTION_GROUP = re.compile(r"^Question \d+\b")
WRONG_SHORT_ANSWER = "I am not sure"


@dataclass(frozen=True)
class Question:
    """One demo question: its type, wording, points, tags and answer key."""

    kind: str
    text: str
    points: int
    principles: tuple
    strategies: tuple
    value: dict

    @property
    def tags(self):
        return self.principles + self.strategies

    def right_choices(self):
        return [c["text"] for c in self.value["choices"] if c["correct"]]

    def wrong_choices(self):
        return [c["text"] for c in self.value["choices"] if not c["correct"]]

    def pairs(self):
        """(item, its match) of a matching question, as the quiz builds them."""
        source = self.value["source"]
        if source == "principles":
            return [(p["name"], p["description"]) for p in PRINCIPLES]
        if source == "strategies":
            return [(s["name"], s["example"]) for s in STRATEGIES if s.get("example")]
        return [(pair["item"], pair["match"]) for pair in self.value["pairs"]]


@dataclass(frozen=True)
class QuizKey:
    title: str
    questions: tuple

    @property
    def max_score(self):
        return sum(question.points for question in self.questions)

    def score(self, right):
        """The points earned when exactly the questions `right` accepts are right
        (a wrong answer, as `answer_question` gives it, earns nothing)."""
        return sum(question.points for question in self.questions if right(question))

    def question(self, text):
        for question in self.questions:
            if question.text == text:
                return question
        raise AssertionError(f"{self.title!r} has no question {text!r}")


def quiz_key(spec):
    return QuizKey(
        title=spec.title,
        questions=tuple(
            Question(
                kind=kind,
                text=value["question"],
                points=value["points"],
                principles=tuple(ref.name for ref in value["principles"]),
                strategies=tuple(ref.name for ref in value["strategies"]),
                value=value,
            )
            for kind, value in spec.fields["questions"]
        ),
    )


MODULE_QUIZ_KEY = quiz_key(module_quiz())
FINAL_ASSESSMENT_KEY = quiz_key(final_assessment())


def everything(question):
    return True


def poor_answers(question):
    """A poor attempt at the module quiz: right on the principles other than
    Access, wrong on Access and on every strategy. 9 of 23 points (39%), with
    Access and the five strategies below the pass mark."""
    return bool(question.principles) and question.principles != ("Access",)


def label(text):
    """A form label's text; Django's label_tag ends a label with a colon."""
    return re.compile("^" + re.escape(text) + ":?$")


def answer_question(group, question, right):
    """Answer one question (its fieldset, `group`) right, or wrong for no points."""
    kind = question.kind
    if kind == "single_choice":
        choice = question.right_choices()[0] if right else question.wrong_choices()[0]
        group.get_by_label(choice, exact=True).check()
    elif kind == "multiple_choice":
        # Only wrong choices earn nothing under partial scoring too.
        for choice in question.right_choices() if right else question.wrong_choices():
            group.get_by_label(choice, exact=True).check()
    elif kind == "true_false":
        key = question.value["correct_answer"]
        if not right:
            key = {"true": "false", "false": "true"}[key]
        group.get_by_label(key.capitalize(), exact=True).check()
    elif kind == "short_text":
        answer = question.value["accepted_answers"][0] if right else WRONG_SHORT_ANSWER
        group.get_by_label("Your answer").fill(answer)
    elif kind == "matching":
        pairs = question.pairs()
        # Wrong: every item gets the next item's match.
        matches = [match for _, match in pairs]
        if not right:
            matches = matches[1:] + matches[:1]
        for (item, _), match in zip(pairs, matches, strict=True):
            group.get_by_label(label(item)).select_option(label=match)
    else:
        raise AssertionError(f"no way to answer a {kind} question")


def question_groups(page):
    """The attempt form's questions: a fieldset each, named by its legend."""
    return page.get_by_role("group", name=QUESTION_GROUP)


def answer_attempt(page, key, right=everything):
    """Answer every question on the attempt form in view: right where `right`
    accepts the question, wrong elsewhere. Returns the questions in the order shown."""
    groups = question_groups(page)
    expect(groups).to_have_count(len(key.questions))
    shown = []
    for index in range(len(key.questions)):
        group = groups.nth(index)
        question = key.question(group.locator(".quiz-question__text").inner_text())
        answer_question(group, question, right(question))
        shown.append(question)
    return shown


def given_answers(page):
    """The answers the attempt form holds now, as (field name, value) pairs."""
    return page.locator("form.quiz-form").evaluate(
        "form => [...new FormData(form)].filter(([name]) => name.startsWith('q-'))"
    )


def outcome(page):
    """The result page's verdict: "Passed" or "Not passed yet"."""
    return page.get_by_role("heading", level=2, name=re.compile("^(Not )?[Pp]assed"))


def score_line(key, right):
    earned = key.score(right)
    percent = round(100 * earned / key.max_score)
    return f"You scored {earned} of {key.max_score} points ({percent}%)"


def pass_quiz(page, key):
    """On a quiz's page: start an attempt, answer everything right and submit."""
    expect(page.get_by_role("heading", level=1)).to_have_text(key.title)
    start = re.compile(r"^Start (the quiz|attempt \d+)$")
    page.get_by_role("button", name=start).click()
    answer_attempt(page, key)
    page.get_by_role("button", name="Submit answers").click()
    expect(outcome(page)).to_have_text("Passed")
    expect(page.locator(".quiz-outcome")).to_contain_text(score_line(key, everything))
