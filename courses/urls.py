"""Learner routes: accounts (Django's auth views plus sign-up and profile), the
"My learning" dashboard, certificates and their public verification.
"""

from django.urls import include, path

from courses.views import accounts, learning, live

urlpatterns = [
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/profile/", accounts.profile, name="profile"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("learning/", learning.my_learning, name="my_learning"),
    path(
        "learning/certificates/<str:code>/",
        learning.certificate,
        name="certificate",
    ),
    path("live/", live.join, name="live_join"),
    path("live/start/<int:module_id>/", live.start_session, name="live_start"),
    path("live/<str:code>/", live.follow, name="live_participant"),
    path("live/<str:code>/state/", live.state, name="live_state"),
    path("live/<str:code>/stage/", live.stage, name="live_stage"),
    path("live/<str:code>/answer/", live.answer, name="live_answer"),
    path("live/<str:code>/present/", live.present, name="live_present"),
    path("live/<str:code>/control/", live.control, name="live_control"),
    path("live/<str:code>/results/", live.results, name="live_results"),
    path("live/<str:code>/qr.svg", live.qr_code, name="live_qr"),
    path("live/<str:code>/summary/", live.summary, name="live_summary"),
    path("live/<str:code>/ask/", live.ask, name="live_ask"),
    path(
        "live/<str:code>/questions/<int:question_id>/upvote/",
        live.upvote,
        name="live_upvote",
    ),
    path("live/<str:code>/questions/", live.questions_fragment, name="live_questions"),
    path(
        "certificates/verify/",
        learning.verify_certificate,
        name="verify_certificate",
    ),
    path(
        "certificates/verify/<str:code>/",
        learning.verify_certificate,
        name="verify_certificate_code",
    ),
]
