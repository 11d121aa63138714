"""Log-in, the second factor, log-out and password reset. (Placeholder: being completed.)"""

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse_lazy


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def second_factor(request):
    return HttpResponse("todo")


class PasswordResetView(auth_views.PasswordResetView):
    success_url = reverse_lazy("coalition:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("coalition:password_reset_complete")
