"""Fixtures for quiz tests: a course with one module, and an enrolled learner."""

import pytest

from courses.models import Enrolment
from tests.builders import make_course


@pytest.fixture
def course(sections):
    return make_course(sections[1], days=1, modules_per_day=1, slides_per_module=2)


@pytest.fixture
def module(course):
    from courses.models import ModulePage

    return ModulePage.objects.descendant_of(course).get()


@pytest.fixture
def learner(django_user_model, course):
    user = django_user_model.objects.create_user("amina", password="pw-Amina-2026")
    Enrolment.objects.create(learner=user, course=course)
    return user


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client
