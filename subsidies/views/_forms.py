"""Small helpers the subsidies pages share."""

from django.core.exceptions import ValidationError


def add_service_error(form, error: ValidationError) -> None:
    """A service's messages beside the fields they name; the others above the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
