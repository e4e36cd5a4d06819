"""Forms learners fill in: signing up, editing their profile, checking a certificate,
answering a quiz.

Account forms build on Django's own (`UserCreationForm`), so password rules,
hashing and username checks stay Django's.
"""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from courses.grading import SHORT_ANSWER_MAX_LENGTH
from courses.models import Country, LearnerProfile, Organisation
from courses.models.learning import (
    CERTIFICATE_CODE_ALPHABET,
    CERTIFICATE_CODE_LENGTH,
)

# People copy codes with the dashes printed on the certificate, or with spaces.
CODE_SEPARATORS = re.compile(r"[\s\-]+")


def email_taken(email, exclude_user=None):
    """Whether another account already uses this e-mail address (any case).

    Password reset mails every account with the address, so two accounts sharing
    one would let either reset the other's password.
    """
    users = get_user_model().objects.filter(email__iexact=email)
    if exclude_user is not None:
        users = users.exclude(pk=exclude_user.pk)
    return users.exists()


class SignupForm(UserCreationForm):
    """A new learner's account: user name, e-mail address and password."""

    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="We send password reset links here, nothing else.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email_taken(email):
            raise forms.ValidationError(
                "An account with this e-mail address already exists. "
                "Log in, or reset your password if you have forgotten it."
            )
        return email


class LearnerProfileForm(forms.ModelForm):
    """How a learner is named on certificates, and where they come from."""

    country = forms.ModelChoiceField(
        queryset=Country.objects.all(),
        required=False,
        empty_label="Not given",
        widget=forms.Select(attrs={"autocomplete": "country-name"}),
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="Not given",
        widget=forms.Select(attrs={"autocomplete": "organization"}),
    )

    class Meta:
        model = LearnerProfile
        fields = ("display_name", "country", "organisation")
        labels = {"display_name": "Your name as it should appear on certificates"}
        help_texts = {
            "country": "Optional. Lets course reports be broken down by country; "
            "only the people who run your courses see it.",
            "organisation": "Optional. Lets course reports be broken down by "
            "organisation; only the people who run your courses see it.",
        }
        widgets = {"display_name": forms.TextInput(attrs={"autocomplete": "name"})}


class AccountEmailForm(forms.ModelForm):
    """A learner's e-mail address, edited beside their profile."""

    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta:
        model = get_user_model()
        fields = ("email",)

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email_taken(email, exclude_user=self.instance):
            raise forms.ValidationError(
                "Another account already uses this e-mail address."
            )
        return email


def normalise_certificate_code(value):
    """A code as stored: capitals, without the dashes or spaces people type."""
    return CODE_SEPARATORS.sub("", value or "").upper()


def is_well_formed_certificate_code(code):
    return len(code) == CERTIFICATE_CODE_LENGTH and all(
        character in CERTIFICATE_CODE_ALPHABET for character in code
    )


class VerifyCertificateForm(forms.Form):
    """The code printed on a certificate, as anyone may type it."""

    code = forms.CharField(
        label="Verification code",
        max_length=40,
        help_text="The 12 letters and digits printed on the certificate, "
        "for example ABCD-EFGH-JKLM. Dashes and spaces are optional.",
        error_messages={"required": "Enter the code printed on the certificate."},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "size": 20}
        ),
    )

    def clean_code(self):
        code = normalise_certificate_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError("Enter the code printed on the certificate.")
        if not is_well_formed_certificate_code(code):
            raise forms.ValidationError(
                "This is not a certificate code. Codes have 12 letters and digits "
                "(no 0, 1, I or O), for example ABCD-EFGH-JKLM."
            )
        return code


TRUE_FALSE_CHOICES = [("true", "True"), ("false", "False")]
ANSWER_FIELD_PREFIX = "q-"


