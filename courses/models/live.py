"""Live sessions: a facilitator presents a module and participants follow and answer.

The shared state of a session (the current step, whether responses are open,
whether results are shown) lives in the database, never in one process's memory,
so every gunicorn worker and every host serves the same session. `version` goes up
with every change; participants poll for it (with ETag / If-None-Match) and fetch
what changed.
"""

import secrets
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import F
from django.utils import timezone

# Six characters without look-alikes (no 0/O, 1/I/L): about 700 million codes.
JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 6
ANSWER_MAX_LENGTH = 500
# A poll may cache a state read just before a change lands; keeping entries this
# briefly bounds how long such a stale entry can last.
STATE_CACHE_SECONDS = 2
DISPLAY_NAME_MAX_LENGTH = 80
# A session's outline is cached per version; a new version gets a new entry, so
# this only bounds how long a finished one lingers.
OUTLINE_CACHE_SECONDS = 60 * 60


def new_join_code():
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(text):
    """What people type ('abc 234', 'ABC-234') as the code is stored."""
    return "".join(ch for ch in str(text).upper() if ch.isalnum())[:JOIN_CODE_LENGTH]


FACILITATORS_GROUP = "Facilitators"


def can_facilitate(user, module):
    if not user.is_authenticated:
        return False
    if user.groups.filter(name=FACILITATORS_GROUP).exists():
        return True
    return module.permissions_for_user(user).can_edit()


def can_control(user, session):
    """The session's facilitator, or an editor of its module."""
    if not user.is_authenticated:
        return False
    if session.facilitator_id == user.pk:
        return True
    return session.module.permissions_for_user(user).can_edit()


def state_cache_key(code):
    return f"live-state:{code}"


def live_steps(module):
    """The slides and plenary questions a session walks through, in tree order."""
    return [step for step in module.get_sequence() if step.step_kind != "quiz"]


class Step(NamedTuple):
    """One step of a session's outline: what a participant's screen needs to know
    about the steps around the current one, without loading the pages."""

    pk: int
    title: str
    kind: str


class LiveSessionQuerySet(models.QuerySet):
    def running(self):
        return self.filter(ended_at__isnull=True)

    def for_module(self, module):
        return self.filter(module=module)


class LiveSession(models.Model):
    """One live run of a module, led by a facilitator."""

    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.PROTECT, related_name="live_sessions"
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(max_length=JOIN_CODE_LENGTH, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    current_step = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responses_open = models.BooleanField(default=False)
    results_shown = models.BooleanField(default=False)
    follow_locked_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Until then, participants cannot page away from the current slide.",
    )
    anonymous_questions = models.BooleanField(
        default=True, help_text="Participants may ask questions without their name."
    )
    version = models.PositiveIntegerField(default=1)

    objects = LiveSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"Live session {self.code} of module {self.module_id}"

    @property
    def running(self):
        return self.ended_at is None

    @property
    def formatted_code(self):
        return f"{self.code[:3]} {self.code[3:]}"

    def change(self, **fields):
        """Set fields and bump the version in one UPDATE; returns False if ended.

        The cached state is replaced after the write, so every worker's next poll
        sees the change.
        """
        updated = LiveSession.objects.filter(pk=self.pk, ended_at__isnull=True).update(
            version=F("version") + 1, **fields
        )
        self.refresh_from_db()
        cache.set(state_cache_key(self.code), self.shared_state(), STATE_CACHE_SECONDS)
        return bool(updated)

    def shared_state(self):
        """What every participant's screen depends on, as sent to their polls."""
        return {
            "version": self.version,
            "step": self.current_step_id,
            "responses_open": self.responses_open,
            "results_shown": self.results_shown,
            "ended": self.ended_at is not None,
            "locked": self.follow_locked,
        }

    def outline(self):
        """The session's steps as `Step`s, read once per version from the tree.

        Cached under the version, so hundreds of participants fetching the same new
        slide share one read of the module, and every change of the session picks
        up an editor's changes to the module.
        """
        key = f"live-outline:{self.code}:{self.version}"
        if self.__dict__.get("_outline", (None,))[0] == key:
            return self._outline[1]  # read already in this request
        steps = cache.get(key)
        if steps is None:
            steps = [
                Step(page.pk, page.title, page.step_kind)
                for page in live_steps(self.module)
            ]
            cache.set(key, steps, OUTLINE_CACHE_SECONDS)
        self._outline = (key, steps)
        return steps

    def step_page(self, pk):
        """A step of the outline as its specific page, in one query; None if it is
        not in the outline or no longer live."""
        from courses.models.tree import sequence_page_types

        pages = self.__dict__.setdefault("_step_pages", {})
        if pk not in pages:
            step = next((step for step in self.outline() if step.pk == pk), None)
            pages[pk] = None
            if step is not None:
                model = next(
                    m for m in sequence_page_types() if m.step_kind == step.kind
                )
                pages[pk] = next(iter(model.objects.filter(pk=pk, live=True)[:1]), None)
        return pages[pk]

    def question(self, pk):
        """The plenary question at step `pk` with just what its answer form needs,
        or None if that step is not a live question."""
        from courses.models.tree import PlenaryQuestionPage

        questions = self.__dict__.setdefault("_questions", {})
        if pk not in questions:
            found = PlenaryQuestionPage.objects.filter(pk=pk, live=True).only(
                "title",
                "prompt",
                "response_kind",
                "rating_scale",
                "rating_low_label",
                "rating_high_label",
            )
            questions[pk] = next(iter(found[:1]), None)
        return questions[pk]

    @property
    def follow_locked(self):
        until = self.follow_locked_until
        return bool(until and until > timezone.now())


