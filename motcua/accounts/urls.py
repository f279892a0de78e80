"""Login (password or VNeID), logout, registration, e-mail verification."""

from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("dang-ky/", views.register, name="register"),
    path("xac-thuc-email/gui-lai/", views.resend_verification, name="resend_verification"),
    path("xac-thuc-email/<str:token>/", views.verify, name="verify_email"),
    path("vneid/", views.VNeIDStartView.as_view(), name="oidc_start"),
    path("vneid/callback/", views.VNeIDCallbackView.as_view(), name="oidc_callback"),
]
