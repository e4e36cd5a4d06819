"""What facilitators and participants do, as their browsers send it, for live tests."""

from django.urls import reverse

from courses.models import PlenaryChoice, PlenaryQuestionPage


def control(client, session, action, **extra):
    return client.post(
        reverse("live_control", args=[session.code]), {"action": action, **extra}
    )


def join(client, session, name="Guest"):
    response = client.post(
        reverse("live_join"), {"code": session.code.lower(), "display_name": name}
    )
    assert response.status_code == 302, response.content.decode()
    return response


def open_question(client, facilitator, session, module, kind="single_choice"):
    question = PlenaryQuestionPage.objects.child_of(module).get()
    question.response_kind = kind
    if kind == "single_choice":
        question.choices = [PlenaryChoice(label="Yes"), PlenaryChoice(label="No")]
    question.save_revision().publish()
    staff = type(client)()
    staff.force_login(facilitator)
    control(staff, session, "go", step=question.pk)
    control(staff, session, "open")
    return PlenaryQuestionPage.objects.get(pk=question.pk), staff
