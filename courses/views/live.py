"""Live sessions: starting one from a module, presenting it, joining and following it.

Facilitators (members of the Facilitators group, or editors who may edit the
module) start a session and drive it from the presenter view; every change is one
conditional UPDATE that bumps the session's version. Participants join with the
code, are remembered by a signed cookie, and poll `state/`, which answers 304 while
the version they have is current; on a change, live.js fetches the `stage/` alone.
"""

import datetime
import re
from collections import Counter
from functools import partial, wraps

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.forms import AudienceQuestionForm, JoinLiveSessionForm, PlenaryAnswerForm
from courses.models import ModulePage, PlenaryQuestionPage
from courses.models.live import (
    OUTLINE_CACHE_SECONDS,
    STATE_CACHE_SECONDS,
    AudienceQuestion,
    AudienceQuestionVote,
    LiveAnswer,
    LiveParticipant,
    LiveSession,
    can_control,
    can_facilitate,
    live_steps,
    new_join_code,
    normalise_join_code,
    state_cache_key,
)
from lms.pagecache import purge_page_cache

PARTICIPANT_COOKIE_SALT = "courses.live.participant"
# Failed join attempts allowed per client address in a window: enough for typos,
# far too few to guess one of ~700 million codes. Counted in the shared cache, so
# spreading guesses over workers does not help, and keyed by the guesser, so a
# guesser cannot lock a real room out.
JOIN_FAILURES_ALLOWED = 20
JOIN_FAILURE_WINDOW = 15 * 60


@login_required
@require_POST
def start_session(request, module_id):
    module = get_object_or_404(ModulePage.objects.live(), pk=module_id)
    if not can_facilitate(request.user, module):
        raise PermissionDenied(
            "Only facilitators and editors of this module can start a live session."
        )
    steps = live_steps(module)
    if not steps:
        messages.error(request, "This module has no slides to present yet.")
        return redirect(module.url)
    for _ in range(5):
        try:
            with transaction.atomic():
                session = LiveSession.objects.create(
                    module=module,
                    facilitator=request.user,
                    code=new_join_code(),
                    current_step=steps[0],
                )
            break
        except IntegrityError:
            continue  # the code was taken: draw another
    else:
        raise RuntimeError("Could not find a free join code.")
    return redirect("live_present", code=session.code)


def session_or_404(code, *related):
    """The session with that code; `related` as for select_related."""
    sessions = LiveSession.objects.all()
    if related:  # (select_related() without names would follow every relation)
        sessions = sessions.select_related(*related)
    try:
        return sessions.get(code=normalise_join_code(code))
    except LiveSession.DoesNotExist:
        raise Http404("No live session has that code.") from None


def step_context(session):
    """For the presenter: the session's steps, the current one (specific), its
    position and, for a question, its results."""
    steps = live_steps(session.module)
    current = next((s for s in steps if s.pk == session.current_step_id), None)
    position = steps.index(current) if current else None
    context = {
        "session": session,
        "steps": steps,
        "step": current,
        "position": position + 1 if current else None,
        "next_step": steps[position + 1]
        if current and position + 1 < len(steps)
        else None,
        "previous_step": steps[position - 1] if current and position > 0 else None,
    }
    if isinstance(current, PlenaryQuestionPage):
        context["results"] = question_results(session, current)
    return context


# Common English words left out of "most frequent words".
STOP_WORDS = set(
    "a about all also an and are as at be been but by can could do for from has have "
    "how if in into is it its more most not of on or our so such than that the their "
    "them there these they this to was we were what when which who will with would "
    "you your".split()
)


def frequent_words(texts, most=8):
    """The words used most across open answers (those used more than once)."""
    counts = Counter(
        word
        for text in texts
        for word in re.findall(r"[^\W\d_][\w'-]*", text.casefold())
        if len(word) > 2 and word not in STOP_WORDS
    )
    return [(word, n) for word, n in counts.most_common(most) if n > 1]


