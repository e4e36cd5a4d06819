"""Forms learners fill in: signing up, editing their profile, checking a certificate.

Account forms build on Django's own (`UserCreationForm`), so password rules,
hashing and username checks stay Django's.
"""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

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
