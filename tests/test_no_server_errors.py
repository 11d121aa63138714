"""No input ever produces a 500: odd query strings and odd form posts on every URL, for every role."""

import pytest

from tests import factories
from tests.test_permission_matrix import ANON, project_urls, sample_objects

# Empty, too long, a null byte (PostgreSQL refuses it), an impossible date, not a number, not ASCII.
ODD_VALUES = ["", "x" * 10_000, "\x00", "31-02-2026", "-1", "🙂' OR 1=1 --"]


def odd_form(value: str) -> dict:
    names = ["username", "password", "email", "token", "otp_token", "new_password1", "new_password2", "language"]
    return {name: value for name in names} | {"next": value, "pagina": value, "q": value}


# The roles that open the most different views; the others only see subsets of these (or 403s).
ROLES_THAT_SEE_MOST = [ANON, "partner", "coordinator", "beheerder"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES_THAT_SEE_MOST)
def test_odd_input_never_gives_a_server_error(client, login, role):
    objects = sample_objects()
    if role != ANON:
        login(factories.UserFactory(role=role))
    client.raise_request_exception = False

    errors = []
    for key, url, _expected in project_urls(objects):
        if "logout" in key:
            continue  # logging out would end the session that the other requests need
        for value in ODD_VALUES:
            for response in (client.get(url, {"pagina": value, "q": value}), client.post(url, odd_form(value))):
                if response.status_code >= 500:
                    errors.append(
                        f"{response.request['REQUEST_METHOD']} {url} with {value[:20]!r}: {response.status_code}"
                    )

    assert not errors, "\n".join(errors)
