"""The whole learner story with Django's test client, from sign-up to a verified
certificate, ending with the editor's report and its CSV export."""

import re

import pytest
from django.urls import reverse

from courses.models import Certificate, ModulePage
from tests.builders import make_course

pytestmark = pytest.mark.django_db


def test_sign_up_enrol_learn_resume_complete_verify_and_report(
    client, sections, admin_user
):
    _, courses = sections
    course = make_course(courses, days=1, modules_per_day=1, slides_per_module=4)
    steps = list(ModulePage.objects.descendant_of(course).get().get_children())

    response = client.post(
        reverse("signup") + f"?next={course.url}",
        {
            "username": "amina",
            "email": "amina@example.org",
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
            "display_name": "Amina Rahman",
            "country": "",
            "organisation": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == course.url

    client.post(course.url + "enrol/")
    assert "0% of the course done" in client.get(course.url).content.decode()

    for step in steps[:2]:
        client.get(step.url)
    page = client.get(course.url).content.decode()
    assert "40% of the course done" in page
    assert f"Continue where you left off: {steps[2].title}" in page

    for step in steps[2:]:
        client.get(step.url)
    page = client.get(course.url).content.decode()
    assert "100% of the course done" in page and "You completed this course" in page

    certificate = Certificate.objects.get(course=course)
    dashboard = client.get(reverse("my_learning")).content.decode()
    assert reverse("certificate", args=[certificate.code]) in dashboard
    printed = client.get(reverse("certificate", args=[certificate.code]))
    assert "Amina Rahman" in printed.content.decode()

    client.post(reverse("logout"))
    verified = client.get(
        reverse("verify_certificate"), {"code": certificate.formatted_code.lower()}
    )
    assert verified.status_code == 200
    assert "Amina Rahman" in verified.content.decode()
    assert "amina@example.org" not in verified.content.decode()

    client.force_login(admin_user)
    report = client.get(reverse("course_progress_report"), {"export": "csv"})
    csv_text = b"".join(report.streaming_content).decode()
    rows = [line for line in csv_text.splitlines() if "Amina Rahman" in line]
    assert len(rows) == 1
    assert re.search(r",1,1,", rows[0]), rows[0]  # 1 of 1 module completed
