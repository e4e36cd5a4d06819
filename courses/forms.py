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
