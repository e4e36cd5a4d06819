"""Fixtures for live session tests: a module, a facilitator and a running session."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from courses.models import LiveSession, ModulePage
from tests.builders import make_course


@pytest.fixture
def module(sections):
    course = make_course(sections[1], slides_per_module=2)
    return ModulePage.objects.descendant_of(course).get()


@pytest.fixture
def facilitator(django_user_model):
    user = django_user_model.objects.create_user("fatima", password="pw")
    user.groups.add(Group.objects.get_or_create(name="Facilitators")[0])
    return user


@pytest.fixture
def session(client, facilitator, module):
    client.force_login(facilitator)
    response = client.post(reverse("live_start", args=[module.pk]))
    assert response.status_code == 302
    client.logout()
    return LiveSession.objects.get()
