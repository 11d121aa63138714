"""Notifications in the application: the list, opening one, "Alles gelezen", and the unread count in the navigation
(kept in the cache, so no page pays a database query for it)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coalition.models import Role
from meldpunt.models import Notificatie
from meldpunt.services import notifications
from tests.factories import MeldpuntFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/meldpunt/notificaties/"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://omzien.example"


def make(user, n=1, *, read=False, url="/meldpunt/", text="Verwijzing VW-{i:06d} is geaccepteerd", ago=None):
    """`n` notifications for `user`, one minute apart, the last one newest."""
    now = timezone.now()
    rows = [
        Notificatie(
            user=user,
            text=text.format(i=i + 1),
            url=url,
            created_at=(ago or now) - timedelta(minutes=n - i),
            read_at=now if read else None,
        )
        for i in range(n)
    ]
    return Notificatie.objects.bulk_create(rows)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# ---------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------
def test_the_list_shows_the_users_own_notifications_newest_first_and_unread_marked(client, login, medewerker):
    make(medewerker, 2, read=True, text="Oud bericht {i}", ago=timezone.now() - timedelta(days=2))
    make(medewerker, 1, text="Verwijzing VW-000042 is geaccepteerd")
    make(UserFactory(role=Role.MEDEWERKER), 1, text="Bericht voor iemand anders")
    login(medewerker)

    page = client.get(reverse("meldpunt:notifications")).content.decode()

    assert reverse("meldpunt:notifications") == LIST
    assert "Bericht voor iemand anders" not in page
    assert page.index("VW-000042") < page.index("Oud bericht 2") < page.index("Oud bericht 1")
    assert page.count(">Nieuw<") == 1
    assert "1 ongelezen bericht." in page
    assert "<strong>Verwijzing VW-000042 is geaccepteerd</strong>" in page
    # Opening the list marks nothing read.
    assert Notificatie.objects.filter(user=medewerker, read_at__isnull=True).count() == 1


def test_the_list_is_paginated_with_a_bounded_number_of_queries(client, login, partner, django_assert_max_num_queries):
    make(partner, 30)
    login(partner)

    # Partners pass a second factor: its device and the idle time-out's session save count too; and their choice
    # of e-mail (one per message or a daily overview, issue 15) is read for its form.
    with django_assert_max_num_queries(11):
        first = client.get(LIST).content.decode()
    second = client.get(LIST, {"pagina": 2}).content.decode()

    assert first.count("notificaties/") - first.count("alles-gelezen") >= 25
    assert "VW-000030" in first and "VW-000006" in first and "VW-000005" not in first
    assert "VW-000005" in second and "VW-000001" in second and "VW-000030" not in second
    assert "Pagina 1 van 2" in first
    assert client.get(LIST, {"pagina": "x'"}).status_code == 200


def test_roles_that_receive_no_notifications_see_an_empty_list(client, login, commissielid):
    login(commissielid)

    page = client.get(LIST).content.decode()

    assert "U heeft nog geen berichten." in page
    assert reverse("meldpunt:notifications_read_all") not in page


# ---------------------------------------------------------------------------
# Opening one, and "Alles gelezen"
# ---------------------------------------------------------------------------
def test_openen_marks_it_read_and_goes_to_its_link(client, login, partner):
    (notificatie,) = make(partner, url="/meldpunt/inbox/12/")
    other = make(partner, 1)[0]
    login(partner)
    page = client.get(LIST).content.decode()
    assert f'action="{reverse("meldpunt:notification_open", args=[notificatie.pk])}"' in page

    response = client.post(reverse("meldpunt:notification_open", args=[notificatie.pk]))

    assert response.status_code == 302 and response["Location"] == "/meldpunt/inbox/12/"
    notificatie.refresh_from_db()
    other.refresh_from_db()
    assert notificatie.read_at is not None and other.read_at is None


def test_a_get_on_the_open_address_goes_to_the_link_but_marks_nothing(client, login, partner):
    (notificatie,) = make(partner, url="/meldpunt/inbox/12/")
    login(partner)

    response = client.get(reverse("meldpunt:notification_open", args=[notificatie.pk]))

    assert response.status_code == 302 and response["Location"] == "/meldpunt/inbox/12/"
    notificatie.refresh_from_db()
    assert notificatie.read_at is None


def test_another_users_notification_is_not_found_and_stays_unread(client, login, medewerker, partner):
    (theirs,) = make(medewerker, url="/meldpunt/meldingen/ME-2026-00001/")
    login(partner)

    assert client.get(reverse("meldpunt:notification_open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("meldpunt:notification_open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("meldpunt:notification_open", args=[10**20])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_link_to_another_site_is_never_followed(client, login, partner):
    (notificatie,) = make(partner, url="https://elders.example/meldpunt/")
    (empty,) = make(partner, url="")
    login(partner)

    assert client.post(reverse("meldpunt:notification_open", args=[notificatie.pk]))["Location"] == LIST
    assert client.post(reverse("meldpunt:notification_open", args=[empty.pk]))["Location"] == LIST


def test_alles_gelezen_marks_only_the_users_own_notifications_read(client, login, partner, medewerker):
    make(partner, 3)
    make(medewerker, 2)
    login(partner)

    assert client.get(reverse("meldpunt:notifications_read_all")).status_code == 405
    response = client.post(reverse("meldpunt:notifications_read_all"), follow=True)

    assert response.redirect_chain[-1][0] == LIST
    page = response.content.decode()
    assert "3 berichten zijn nu gelezen." in page and "0 ongelezen berichten." in page
    assert not Notificatie.objects.filter(user=partner, read_at__isnull=True).exists()
    assert Notificatie.objects.filter(user=medewerker, read_at__isnull=True).count() == 2


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(LIST)
    assert response.status_code == 302 and reverse("coalition:login") in response["Location"]


# ---------------------------------------------------------------------------
# The unread count in the navigation
# ---------------------------------------------------------------------------
def send(users, text="Nieuwe verwijzing VW-00000{i} van het meldpunt", n=1):
    """notify() as a service calls it, committed: the count in the cache follows. Each about another referral
    (notifications about one page in quick succession are one, issue 15)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        for i in range(n):
            notifications.notify(users, text.format(i=i + 1), f"/meldpunt/inbox/{i + 1}/", email=False)


