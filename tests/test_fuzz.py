"""No odd request gets a server error: over 10,000 seeded random requests on every URL pattern, for every role.

For each role (anonymous and each logged-in role, staff with their second factor) the test opens every URL of the
permission matrix, learns the names of the fields on the page, and then sends GETs and POSTs with odd query strings
and bodies: to the real URL, and to its pattern filled with odd path values (huge and negative numbers, unicode,
'..', long strings). It asserts that no answer is 500 or more. The random generator has a fixed seed per role, so a
failure names the role and the request, and running the test again sends the same requests.

`slow`: about two minutes on a quiet machine. `pytest -m "not slow"` leaves it out; CI runs it.
"""

import random
import re
from http import HTTPStatus
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import get_resolver

from coalition.handlers import ReadableWSGIRequest
from coalition.models import Role
from tests import factories
from tests.test_permission_matrix import ANON, ROLES, SAMPLE_CASE, project_urls, sample_objects, walk

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

SEED = 13
# Odd requests per URL a role may open, on top of the GET that learns the page's fields.
REQUESTS_PER_URL = 3
# Each logged-in role sends one odd request to this share (1 in N) of the URLs with odd path values.
ODD_URL_SHARE = 3
ANONYMOUS_ODD_URL_PASSES = 5
MINIMUM_REQUESTS = 10_000

HUGE_INT = "9" * 30
ODD_VALUES = [
    "",
    " ",
    "0",
    "-1",
    "2147483648",  # one past PostgreSQL's integer
    "9223372036854775808",  # one past bigint
    HUGE_INT,
    "1e309",
    "NaN",
    "-0",
    "null",
    "None",
    "[]",
    "{}",
    "true",
    "x" * 10_000,
    "ü" * 5_000,
    "\x00",
    "a\x00b",
    "\u202eevil",  # right-to-left override
    "🙂' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%",
    "%%",
    "9999-12-31",
    "0001-01-01",
    "31-12-9999",
    "2026-02-31",
    "10000-01-01",
    "2026-13-01",
    "99:99",
    "ME-9999-99999",
    "00000000-0000-0000-0000-000000000000",
    "acuut",
    "ja",
]
# Field names many pages share; each page adds the names of its own fields.
COMMON_NAMES = ["q", "pagina", "page", "van", "tot", "jaar", "periode", "formaat", "next", "sort", "o", "id", "pk"]
# Names never sent: "post" confirms a deletion in the admin, "csrfmiddlewaretoken" is not checked by the test client.
SKIPPED_NAMES = {"post", "csrfmiddlewaretoken", "_selected_action", "action"}
NAME_RE = re.compile(r"""\sname=["']([^"']{1,80})["']""")

# Raw query strings that a browser would not send: broken percent escapes, invalid UTF-8, arrays, many fields.
RAW_QUERIES = [
    "q=%E0%A4%A",
    "q=%FF%FE",
    "q=%C0%AF",
    "pagina=1&pagina=2&pagina=3",
    "q[]=a&q[]=b",
    "q[a]=1",
    "=&&=&",
    "&".join(f"v{n}=1" for n in range(2_000)),
    "van=9999-12-31&tot=9999-12-31",
    "van=0001-01-01&tot=0001-01-01",
    "pagina=" + HUGE_INT,
    "pagina=-1",
    "formaat=../../x",
]

CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-7",
    "application/x-www-form-urlencoded; charset=latin-1",
    "application/x-www-form-urlencoded; charset=nope",
    "multipart/form-data; boundary=xyz",
    "multipart/form-data",
    "application/json",
    "text/plain; charset=utf-7",
    "",
]

PATH_VALUES = {
    "int": ["0", "2147483648", HUGE_INT],
    "str": ["..", "x" * 300, "ünï🙂"],
    "slug": ["x" * 300],
    "path": ["../..", "x" * 300],
    "uuid": ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"],
}
CONVERTER_RE = re.compile(r"<(?:(\w+):)?(\w+)>")


def odd_path_urls() -> list[str]:
    """Every URL pattern with path parameters, filled with odd values (each converter's own and a few others)."""
    urls = []
    for _namespace, _name, route, _pattern in walk(get_resolver().url_patterns):
        if route.startswith("^") or "(?P<" in route or not CONVERTER_RE.search(route):
            continue  # the admin's regular expressions: the sample URLs cover them
        for converter in {match[0] or "str" for match in CONVERTER_RE.findall(route)}:
            for value in PATH_VALUES.get(converter, PATH_VALUES["str"]):
                urls.append("/" + CONVERTER_RE.sub(lambda _m, v=value: quote(v, safe=""), route))
    return urls


def odd_value(rng: random.Random) -> str:
    return rng.choice(ODD_VALUES)


def odd_query(rng: random.Random, names: list[str]) -> str:
    if rng.random() < 0.3:
        return rng.choice(RAW_QUERIES)
    picked = rng.sample(names, min(len(names), rng.randint(1, 4)))
    return urlencode([(name, odd_value(rng)) for name in picked for _ in range(rng.choice([1, 1, 2]))])


