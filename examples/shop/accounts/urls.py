"""The accounts app's URLs (trestle.auth's own pages share the /accounts/ prefix)."""

from trestle import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup", methods=["GET", "POST"]),
    path("signup/done/", views.signup_done, name="signup_done"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("resend/", views.resend, name="resend", methods=["GET", "POST"]),
    path("resend/done/", views.resend_done, name="resend_done"),
    path("profile/", views.profile, name="profile"),
]
