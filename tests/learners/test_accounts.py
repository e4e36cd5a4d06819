"""Learner accounts: sign-up with a profile, logging in and out, password reset, profile."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from courses.models import Country, LearnerProfile, Organisation

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-1"


def signup_data(**overrides):
    data = {
        "username": "amina",
        "email": "amina@example.org",
        "password1": "Tunis-2015-workshop",
        "password2": "Tunis-2015-workshop",
        "display_name": "Amina Ben Salah",
        "country": "",
        "organisation": "",
    }
    data.update(overrides)
    return data


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


@pytest.fixture
def learner(django_user_model):
    user = django_user_model.objects.create_user(
        "amina", email="amina@example.org", password=PASSWORD
    )
    LearnerProfile.objects.create(user=user, display_name="Amina Ben Salah")
    return user


def test_signup_creates_user_and_profile_and_logs_in(client, django_user_model, home):
    country = Country.objects.create(name="Tunisia", iso_code="TN")
    organisation = Organisation.objects.create(name="ESCWA", acronym="ESCWA")

    response = client.post(
        reverse("signup"),
        signup_data(country=country.pk, organisation=organisation.pk),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("my_learning")
    user = django_user_model.objects.get(username="amina")
    assert user.email == "amina@example.org"
    assert user.check_password("Tunis-2015-workshop")
    profile = user.learner_profile
    assert profile.display_name == "Amina Ben Salah"
    assert profile.country == country
    assert profile.organisation == organisation
    assert int(logged_in_user_id(client)) == user.pk


def test_signup_page_has_labelled_fields_with_autocomplete(client, home):
    response = client.get(reverse("signup"))

    html = response.content.decode()
    assert response.status_code == 200
    for name in ("username", "email", "password1", "password2", "display_name"):
        assert f'<label for="id_{name}"' in html
    assert 'autocomplete="new-password"' in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="name"' in html


def test_signup_follows_a_safe_next_and_ignores_another_site(client, home):
    response = client.post(
        reverse("signup") + "?next=/courses/a-course/", signup_data()
    )
    assert response["Location"] == "/courses/a-course/"

    client.logout()
    response = client.post(
        reverse("signup"),
        signup_data(
            username="ben", email="ben@example.org", next="https://evil.example/"
        ),
    )
    assert response["Location"] == reverse("my_learning")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"password2": "Something-else-2"}, "password2"),
        ({"display_name": ""}, "display_name"),
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_bad_signup_shows_errors_and_creates_nothing(
    client, django_user_model, home, overrides, field
):
    response = client.post(reverse("signup"), signup_data(**overrides))

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    # The error is linked to its input for screen readers.
    assert f'id="id_{field}_error"' in html
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error', html)
    assert 'aria-invalid="true"' in html
    assert not django_user_model.objects.exists()
    assert not LearnerProfile.objects.exists()
    assert logged_in_user_id(client) is None


def test_signup_refuses_an_email_address_already_in_use(
    client, django_user_model, learner
):
    response = client.post(
        reverse("signup"), signup_data(username="other", email="AMINA@example.org")
    )

    assert "already exists" in response.content.decode()
    assert django_user_model.objects.count() == 1


def test_login_redirects_to_my_learning_and_logout_needs_post(client, learner, home):
    response = client.post(
        reverse("login"), {"username": "amina", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("my_learning")
    assert int(logged_in_user_id(client)) == learner.pk

    assert client.get(reverse("logout")).status_code == 405
    assert logged_in_user_id(client) is not None

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user_id(client) is None


def test_login_with_a_wrong_password_shows_an_error(client, learner, home):
    response = client.post(
        reverse("login"), {"username": "amina", "password": "wrong-password"}
    )

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_login_required_pages_send_visitors_to_the_learner_login(client, home):
    response = client.get(reverse("my_learning"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('my_learning')}"


def test_password_reset_mails_a_link_that_sets_a_new_password(
    client, learner, mailoutbox, home
):
    response = client.post(reverse("password_reset"), {"email": "amina@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["amina@example.org"]
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)

    # Django swaps the token in the link for one kept in the session.
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert "Choose a new password" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "Brand-new-pass-9", "new_password2": "Brand-new-pass-9"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")

    learner.refresh_from_db()
    assert learner.check_password("Brand-new-pass-9")
    # The link works once.
    response = client.get(link, follow=True)
    assert "This link no longer works" in response.content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing(client, mailoutbox, home):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert mailoutbox == []


def test_password_change(client, learner, home):
    client.force_login(learner)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Brand-new-pass-9",
            "new_password2": "Brand-new-pass-9",
        },
    )

    assert response["Location"] == reverse("password_change_done")
    learner.refresh_from_db()
    assert learner.check_password("Brand-new-pass-9")


def test_profile_edit_saves_name_country_organisation_and_email(client, learner, home):
    country = Country.objects.create(name="Republic of Korea", iso_code="KR")
    organisation = Organisation.objects.create(name="Asian Productivity Organization")
    client.force_login(learner)

    page = client.get(reverse("profile"))
    assert "Amina Ben Salah" in page.content.decode()
    response = client.post(
        reverse("profile"),
        {
            "display_name": "Dr Amina Ben Salah",
            "country": country.pk,
            "organisation": organisation.pk,
            "email": "amina.bensalah@example.org",
        },
    )

    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.email == "amina.bensalah@example.org"
    profile = learner.learner_profile
    assert profile.display_name == "Dr Amina Ben Salah"
    assert (profile.country, profile.organisation) == (country, organisation)


def test_profile_edit_with_bad_input_saves_nothing(client, learner, home):
    client.force_login(learner)

    response = client.post(
        reverse("profile"),
        {"display_name": "", "country": "", "organisation": "", "email": "new@x.org"},
    )

    assert response.status_code == 200
    assert 'id="id_display_name_error"' in response.content.decode()
    learner.refresh_from_db()
    assert learner.email == "amina@example.org"
    assert learner.learner_profile.display_name == "Amina Ben Salah"


def test_profile_edit_creates_a_profile_for_accounts_without_one(
    client, django_user_model, home
):
    editor = django_user_model.objects.create_user("editor", password=PASSWORD)
    client.force_login(editor)

    client.post(
        reverse("profile"),
        {"display_name": "An Editor", "email": "editor@example.org"},
    )

    assert LearnerProfile.objects.get(user=editor).display_name == "An Editor"


def test_profile_needs_login(client, home):
    response = client.get(reverse("profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
