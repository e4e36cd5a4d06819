"""Taking a quiz the way a learner's browser does, for quiz tests."""

import re

from courses.models import QuizAttempt


def start_token(client, quiz):
    """The start form's token, as the quiz page hands it to the learner."""
    html = client.get(quiz.url).content.decode()
    return re.search(r'name="start_token" value="([^"]+)"', html).group(1)


def start(client, quiz):
    """Start an attempt through the quiz page's form; returns the attempt."""
    response = client.post(
        quiz.url + quiz.reverse_subpage("start"),
        {"start_token": start_token(client, quiz)},
    )
    assert response.status_code == 302, response.content.decode()
    return QuizAttempt.objects.filter(quiz=quiz).latest("pk")


def answers_for(attempt, right=True):
    """POST data answering every question, all right or all wrong."""
    data = {"attempt": attempt.pk, "sequence": attempt.sequence, "action": "submit"}
    for question in attempt.questions:
        name = "q-" + question["id"]
        kind = question["type"]
        if kind in ("single_choice", "multiple_choice"):
            ids = [choice["id"] for choice in question["choices"]]
            chosen = (
                question["key"]
                if right
                else [i for i in ids if i not in question["key"]][:1]
            )
            data[name] = chosen if kind == "multiple_choice" else chosen[0]
        elif kind == "true_false":
            flip = {"true": "false", "false": "true"}
            data[name] = question["key"] if right else flip[question["key"]]
        elif kind == "short_text":
            data[name] = question["accepted"][0] if right else "something else"
        elif kind == "matching":
            options = [option["id"] for option in question["options"]]
            for position, item in enumerate(question["items"], start=1):
                wrong = next(o for o in options if o != item["id"])
                data[f"{name}-{position}"] = item["id"] if right else wrong
    return data


def submit(client, attempt, data):
    return client.post(attempt.get_absolute_url(), data)