def test_the_navigation_shows_the_unread_count_to_those_who_receive_notifications(client, login, partner):
    send([partner], n=3)
    login(partner)
    with TestCase.captureOnCommitCallbacks(execute=True):  # as when the request's change commits
        client.post(reverse("meldpunt:notification_open", args=[Notificatie.objects.filter(user=partner).first().pk]))

    page = client.get(reverse("socialekaart:partner_index")).content.decode()

    assert f'href="{LIST}">Berichten <span class="badge' in page
    assert '>2<span class="visually-hidden"> ongelezen</span>' in page


def test_no_badge_without_unread_notifications_and_no_link_for_other_roles(client, login, medewerker, stuurgroep):
    login(medewerker)
    page = client.get(reverse("meldpunt:index")).content.decode()
    assert f'href="{LIST}">Berichten</a>' in page

    login(stuurgroep)
    page = client.get(reverse("monitoring:index")).content.decode()
    assert f'href="{LIST}"' not in page


def test_the_count_costs_a_page_no_query(client, login, medewerker):
    """The worklist with unread notifications takes exactly as many queries as without: the count is cached."""
    MeldpuntFactory(staff=[medewerker])
    login(medewerker)
    index = reverse("meldpunt:index")
    queries_for(client, index)
    without = queries_for(client, index)

    send([medewerker], n=4)

    assert queries_for(client, index) == without
    assert '>4<span class="visually-hidden"> ongelezen</span>' in client.get(index).content.decode()


def test_the_first_page_after_logging_in_costs_no_query_for_the_count_either(client, login, partner):
    login(partner)
    index = reverse("socialekaart:partner_index")
    queries_for(client, index)
    without = queries_for(client, index)
    other = UserFactory(role=Role.PARTNER, organisaties=list(partner.organisaties.all()))
    send([other], n=2)
    client.logout()
    login(other)

    assert queries_for(client, index) == without


def test_the_count_follows_notify_and_mark_read(medewerker, django_assert_num_queries):
    assert notifications.cached_unread_count(medewerker) == 0
    send([medewerker], n=2)
    with django_assert_num_queries(0):
        assert notifications.cached_unread_count(medewerker) == 2

    first = Notificatie.objects.filter(user=medewerker).order_by("pk").first()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert notifications.mark_read(medewerker, [first.pk]) == 1
    assert notifications.cached_unread_count(medewerker) == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert notifications.mark_read(medewerker) == 1
        assert notifications.mark_read(medewerker) == 0
    assert notifications.cached_unread_count(medewerker) == 0
    assert notifications.unread_count(medewerker) == 0