def question_results(session, question):
    """Counts per choice or rating, or the visible open answers, for one question."""
    answers = LiveAnswer.objects.filter(
        session=session, question=question, hidden=False
    )
    total = answers.count()
    results = {"total": total, "rows": [], "texts": []}
    if question.response_kind == PlenaryQuestionPage.ResponseKind.SINGLE_CHOICE:
        counts = dict(answers.values_list("choice").annotate(n=Count("pk")).order_by())
        results["rows"] = [
            (choice.label, counts.get(choice.pk, 0))
            for choice in question.choices.all()
        ]
    elif question.response_kind == PlenaryQuestionPage.ResponseKind.RATING:
        counts = dict(answers.values_list("rating").annotate(n=Count("pk")).order_by())
        results["rows"] = [
            (value, counts.get(value, 0)) for value in question.rating_values
        ]
        rated = sum(value * n for value, n in results["rows"])
        results["average"] = round(rated / total, 1) if total else None
    else:
        results["texts"] = list(
            answers.order_by("answered_at").values_list("pk", "text")
        )
        results["words"] = frequent_words(text for _, text in results["texts"])
    for_bars = max((n for _, n in results["rows"]), default=0)
    results["rows"] = [
        (label, n, round(100 * n / for_bars) if for_bars else 0)
        for label, n in results["rows"]
    ]
    return results


@login_required
@require_GET
def present(request, code):
    session = session_or_404(code, "module")
    if not can_control(request.user, session):
        raise PermissionDenied("Only this session's facilitator can present it.")
    context = step_context(session)
    context["join_url"] = request.build_absolute_uri(reverse("live_join"))
    context["audience_questions"] = audience_questions(session)
    context["show_speaker_notes"] = True
    response = TemplateResponse(request, "courses/live/present.html", context)
    patch_cache_control(response, private=True, no_store=True)
    return response


CONTROL_ACTIONS = {
    "next",
    "previous",
    "go",
    "open",
    "close",
    "show",
    "hide",
    "end",
    "hide_answer",
    "answered",
    "hide_question",
    "anonymous_on",
    "anonymous_off",
    "lock",
    "publish_answer",
}
FOLLOW_LOCK = datetime.timedelta(seconds=60)


@login_required
@require_POST
def control(request, code):
    """The facilitator's controls; each changes the session in one UPDATE."""
    session = session_or_404(code)
    if not can_control(request.user, session):
        raise PermissionDenied("Only this session's facilitator can control it.")
    action = request.POST.get("action", "")
    if action not in CONTROL_ACTIONS:
        return bad_control("Unknown action.")
    if action == "publish_answer":
        # Allowed after the session ends too: publishing is about the record.
        if not LiveAnswer.objects.filter(
            session=session, hidden=False, pk=int_or_zero(request.POST.get("answer"))
        ).update(published=True):
            return bad_control("No such visible answer in this session.")
        purge_page_cache()
        messages.success(request, "The answer now shows on the question's page.")
        return redirect("live_summary", code=session.code)
    if not session.running:
        messages.error(request, "This session has ended; it can no longer change.")
        return redirect("live_present", code=session.code)
    if action in ("next", "previous", "go"):
        ids = [step.pk for step in live_steps(session.module)]
        at = ids.index(session.current_step_id) if session.current_step_id in ids else 0
        target = {
            "next": ids[min(at + 1, len(ids) - 1)],
            "previous": ids[max(at - 1, 0)],
            "go": int_or_zero(request.POST.get("step")),
        }[action]
        if target not in ids:
            return bad_control("That step is not in this module.")
        session.change(
            current_step_id=target, responses_open=False, results_shown=False
        )
    elif action in ("open", "close"):
        session.change(responses_open=action == "open")
    elif action in ("show", "hide"):
        session.change(results_shown=action == "show")
    elif action == "lock":
        session.change(follow_locked_until=timezone.now() + FOLLOW_LOCK)
        messages.success(request, "Everyone follows your slide for the next minute.")
    elif action in ("anonymous_on", "anonymous_off"):
        session.change(anonymous_questions=action == "anonymous_on")
    elif action == "hide_answer":
        # Hidden from the shared view, kept in the record (and in the summary).
        if not LiveAnswer.objects.filter(
            session=session, pk=int_or_zero(request.POST.get("answer"))
        ).update(hidden=True):
            return bad_control("No such answer in this session.")
        session.change()
    elif action in ("answered", "hide_question"):
        field = "answered" if action == "answered" else "hidden"
        if not AudienceQuestion.objects.filter(
            session=session, pk=int_or_zero(request.POST.get("question"))
        ).update(**{field: True}):
            return bad_control("No such question in this session.")
    elif action == "end":
        session.change(ended_at=timezone.now(), responses_open=False)
        messages.success(
            request, "The session has ended. Everything said in it is kept."
        )
    return redirect("live_present", code=session.code)


