"""The one shape of a change that a form on a page posts to its own address, for every app's views: GET goes back
to the page, POST validates the form, calls the service, and shows the service's Dutch messages beside the fields
they name (nothing the user typed is lost)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def add_service_error(form: Any, error: ValidationError) -> None:
    """A service's messages beside the fields they name; the others above the form."""
    if hasattr(error, "error_dict"):
        for name, field_messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)


def form_action(
    request: HttpRequest,
    *,
    back: Any,
    make_form: Callable[[Any], Any],
    act: Callable[[Any], Any],
    success: str | Callable[[Any], str],
    done: Callable[[Any], str],
    render_again: Callable[[Any], HttpResponse],
) -> HttpResponse:
    """GET goes back to the page (`back`: anything redirect() takes); a GET changes nothing. POST: the form
    (`make_form(request.POST)`) validates, `act(form)` calls the service, and then a message (`success`, or
    `success(result)`) and a redirect to `done(result)`. A form error, or a service's ValidationError (put into the
    form), shows the page again with the bound form: `render_again(form)`."""
    if request.method != "POST":
        return redirect(back)
    form = make_form(request.POST)
    if form.is_valid():
        try:
            result = act(form)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(done(result))
    return render_again(form)