class LiveParticipant(models.Model):
    """Someone who joined a session: a learner as themself, or a guest by name."""

    session = models.ForeignKey(
        LiveSession, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    display_name = models.CharField(max_length=DISPLAY_NAME_MAX_LENGTH)
    country = models.ForeignKey(
        "courses.Country",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "courses.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=models.Q(user__isnull=False),
                name="a_learner_joins_a_session_once",
            )
        ]

    def __str__(self):
        return self.display_name


class PlenaryAnswerFields(models.Model):
    """An answer to a plenary question, in whichever form its kind takes."""

    question = models.ForeignKey(
        "courses.PlenaryQuestionPage", on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(blank=True, max_length=ANSWER_MAX_LENGTH)
    choice = models.ForeignKey(
        "courses.PlenaryChoice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    @property
    def display(self):
        """The answer as text: the choice's label, the rating, or what was written."""
        if self.choice_id:
            return self.choice.label
        if self.rating is not None:
            return str(self.rating)
        return self.text


class LiveAnswer(PlenaryAnswerFields):
    """A participant's answer to a plenary question in a session (one each)."""

    session = models.ForeignKey(
        LiveSession, on_delete=models.CASCADE, related_name="answers"
    )
    participant = models.ForeignKey(
        LiveParticipant, on_delete=models.CASCADE, related_name="answers"
    )
    hidden = models.BooleanField(
        default=False, help_text="Hidden from the shared view; kept in the record."
    )
    published = models.BooleanField(
        default=False,
        help_text="Shown on the question's own page, so the discussion outlives the "
        "session.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "question"],
                name="one_answer_per_participant_and_question",
            )
        ]

    def __str__(self):
        return f"{self.participant} on question {self.question_id}"


AUDIENCE_QUESTION_MAX_LENGTH = 300


class AudienceQuestionQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(hidden=False)

    def by_votes(self):
        return self.annotate(votes=models.Count("upvotes")).order_by(
            "answered", "-votes", "asked_at"
        )


class AudienceQuestion(models.Model):
    """A question a participant sends the facilitator; others may upvote it."""

    session = models.ForeignKey(
        LiveSession, on_delete=models.CASCADE, related_name="audience_questions"
    )
    participant = models.ForeignKey(
        LiveParticipant, on_delete=models.CASCADE, related_name="questions_asked"
    )
    text = models.TextField(max_length=AUDIENCE_QUESTION_MAX_LENGTH)
    anonymous = models.BooleanField(default=False)
    answered = models.BooleanField(default=False)
    hidden = models.BooleanField(
        default=False, help_text="Hidden from the shared view; kept in the record."
    )
    asked_at = models.DateTimeField(default=timezone.now)

    objects = AudienceQuestionQuerySet.as_manager()

    def __str__(self):
        return self.text[:60]

    @property
    def asked_by(self):
        return "Anonymous" if self.anonymous else self.participant.display_name


class AudienceQuestionVote(models.Model):
    """One participant's upvote of an audience question (one each)."""

    question = models.ForeignKey(
        AudienceQuestion, on_delete=models.CASCADE, related_name="upvotes"
    )
    participant = models.ForeignKey(
        LiveParticipant, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["question", "participant"], name="one_upvote_per_participant"
            )
        ]

    def __str__(self):
        return f"{self.participant_id} upvotes {self.question_id}"


class PlenaryResponse(PlenaryAnswerFields):
    """A self-paced learner's answer to a plenary question, outside any session."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "question"],
                name="one_self_paced_response_per_learner_and_question",
            )
        ]

    def __str__(self):
        return f"{self.learner} on question {self.question_id}"