def int_or_zero(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def bad_control(reason):
    return HttpResponse(reason, status=400, content_type="text/plain")


@require_GET
def qr_code(request, code):
    session = session_or_404(code)
    url = request.build_absolute_uri(reverse("live_join")) + f"?code={session.code}"
    svg = segno.make(url, error="m").svg_inline(
        scale=6, title=f"Join code {session.code}"
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    patch_cache_control(response, private=True, max_age=3600)
    return response


# Participants ----------------------------------------------------------------


def client_address(request):
    return request.META.get("REMOTE_ADDR", "unknown")


def join_failures(request):
    return cache.get(f"live-join-failures:{client_address(request)}", 0)


def count_join_failure(request):
    key = f"live-join-failures:{client_address(request)}"
    if not cache.add(key, 1, JOIN_FAILURE_WINDOW):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, JOIN_FAILURE_WINDOW)


def participant_cookie_name(session):
    return f"live-{session.code}"


def participant_for(request, session):
    try:
        pk = request.get_signed_cookie(
            participant_cookie_name(session), salt=PARTICIPANT_COOKIE_SALT
        )
    except (KeyError, ValueError):
        pk = None
    participant = None
    if pk:
        participant = next(
            iter(LiveParticipant.objects.filter(session=session, pk=pk)[:1]), None
        )
    if participant is None and request.user.is_authenticated:
        participant = LiveParticipant.objects.filter(
            session=session, user=request.user
        ).first()
    return participant


def for_participant(view):
    """Views of a session's participants: (request, session, participant, ...).

    Someone who has not joined (or whose cookie is gone) is sent to the join form
    with the code filled in.
    """

    @wraps(view)
    def wrapper(request, code, *args, **kwargs):
        session = session_or_404(code)
        participant = participant_for(request, session)
        if participant is None:
            return redirect(reverse("live_join") + f"?code={session.code}")
        return view(request, session, participant, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
def join(request):
    if request.method == "GET":
        form = JoinLiveSessionForm(
            initial={"code": request.GET.get("code", "")}, user=request.user
        )
        return TemplateResponse(request, "courses/live/join.html", {"form": form})
    if join_failures(request) >= JOIN_FAILURES_ALLOWED:
        response = TemplateResponse(
            request,
            "courses/live/join.html",
            {
                "form": JoinLiveSessionForm(user=request.user),
                "refusal": "Too many wrong codes from this connection. Wait a few "
                "minutes, then check the code with your facilitator.",
            },
            status=429,
        )
        response["Retry-After"] = str(JOIN_FAILURE_WINDOW)
        return response
    form = JoinLiveSessionForm(request.POST, user=request.user)
    if not form.is_valid():
        if form.has_error("code", "unknown"):
            count_join_failure(request)
        return TemplateResponse(
            request, "courses/live/join.html", {"form": form}, status=400
        )
    session = form.session
    participant = None
    if request.user.is_authenticated:
        participant, _ = LiveParticipant.objects.get_or_create(
            session=session, user=request.user, defaults=form.participant_fields()
        )
    else:
        participant = LiveParticipant.objects.create(
            session=session, **form.participant_fields()
        )
    response = redirect("live_participant", code=session.code)
    response.set_signed_cookie(
        participant_cookie_name(session),
        participant.pk,
        salt=PARTICIPANT_COOKIE_SALT,
        max_age=12 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def stage_context(request, session, participant, **overrides):
    """What a participant's stage shows: the facilitator's current step (or an
    earlier one they look back at), and for an open question their answer form.

    Positions come from the session's cached outline, so a new slide costs each
    participant a few queries however long the module is. `overrides` carry a form
    with errors, a notice or a refusal.
    """
    outline = session.outline()
    ids = [step.pk for step in outline]
    live_at = (
        ids.index(session.current_step_id) if session.current_step_id in ids else None
    )
    context = {
        "session": session,
        "participant": participant,
        "step": None,
        "step_count": len(outline),
        "notice": "",
        "refusal": "",
        "my_answer": None,
        "shared": False,
    }
    at = live_at
    wanted = int_or_zero(request.GET.get("step"))
    if live_at is not None and wanted in ids[:live_at] and not session.follow_locked:
        at = ids.index(wanted)
        context["browsing"] = True
    if at is not None:
        step = outline[at]
        context.update(
            step=step,
            # Loaded only if the template's cached step body is missing.
            page=SimpleLazyObject(partial(session.step_page, step.pk)),
            position=at + 1,
            previous_step=outline[at - 1] if at > 0 else None,
        )
        question = None
        if step.kind == "plenary" and not context.get("browsing"):
            question = session.question(step.pk)
        if question is not None:
            context["question"] = question
            if "form" not in overrides:
                mine = own_answer(participant, question)
                context["form"] = PlenaryAnswerForm(question=question, answer=mine)
                context["my_answer"] = mine
            if session.results_shown:
                context["results"] = question_results(session, question)
    context.update(overrides)
    return context


def own_answer(participant, question):
    return next(
        iter(LiveAnswer.objects.filter(participant=participant, question=question)[:1]),
        None,
    )


def participant_context(request, session, participant, **overrides):
    """A participant's whole screen: the stage, and the questions for the facilitator."""
    context = stage_context(request, session, participant, **overrides)
    context.setdefault("ask_form", AudienceQuestionForm(session=session))
    context["audience_questions"] = audience_questions(session, participant)
    return context


def wants_stage(request):
    """live.js posts answers in place and asks for the new stage back."""
    return request.headers.get("X-Live-Stage") == "1"


def stage_response(request, session, participant, status=200, **overrides):
    context = stage_context(request, session, participant, **overrides)
    response = TemplateResponse(
        request, "courses/live/stage.html", context, status=status
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
@for_participant
def follow(request, session, participant):
    context = participant_context(request, session, participant)
    response = TemplateResponse(request, "courses/live/follow.html", context)
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
@for_participant
def stage(request, session, participant):
    """Just the stage, for live.js to swap in when the facilitator moves on.

    Hundreds of participants fetch it within the same 2 seconds. Until someone has
    answered the question on it, everyone's stage is the same, so that one is
    rendered once per version of the session and shared. It carries no CSRF token
    (live.js sends the page's in a header); results, a participant's own answer
    and looking back are rendered for them alone.
    """
    if session.results_shown or "step" in request.GET:
        return stage_response(request, session, participant)
    current = next(
        (step for step in session.outline() if step.pk == session.current_step_id),
        None,
    )
    if current is not None and current.kind == "plenary":
        if LiveAnswer.objects.filter(
            participant=participant, question_id=current.pk
        ).exists():
            return stage_response(request, session, participant)
    # (A follow lock runs out without a new version.)
    key = f"live-stage:{session.code}:{session.version}:{session.follow_locked}"
    html = cache.get(key)
    if html is None:
        context = stage_context(request, session, participant, shared=True)
        html = render_to_string("courses/live/stage.html", context, request)
        cache.set(key, html, OUTLINE_CACHE_SECONDS)
    response = HttpResponse(html)
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def state(request, code):
    """The session's version and what a participant's screen shows; 304 if unchanged.

    Read from the shared cache when it has it (every change replaces the entry), so
    with Redis configured a poll costs no database query.
    """
    code = normalise_join_code(code)
    shared = cache.get(state_cache_key(code))
    if shared is None:
        session = LiveSession.objects.filter(code=code).first()
        if session is None:
            raise Http404("No live session has that code.")
        shared = session.shared_state()
        cache.set(state_cache_key(code), shared, STATE_CACHE_SECONDS)
    etag = f'"live-{code}-{shared["version"]}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = JsonResponse(shared)
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    return response


def save_answer(session, participant, question, fields):
    """Store or replace the participant's answer. update_or_create locks the row and,
    when a concurrent request inserts it first, falls back to updating it, so retries
    and races leave one row (the unique constraint) with the latest text."""
    LiveAnswer.objects.update_or_create(
        participant=participant,
        question=question,
        defaults={"session": session, "answered_at": timezone.now(), **fields},
    )


@require_POST
@for_participant
def answer(request, session, participant):
    """A participant's answer to the open question.

    From live.js (X-Live-Stage: 1) the reply is the new stage: 200 when saved, 400
    with the form's errors, 409 when the session or the question no longer takes
    answers. Without JavaScript: a redirect to the screen, or the screen with the
    form's errors.
    """
    step = session.question(session.current_step_id)
    refusal = None
    if not session.running:
        refusal = "This session has ended, so it takes no more answers."
    elif step is None or not session.responses_open:
        refusal = "Responses to this question are closed; your answer was not recorded."
    if refusal:
        if wants_stage(request):
            return stage_response(
                request, session, participant, status=409, refusal=refusal
            )
        messages.error(request, refusal)
        return redirect("live_participant", code=session.code)
    mine = own_answer(participant, step)
    form = PlenaryAnswerForm(request.POST, question=step, answer=mine)
    if not form.is_valid():
        if wants_stage(request):
            return stage_response(
                request, session, participant, status=400, form=form, my_answer=mine
            )
        context = participant_context(
            request, session, participant, form=form, my_answer=mine
        )
        return TemplateResponse(
            request, "courses/live/follow.html", context, status=400
        )
    save_answer(session, participant, step, form.answer_fields())
    notice = "Your answer is in. You may change it while responses are open."
    if wants_stage(request):
        # The form as sent is the answer now stored.
        return stage_response(
            request, session, participant, notice=notice, form=form, my_answer=True
        )
    messages.success(request, notice)
    return redirect("live_participant", code=session.code)


@require_GET
def results(request, code):
    """The current question's results as an HTML fragment, for the presenter's polling.

    Participants get them only once the facilitator shows them.
    """
    session = session_or_404(code)
    controls = can_control(request.user, session)
    if not controls:
        participant = participant_for(request, session)
        if participant is None or not session.results_shown:
            raise PermissionDenied("The facilitator has not shown the results.")
    step = session.step_page(session.current_step_id)
    if not isinstance(step, PlenaryQuestionPage):
        return HttpResponse(status=204)
    answers = LiveAnswer.objects.filter(session=session, question=step)
    latest = (
        answers.order_by("-answered_at").values_list("answered_at", flat=True).first()
    )
    etag = (
        f'"results-{session.version}-{answers.count()}-{latest and latest.timestamp()}"'
    )
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = TemplateResponse(
            request,
            "includes/live_results.html",
            {
                "session": session,
                "step": step,
                "results": question_results(session, step),
            },
        )
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    return response


@login_required
@require_GET
def summary(request, code):
    """After (or during) a session: attendance and every question's answers; CSV too."""
    session = session_or_404(code, "module")
    if not can_control(request.user, session):
        raise PermissionDenied("Only this session's facilitator can see its summary.")
    participants = session.participants.select_related("country", "organisation")
    answers = (
        LiveAnswer.objects.filter(session=session)
        .select_related("participant", "question", "choice")
        .order_by("question__path", "answered_at")
    )
    if request.GET.get("export") == "csv":
        return summary_csv(session, answers)
    countries = (
        participants.values_list("country__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "country__name")
    )
    questions = {}
    for item in answers:
        questions.setdefault(item.question, []).append(item)
    return TemplateResponse(
        request,
        "courses/live/summary.html",
        {
            "session": session,
            "participant_count": participants.count(),
            "countries": countries,
            "questions": questions.items(),
        },
    )


def summary_csv(session, answers):
    import csv

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="live-session-{session.code}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["question", "participant", "answer", "hidden", "answered at"])
    for item in answers:
        writer.writerow(
            [
                item.question.title,
                item.participant.display_name,
                item.display,
                "yes" if item.hidden else "",
                item.answered_at.isoformat(),
            ]
        )
    return response


@require_POST
@for_participant
def ask(request, session, participant):
    """A participant sends the facilitator a question."""
    if not session.running:
        messages.error(
            request, "This session has ended, so it takes no more questions."
        )
        return redirect("live_participant", code=session.code)
    form = AudienceQuestionForm(request.POST, session=session)
    if not form.is_valid():
        context = participant_context(request, session, participant, ask_form=form)
        return TemplateResponse(
            request, "courses/live/follow.html", context, status=400
        )
    AudienceQuestion.objects.create(
        session=session,
        participant=participant,
        text=form.cleaned_data["text"],
        anonymous=form.cleaned_data.get("anonymous", False),
    )
    messages.success(request, "Your question has gone to the facilitator.")
    return redirect("live_participant", code=session.code)


@require_POST
@for_participant
def upvote(request, session, participant, question_id):
    """A participant upvotes another's question (once; again changes nothing)."""
    question = get_object_or_404(
        AudienceQuestion.objects.visible(), session=session, pk=question_id
    )
    AudienceQuestionVote.objects.bulk_create(
        [AudienceQuestionVote(question=question, participant=participant)],
        ignore_conflicts=True,
    )
    return redirect("live_participant", code=session.code)


def audience_questions(session, participant=None):
    questions = list(
        session.audience_questions.visible()
        .by_votes()
        .select_related("participant")[:100]
    )
    if participant is not None:
        mine = set(
            AudienceQuestionVote.objects.filter(
                participant=participant, question__in=questions
            ).values_list("question_id", flat=True)
        )
        for question in questions:
            question.upvoted = question.pk in mine
    return questions


@require_GET
def questions_fragment(request, code):
    """The audience's questions, sorted by votes, for the presenter's polling."""
    session = session_or_404(code)
    if not can_control(request.user, session):
        raise PermissionDenied("Only this session's facilitator sees this list.")
    response = TemplateResponse(
        request,
        "includes/live_audience_questions.html",
        {
            "session": session,
            "audience_questions": audience_questions(session),
            "controls": True,
        },
    )
    patch_cache_control(response, private=True, no_cache=True)
    return response
