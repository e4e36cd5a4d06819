"""Learner accounts: sign-up and profile editing.

Logging in and out and password changes and resets are Django's own views
(`django.contrib.auth.urls`, with templates in `templates/registration/`).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from courses.forms import AccountEmailForm, LearnerProfileForm, SignupForm
from courses.models import LearnerProfile
from courses.progress import learner_name


def safe_next_url(request):
    """The `next` address a form carried, if it stays on this site."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        next_url,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return next_url
    return ""


def signup(request):
    """Create a learner's account and profile together, then log them in."""
    if request.user.is_authenticated:
        return redirect(safe_next_url(request) or settings.LOGIN_REDIRECT_URL)

    if request.method == "POST":
        user_form = SignupForm(request.POST)
        profile_form = LearnerProfileForm(request.POST)
        # Both forms are checked so that every mistake is shown at once.
        if all([user_form.is_valid(), profile_form.is_valid()]):
            with transaction.atomic():
                user = user_form.save()
                profile = profile_form.save(commit=False)
                profile.user = user
                profile.save()
            login(request, user)
            messages.success(request, f"Welcome, {profile.display_name}.")
            return redirect(safe_next_url(request) or settings.LOGIN_REDIRECT_URL)
    else:
        user_form = SignupForm()
        profile_form = LearnerProfileForm()

    return render(
        request,
        "registration/signup.html",
        {
            "user_form": user_form,
            "profile_form": profile_form,
            "forms": [user_form, profile_form],
            "next": safe_next_url(request),
        },
    )


@login_required
def profile(request):
    """A learner's name, country, organisation and e-mail address."""
    # Accounts made before profiles existed (editors, the admin) get one on save.
    learner_profile = LearnerProfile.objects.filter(user=request.user).first()
    if learner_profile is None:
        learner_profile = LearnerProfile(
            user=request.user, display_name=learner_name(request.user)
        )

    if request.method == "POST":
        account_form = AccountEmailForm(request.POST, instance=request.user)
        profile_form = LearnerProfileForm(request.POST, instance=learner_profile)
        if all([account_form.is_valid(), profile_form.is_valid()]):
            with transaction.atomic():
                account_form.save()
                profile_form.save()
            messages.success(request, "Your profile is saved.")
            return redirect("profile")
    else:
        account_form = AccountEmailForm(instance=request.user)
        profile_form = LearnerProfileForm(instance=learner_profile)

    return render(
        request,
        "registration/profile.html",
        {
            "account_form": account_form,
            "profile_form": profile_form,
            "forms": [profile_form, account_form],
        },
    )
