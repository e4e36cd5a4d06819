"""Learner routes: accounts (Django's auth views plus sign-up and profile), the
"My learning" dashboard, certificates and their public verification.
"""

from django.urls import include, path

from courses.views import accounts, learning

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