def test_a_lost_count_is_counted_again_at_the_next_change_or_on_the_list(client, login, medewerker):
    make(medewerker, 3)  # written without notify(): as if the cache had been emptied since
    assert notifications.cached_unread_count(medewerker) == 0

    send([medewerker])  # no counter to add to: counted in the database
    assert notifications.cached_unread_count(medewerker) == 4

    cache.set(notifications.cache_key(medewerker), 17)
    login(medewerker)
    page = client.get(LIST).content.decode()
    assert "4 ongelezen berichten." in page and '>4<span class="visually-hidden">' in page
    assert notifications.cached_unread_count(medewerker) == 4


def test_several_changes_in_one_transaction_each_count_once(medewerker):
    make(medewerker, 2)  # unknown to the cache
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        notifications.notify([medewerker], "Verwijzing VW-000006 is geaccepteerd", "/meldpunt/inbox/6/", email=False)
        notifications.notify([medewerker], "Verwijzing VW-000007 is geaccepteerd", "/meldpunt/inbox/7/", email=False)
        notifications.mark_read(medewerker, [Notificatie.objects.filter(user=medewerker).first().pk])
    assert notifications.cached_unread_count(medewerker) == 3 == notifications.unread_count(medewerker)


def test_changes_that_roll_back_do_not_change_the_count(medewerker):
    send([medewerker], n=2)
    with TestCase.captureOnCommitCallbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notifications.notify([medewerker], "Verwijzing VW-000005 is afgewezen", "/meldpunt/", email=False)
        notifications.mark_read(medewerker)
        raise RuntimeError
    assert notifications.cached_unread_count(medewerker) == 2 == notifications.unread_count(medewerker)


def test_the_cache_key_is_per_user_and_per_account(medewerker):
    other = UserFactory(role=Role.MEDEWERKER)
    assert notifications.cache_key(medewerker) != notifications.cache_key(other)
    same_id = UserFactory.build(pk=medewerker.pk, date_joined=medewerker.date_joined + timedelta(seconds=1))
    assert notifications.cache_key(same_id) != notifications.cache_key(medewerker)


def test_staff_see_no_count_before_their_second_factor(client, login, medewerker):
    make(medewerker, 4)
    login(medewerker, verified=False)

    page = client.get(reverse("coalition:second_factor")).content.decode()

    assert LIST not in page


# ---------------------------------------------------------------------------
# notify(): rows and e-mails
# ---------------------------------------------------------------------------
def test_notify_writes_a_row_per_active_user_and_one_mail_per_address_on_commit(
    mailoutbox, django_capture_on_commit_callbacks
):
    active = UserFactory(role=Role.PARTNER, email="pim@partner.example")
    gone = UserFactory(role=Role.PARTNER, email="oud@partner.example", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        made = notifications.notify(
            [active, active, gone, None], "Nieuwe verwijzing VW-000009 van het meldpunt", "/meldpunt/inbox/9/"
        )

    assert [n.user for n in made] == [active]
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["pim@partner.example"]
    assert mail.subject == "Nieuwe verwijzing VW-000009 van het meldpunt"
    assert "https://omzien.example/meldpunt/inbox/9/" in mail.body
    assert "geen namen" in mail.body


def test_notify_each_sends_one_mail_with_every_line_per_address(mailoutbox, django_capture_on_commit_callbacks):
    mila = UserFactory(role=Role.MEDEWERKER, email="mila@meldpunt.example")
    cor = UserFactory(role=Role.COORDINATOR, email="cor@meldpunt.example")

    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_each(
            [
                (mila, "Verwijzing VW-000001 loopt 6 weken: gaat het goed?", "/meldpunt/meldingen/ME-2026-00001/"),
                (mila, "Verwijzing VW-000002 loopt 6 weken: gaat het goed?", "/meldpunt/meldingen/ME-2026-00002/"),
                (cor, "Verwijzing VW-000003 loopt 6 weken: gaat het goed?", "/meldpunt/meldingen/ME-2026-00003/"),
            ]
        )

    assert Notificatie.objects.count() == 3
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_address) == {"mila@meldpunt.example", "cor@meldpunt.example"}
    assert by_address["mila@meldpunt.example"].subject == "Omzien: 2 nieuwe berichten"
    body = by_address["mila@meldpunt.example"].body
    assert "VW-000001" in body and "VW-000002" in body and "VW-000003" not in body
    assert "https://omzien.example/meldpunt/meldingen/ME-2026-00002/" in body


def test_a_rolled_back_notification_tells_nobody(mailoutbox, medewerker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notifications.notify([medewerker], "Verwijzing VW-000004 is afgewezen", "/meldpunt/")
        raise RuntimeError
    assert not Notificatie.objects.exists()
    assert mailoutbox == []
    assert notifications.cached_unread_count(medewerker) == 0