class QuizAnswerForm(forms.Form):
    """The answers to one attempt's frozen questions, with no field left required.

    Field names carry only the question's id (and, for a matching item, its place
    in the list), and choices only their ids: nothing in the form tells a right
    answer from a wrong one. Unanswered questions simply earn no points.
    """

    def __init__(self, questions, *args, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.fields_by_question = {}
        for question in questions:
            names = []
            for name, field, initial in self.question_fields(question, answers or {}):
                field.required = False
                self.fields[name] = field
                if initial not in (None, "", [], {}):
                    self.initial[name] = initial
                names.append(name)
            self.fields_by_question[question["id"]] = names

    @staticmethod
    def question_fields(question, answers):
        """(field name, field, initial value) for each input the question needs."""
        name = ANSWER_FIELD_PREFIX + question["id"]
        answer = answers.get(question["id"])
        kind = question["type"]
        label = question["question"]
        if kind in ("single_choice", "multiple_choice"):
            choices = [(choice["id"], choice["text"]) for choice in question["choices"]]
            if kind == "single_choice":
                field = forms.ChoiceField(
                    label=label, choices=choices, widget=forms.RadioSelect
                )
            else:
                field = forms.MultipleChoiceField(
                    label=label, choices=choices, widget=forms.CheckboxSelectMultiple
                )
            yield name, field, answer
        elif kind == "true_false":
            yield (
                name,
                forms.ChoiceField(
                    label=label, choices=TRUE_FALSE_CHOICES, widget=forms.RadioSelect
                ),
                answer,
            )
        elif kind == "matching":
            options = [("", "Choose a match")] + [
                (option["id"], option["text"]) for option in question["options"]
            ]
            for position, item in enumerate(question["items"], start=1):
                yield (
                    f"{name}-{position}",
                    forms.ChoiceField(label=item["text"], choices=options),
                    (answer or {}).get(item["id"]),
                )
        elif kind == "short_text":
            yield (
                name,
                forms.CharField(label=label, max_length=SHORT_ANSWER_MAX_LENGTH),
                answer,
            )

    def unknown_fields(self):
        """Answer fields in the submission that are not questions of this attempt."""
        return sorted(
            key
            for key in self.data
            if key.startswith(ANSWER_FIELD_PREFIX) and key not in self.fields
        )

    def answers(self):
        """The cleaned answers in the server's terms, keyed by question id."""
        answers = {}
        for question in self.questions:
            names = self.fields_by_question[question["id"]]
            if question["type"] == "matching":
                chosen = {
                    item["id"]: self.cleaned_data[name]
                    for item, name in zip(question["items"], names, strict=True)
                    if self.cleaned_data[name]
                }
                value = chosen
            elif question["type"] == "multiple_choice":
                value = sorted(self.cleaned_data[names[0]])
            else:
                value = self.cleaned_data[names[0]]
            if value not in (None, "", [], {}):
                answers[question["id"]] = value
        return answers

    def questions_with_fields(self):
        """(question, its bound fields) in the order shown, for templates."""
        return [
            (question, [self[name] for name in self.fields_by_question[question["id"]]])
            for question in self.questions
        ]


class JoinLiveSessionForm(forms.Form):
    """Joining a live session: its code, and how to appear (a learner appears as themself)."""

    code = forms.CharField(
        label="Session code",
        max_length=20,
        help_text="Six letters and digits, as shown by your facilitator.",
    )
    display_name = forms.CharField(
        label="Your name, as others will see it", max_length=80, required=False
    )
    country = forms.ModelChoiceField(
        queryset=Country.objects.all(), required=False, empty_label="Not given"
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), required=False, empty_label="Not given"
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        self.session = None
        if self.user is not None:
            for name in ("display_name", "country", "organisation"):
                del self.fields[name]

    def clean_code(self):
        from courses.models.live import LiveSession, normalise_join_code

        code = normalise_join_code(self.cleaned_data["code"])
        session = LiveSession.objects.filter(code=code).first()
        if session is None:
            raise forms.ValidationError(
                "No session has that code. Check it with your facilitator.",
                code="unknown",
            )
        if not session.running:
            raise forms.ValidationError(
                "That session has ended; it takes no more participants.",
                code="ended",
            )
        self.session = session
        return code

    def clean_display_name(self):
        name = " ".join(self.cleaned_data.get("display_name", "").split())
        if not name:
            raise forms.ValidationError("Enter the name others will see.")
        return name

    def participant_fields(self):
        if self.user is not None:
            profile = getattr(self.user, "learner_profile", None)
            return {
                "display_name": (profile and profile.display_name)
                or self.user.get_username(),
                "country": profile and profile.country,
                "organisation": profile and profile.organisation,
            }
        return {
            "display_name": self.cleaned_data["display_name"],
            "country": self.cleaned_data["country"],
            "organisation": self.cleaned_data["organisation"],
        }


class PlenaryAnswerForm(forms.Form):
    """An answer to a plenary question, live or self-paced, in the form its kind takes."""

    def __init__(self, *args, question, answer=None, **kwargs):
        from courses.models import PlenaryQuestionPage
        from courses.models.live import ANSWER_MAX_LENGTH

        super().__init__(*args, **kwargs)
        self.question = question
        kind = PlenaryQuestionPage.ResponseKind
        if question.response_kind == kind.SINGLE_CHOICE:
            self.fields["choice"] = forms.ModelChoiceField(
                queryset=question.choices.all(),
                widget=forms.RadioSelect,
                empty_label=None,
                label="Your answer",
            )
            initial = answer.choice_id if answer else None
            self.initial["choice"] = initial
        elif question.response_kind == kind.RATING:
            self.fields["rating"] = forms.TypedChoiceField(
                choices=[(v, v) for v in question.rating_values],
                coerce=int,
                widget=forms.RadioSelect,
                label="Your rating",
            )
            self.initial["rating"] = answer.rating if answer else None
        else:
            self.fields["text"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=ANSWER_MAX_LENGTH,
                label="Your answer",
            )
            self.initial["text"] = answer.text if answer else ""

    def answer_fields(self):
        return {
            "text": self.cleaned_data.get("text", ""),
            "choice": self.cleaned_data.get("choice"),
            "rating": self.cleaned_data.get("rating"),
        }


class AudienceQuestionForm(forms.Form):
    """A question for the facilitator, anonymous if the session allows it."""

    text = forms.CharField(
        label="Your question for the facilitator",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=300,
    )
    anonymous = forms.BooleanField(label="Ask without my name", required=False)

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        if not session.anonymous_questions:
            del self.fields["anonymous"]