def odd_body(rng: random.Random, names: list[str]) -> tuple[bytes, str]:
    content_type = rng.choice(CONTENT_TYPES)
    fields = [(name, odd_value(rng)) for name in rng.sample(names, min(len(names), rng.randint(1, 8)))]
    if content_type.startswith("multipart"):
        parts = [f'--xyz\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n' for name, value in fields]
        parts.append('--xyz\r\nContent-Disposition: form-data; name="bestand"; filename="../x.pdf"\r\n\r\n%PDF\r\n')
        body = ("".join(parts) + "--xyz--\r\n").encode("utf-8", "surrogatepass")
        if rng.random() < 0.2:
            body = body[: rng.randint(0, len(body))]  # cut off halfway
        return body, content_type
    if content_type == "application/json":
        return rng.choice([b"{", b"null", b'{"a": [1, {"b": null}]}', b"\xff\xfe"]), content_type
    body = urlencode(fields).encode()
    if "charset" in content_type and rng.random() < 0.5:
        body += b"&z=%FF%FE+AGEAYgBj-&\xff\xfe=\xc0"
    return body, content_type


def logged_in_client(role: str) -> tuple[Client, object]:
    client = Client(raise_request_exception=False)
    user = None
    if role != ANON:
        from tests.conftest import confirmed_totp_device

        user = factories.UserFactory(role=role)
        client.force_login(user)
        if user.needs_second_factor:
            from django_otp import DEVICE_ID_SESSION_KEY

            session = client.session
            session[DEVICE_ID_SESSION_KEY] = confirmed_totp_device(user).persistent_id
            session.save()
    return client, user


def fuzz_role(role: str, objects: dict, odd_urls: list[str]) -> tuple[int, list[str]]:
    """Send this role's requests; return how many were sent and which got a server error."""
    rng = random.Random(f"{SEED}-{role}")
    client, user = logged_in_client(role)
    targets = [url for key, url, _expected in project_urls(objects) if "logout" not in key]
    if role in (Role.MEDEWERKER, Role.COORDINATOR):
        # A case of their own meldpunt, so its pages and forms open for real (the sample case is of another one).
        own = factories.MeldingFactory(meldpunt=factories.MeldpuntFactory(staff=[user]))
        targets += [url.replace(SAMPLE_CASE, own.number) for url in targets if SAMPLE_CASE in url]
    errors, sent = [], 0

    def send(method: str, url: str, body: bytes = b"", content_type: str = ""):
        nonlocal sent
        sent += 1
        response = client.get(url) if method == "GET" else client.generic("POST", url, body, content_type=content_type)
        if response.status_code >= HTTPStatus.INTERNAL_SERVER_ERROR:
            errors.append(f"{role} {method} {url[:300]} {content_type} {body[:300]!r}: {response.status_code}")
        return response

    def send_odd(url: str, names: list[str]):
        if rng.random() < 0.5:
            send("GET", f"{url}?{odd_query(rng, names)}")
        else:
            body, content_type = odd_body(rng, names)
            send("POST", f"{url}?{odd_query(rng, names)}" if rng.random() < 0.2 else url, body, content_type)

    # Every URL with its real path values: open it, learn its fields, then send odd ones. A page the role may not
    # open refuses before it reads anything: one odd request is enough there.
    for url in targets:
        first = send("GET", url)
        names = list(COMMON_NAMES)
        if first.get("Content-Type", "").startswith("text/html"):
            names += sorted(set(NAME_RE.findall(first.content.decode(errors="replace"))) - SKIPPED_NAMES)
        for _ in range(REQUESTS_PER_URL if first.status_code == HTTPStatus.OK else 1):
            send_odd(url, names)
    # Every pattern with odd path values: anonymous visitors get them all, five times over (their requests are cheap);
    # each logged-in role a seeded share, so that together the roles cover every one as well.
    if role == ANON:
        for url in odd_urls:
            for _ in range(ANONYMOUS_ODD_URL_PASSES):
                send_odd(url, COMMON_NAMES)
    else:
        for url in rng.sample(odd_urls, len(odd_urls) // ODD_URL_SHARE):
            send_odd(url, COMMON_NAMES)
    return sent, errors


def test_no_odd_request_of_any_role_on_any_url_gets_a_server_error(monkeypatch):
    # The test client makes its requests as the WSGI handler of production does (coalition/wsgi.py).
    monkeypatch.setattr("django.test.client.WSGIRequest", ReadableWSGIRequest)
    objects = sample_objects()
    odd_urls = odd_path_urls()
    total, errors = 0, []
    for role in ROLES:
        sent, found = fuzz_role(role, objects, odd_urls)
        total += sent
        errors += found
    assert not errors, f"{len(errors)} of {total} requests got a server error:\n" + "\n".join(errors[:40])
    assert total >= MINIMUM_REQUESTS, total
