"""Every URL of the project, for every role: the expected answer.

A URL that is not in MATRIX (or, for the admin, not covered by the admin rule) fails the test, so each
new page must say who may open it. Staff roles are logged in *with* their second factor here; what
happens without it is tested in test_accounts.py.
"""

import re
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from coalition import registry
from coalition.models import Importtaak, Organisatie, OutboxMessage, Paginaweergave, Role
from tests import factories

ANON = "anonymous"
ROLES = [ANON, *[role.value for role in Role]]

OK, LOGIN, DENIED, REDIRECT, NOT_ALLOWED, NOT_FOUND = "200", "login", "403", "redirect", "405", "404"


def only(*roles, otherwise=DENIED):
    """OK for `roles`, the log-in page for anonymous visitors, `otherwise` for every other role."""
    allowed = {role.value for role in roles}
    return {role: OK if role in allowed else (LOGIN if role == ANON else otherwise) for role in ROLES}


def everyone(answer=OK):
    return dict.fromkeys(ROLES, answer)


def anonymous_only(logged_in=REDIRECT):
    return {role: OK if role == ANON else logged_in for role in ROLES}


def not_found_for(answers, *roles):
    """`answers`, with 404 for `roles` (an object of someone else, whose existence is not given away)."""
    return {**answers, **{role.value: NOT_FOUND for role in roles}}


MATRIX = {
    "coalition:start": only(*Role),
    "coalition:health": everyone(),
    "coalition:favicon": everyone(REDIRECT),  # to the icon among the static files
    "coalition:login": anonymous_only(),
    "coalition:logout": everyone(NOT_ALLOWED),  # POST only
    "coalition:second_factor": {
        ANON: LOGIN,
        **{role.value: REDIRECT for role in Role},  # verified staff and non-staff both go on to their start page
    },
    "coalition:password_reset": everyone(),
    "coalition:password_reset_done": everyone(),
    "coalition:password_reset_confirm": everyone(),  # with a bad token: a page that says the link is invalid
    "coalition:password_reset_complete": everyone(),
    "set_language": everyone(REDIRECT),  # GET changes nothing and sends you back
    "meldpunt:index": only(Role.MEDEWERKER, Role.COORDINATOR),
    # The case file, its print view and the addresses its forms post to. The sample case (SAMPLE_CASE) belongs to
    # a meldpunt the matrix's medewerker and coördinator do not work for: only staff of the case's own meldpunt
    # open it, everyone else gets 403 (staff of the meldpunt itself: tests/test_meldpunt_case.py).
    **dict.fromkeys(
        [
            "meldpunt:case",
            "meldpunt:case_print",
            "meldpunt:case_entry",
            "meldpunt:case_correct",
            "meldpunt:case_assign",
            "meldpunt:case_status",
            "meldpunt:case_follow_up",
            "meldpunt:case_step",
            "meldpunt:case_profile",
            "meldpunt:case_edit",
            "meldpunt:case_close",
            "meldpunt:case_reopen",
            "meldpunt:case_merge",
            "meldpunt:case_accept",  # the "Eerst nakijken" answers (tests/test_meldpunt_check_first.py)
            "meldpunt:case_spam",
            "meldpunt:djg_add",  # entering a measurement (tests/test_meldpunt_measurements.py)
            "meldpunt:pg_add",
            "meldpunt:case_export",  # the person's rights: see everything, erase (tests/test_meldpunt_privacy.py)
            "meldpunt:case_erase",
            "meldpunt:case_about_others",  # texts about others, the person told (tests/test_meldpunt_rights.py)
            "meldpunt:case_informed",
            "meldpunt:referral_create",  # referring from a case (tests/test_meldpunt_referrals.py)
            "meldpunt:referral_consent_withdraw",  # withdrawing consent (tests/test_meldpunt_consent.py)
            "meldpunt:unmet_need_create",  # "Niets passends?" on the referral page (tests/test_meldpunt_unmet_needs.py)
        ],
        only(),
    ),
    # The audit log of the meldpunt: only the functionaris gegevensbescherming (tests/test_meldpunt_audit.py).
    "meldpunt:auditlog": only(Role.FUNCTIONARIS),
    "meldpunt:auditlog_export": only(Role.FUNCTIONARIS),
    # Signals coming in (tests/test_meldpunt_intake.py, tests/test_meldpunt_public_form.py). Staff without a
    # meldpunt get a page that says so; the public form and its thank-you page (without a number in the session:
    # the general text) are for everyone; a partner's thank-you page without a number goes back to the form.
    "meldpunt:intake": only(Role.MEDEWERKER, Role.COORDINATOR),
    "meldpunt:melden": everyone(),
    "meldpunt:melden_bedankt": everyone(),
    "meldpunt:privacy": everyone(),  # the privacy statement of the report form (tests/test_meldpunt_public_form.py)
    "meldpunt:partner_signaal": only(Role.PARTNER, Role.COORDINATOR),
    "meldpunt:partner_signaal_bedankt": {
        **only(Role.PARTNER, Role.COORDINATOR),
        Role.PARTNER.value: REDIRECT,
        Role.COORDINATOR.value: REDIRECT,
    },
    # The partner inbox (tests/test_meldpunt_inbox.py): partners only, not even coördinators or meldpunt staff.
    # The sample referral is of an organisation the matrix's partner does not act for: 403 on it and on every
    # answer to it (their own referrals are tested in test_meldpunt_inbox.py).
    "meldpunt:inbox": only(Role.PARTNER),
    **dict.fromkeys(
        [
            "meldpunt:inbox_detail",
            "meldpunt:inbox_accept",
            "meldpunt:inbox_decline",
            "meldpunt:inbox_first_contact",
            "meldpunt:inbox_start",
            "meldpunt:inbox_close",
        ],
        only(),
    ),
    # Notifications (tests/test_meldpunt_notifications.py): every logged-in user opens their own list (medewerkers,
    # coördinators and partners receive them; for the other roles it is empty). The sample id is nobody's here: 404,
    # as for another user's notification. "Alles gelezen" is POST only.
    "meldpunt:notifications": only(*Role),
    "meldpunt:notification_open": {**only(*Role), **{role.value: NOT_FOUND for role in Role}},
    "meldpunt:notifications_read_all": {**only(*Role), **{role.value: NOT_ALLOWED for role in Role}},
    # The partner's choice of a daily overview by e-mail (issue 15): POST only, partners only.
    "meldpunt:notifications_frequency": {**only(Role.PARTNER), Role.PARTNER.value: NOT_ALLOWED},
    # The coördinator's overview of unmet needs (issue 15; tests/test_meldpunt_unmet_needs.py).
    "meldpunt:unmet_needs": only(Role.COORDINATOR),
    # What works: the suppressed track record of referrals and the staff page of an activity
    # (tests/test_meldpunt_trackrecord.py). Not for the stuurgroep: it gets aggregates through monitoring.
    "meldpunt:trackrecord": only(Role.MEDEWERKER, Role.COORDINATOR),
    "meldpunt:activity_track_record": only(Role.MEDEWERKER, Role.COORDINATOR),
    "socialekaart:partner_index": only(Role.PARTNER, Role.COORDINATOR),
    # A partner's own listings, places and times. The sample objects belong to an organisation the matrix's
    # partner does not act for: partners get 403 there (their own are tested in test_socialekaart_partner.py).
    **dict.fromkeys(
        [
            "socialekaart:organisatie_activiteiten",
            "socialekaart:activiteit_create",
            "socialekaart:locatie_list",
            "socialekaart:locatie_create",
            "socialekaart:locatie_edit",
            "socialekaart:activiteit_edit",
            "socialekaart:activiteit_submit",  # GET: a confirmation page with the POST button
            "socialekaart:activiteit_confirm",
            "socialekaart:activiteit_duplicate",
            "socialekaart:activiteit_archive",
            "socialekaart:activiteit_schedule",
            "socialekaart:tijdslot_remove",
            "socialekaart:bijeenkomst_remove",
            "socialekaart:uitzondering_remove",
        ],
        only(Role.COORDINATOR),
    ),
    # The coördinator's review of listings and changes.
    "socialekaart:review_queue": only(Role.COORDINATOR),
    "socialekaart:review_activiteit": only(Role.COORDINATOR),
    "socialekaart:review_proposal": only(Role.COORDINATOR),
    "socialekaart:partner_trust": only(Role.COORDINATOR),
    # The coördinator's insight: stale listings, search terms, witte vlekken.
    "socialekaart:verouderd": only(Role.COORDINATOR),
    "socialekaart:zoekvragen": only(Role.COORDINATOR),
    # From the searches without results: "this search word means …" (a form page), and setting a search aside
    # (POST only). tests/test_socialekaart_insight.py.
    "socialekaart:zoekvraag_synoniem": only(Role.COORDINATOR),
    "socialekaart:zoekvraag_verbergen": {**only(Role.COORDINATOR), Role.COORDINATOR.value: NOT_ALLOWED},
    "socialekaart:witte_vlekken": only(Role.COORDINATOR),
    # The citizens' pages: public, for everyone, logged in or not.
    "socialekaart:home": everyone(),
    "socialekaart:search": everyone(),
    "socialekaart:booklet": everyone(),
    "socialekaart:activiteit": everyone(),
    "socialekaart:activiteit_ics": everyone(),
    "socialekaart:agenda": everyone(),
    "socialekaart:agenda_ics": everyone(),
    # Subsidies. The open calls are public (issue 11).
    "subsidies:index": everyone(),
    # Subsidies, grants: allocation, decision, payments, settlement (tests/test_subsidies_grants.py). The sample
    # applications (made in sample_objects()) are of an organisation nobody in the matrix acts for. The coördinator
    # opens every page; the addresses that only take a POST send a GET back to the grant page.
    "subsidies:grant_allocate": only(Role.COORDINATOR),
    "subsidies:grant_decide": only(Role.COORDINATOR),
    "subsidies:grant_detail": only(Role.COORDINATOR),
    "subsidies:grant_payment": {**only(Role.COORDINATOR), Role.COORDINATOR.value: REDIRECT},
    "subsidies:grant_settle": {**only(Role.COORDINATOR), Role.COORDINATOR.value: REDIRECT},
    # The decision letter: the coördinator and those acting for the applicant's organisation; a partner or applicant
    # of another organisation gets 404 (its existence is not given away).
    **{
        name: {**only(Role.COORDINATOR), Role.PARTNER.value: NOT_FOUND, Role.AANVRAGER.value: NOT_FOUND}
        for name in ["subsidies:grant_letter", "subsidies:grant_letter_pdf"]
    },
    # Subsidies, after the grant (tests/test_subsidies_reports.py): the overview of reports, a report, the
    # coördinator's answers to it (POST only: a GET goes back to the report) and the listing for the sociale kaart.
    # The sample application is of an organisation nobody in the matrix acts for: 404 for the applicant roles.
    "subsidies:reports": only(Role.PARTNER, Role.AANVRAGER, Role.COORDINATOR),
    "subsidies:report": {
        **only(Role.COORDINATOR),
        Role.PARTNER.value: NOT_FOUND,
        Role.AANVRAGER.value: NOT_FOUND,
    },
    "subsidies:report_accept": {**only(Role.COORDINATOR), Role.COORDINATOR.value: REDIRECT},
    "subsidies:report_changes": {**only(Role.COORDINATOR), Role.COORDINATOR.value: REDIRECT},
    "subsidies:publish": {
        **only(Role.PARTNER, Role.AANVRAGER),
        Role.PARTNER.value: NOT_FOUND,
        Role.AANVRAGER.value: NOT_FOUND,
    },
    # Subsidies, the applicant's side (tests/test_subsidies_applicant.py). A call's page, the registration's pages
    # and its confirmation link (a bad token: a page that says so) are public; registering is for visitors who are
    # not logged in. The applicant's pages are for partners and aanvragers; the sample application (pk 991001) and
    # its attachment belong to an organisation nobody in the matrix acts for: 404, as for anyone else's. Its
    # attachment is served to coördinators too (the committee's access: tests/test_subsidies_applicant.py).
    "subsidies:call": everyone(),
    "subsidies:register": anonymous_only(),
    "subsidies:register_sent": everyone(),
    "subsidies:register_confirm": everyone(),
    "subsidies:my_applications": only(Role.PARTNER, Role.AANVRAGER),
    "subsidies:start": only(Role.PARTNER, Role.AANVRAGER),
    **dict.fromkeys(
        [
            "subsidies:application",
            "subsidies:section",
            "subsidies:attachments",
            "subsidies:submit",
            "subsidies:withdraw",
            "subsidies:attachment_remove",
        ],
        not_found_for(only(Role.PARTNER, Role.AANVRAGER), Role.PARTNER, Role.AANVRAGER),
    ),
    "subsidies:attachment": not_found_for(
        only(Role.PARTNER, Role.AANVRAGER, Role.COORDINATOR, Role.COMMISSIELID),
        Role.PARTNER,
        Role.AANVRAGER,
        Role.COMMISSIELID,
    ),
    # Subsidies, the committee and the coördinator's steps before it (tests/test_subsidies_committee.py). The sample
    # call (SAMPLE_CALL) has one submitted application and one at the committee; the matrix's commissielid has not
    # declared, so the committee's application page shows only the declaration form, the ranking says it opens
    # after reviewing, and its export is refused. The addresses forms post to send a GET back to the page.
    "subsidies:coordinator_calls": only(Role.COORDINATOR),
    "subsidies:coordinator_call": only(Role.COORDINATOR),
    "subsidies:coordinator_application": only(Role.COORDINATOR),
    **{
        name: {**only(Role.COORDINATOR), Role.COORDINATOR.value: REDIRECT}
        for name in [
            "subsidies:coordinator_eligible",
            "subsidies:coordinator_ineligible",
            "subsidies:coordinator_information",
        ]
    },
    "subsidies:committee": only(Role.COMMISSIELID),
    "subsidies:committee_call": only(Role.COMMISSIELID),
    "subsidies:committee_application": only(Role.COMMISSIELID),
    **{
        name: {**only(Role.COMMISSIELID), Role.COMMISSIELID.value: REDIRECT}
        for name in ["subsidies:committee_declare", "subsidies:committee_review"]
    },
    "subsidies:ranking": only(Role.COORDINATOR, Role.COMMISSIELID),
    "subsidies:ranking_export": {**only(Role.COORDINATOR, Role.COMMISSIELID), Role.COMMISSIELID.value: DENIED},
    # The dashboard, its exports and its printed report: aggregates only. Meldpunt staff see their own meldpunt's
    # figures (tests/test_monitoring_dashboard.py); a partner sees only their own organisation's "onze cijfers".
    "monitoring:index": only(Role.STUURGROEP, Role.COORDINATOR, Role.MEDEWERKER),
    "monitoring:export": only(Role.STUURGROEP, Role.COORDINATOR, Role.MEDEWERKER),
    "monitoring:report": only(Role.STUURGROEP, Role.COORDINATOR, Role.MEDEWERKER),
    "monitoring:report_pdf": only(Role.STUURGROEP, Role.COORDINATOR, Role.MEDEWERKER),
    "monitoring:our_figures": only(Role.PARTNER),
    "monitoring:progress": everyone(),  # the public progress page
    # Our redirect in front of the admin's own log-in page (which is never reached). A logged-in user without an
    # admin role gets the 403 page for everything under /admin/ (coalition.middleware.AdminForAdminsOnlyMiddleware).
    "admin-login-redirect": {
        role: LOGIN if role in (ANON, Role.COORDINATOR.value, Role.BEHEERDER.value) else DENIED for role in ROLES
    },
    # The open-data API (HSDS): public, read-only. The detail URLs get an unknown ID here (404); their
    # answers for real objects are tested in test_socialekaart_api.py.
    "socialekaart:api_root": everyone(),
    "socialekaart:api_services": everyone(),
    "socialekaart:api_service": everyone(NOT_FOUND),
    "socialekaart:api_organizations": everyone(),
    "socialekaart:api_organization": everyone(NOT_FOUND),
    "socialekaart:api_locations": everyone(),
    "socialekaart:api_service_at_locations": everyone(),
    "socialekaart:api_taxonomies": everyone(),
    "socialekaart:api_taxonomy_terms": everyone(),
}

# A case of a meldpunt that nobody in the matrix works for (made in sample_objects()).
SAMPLE_CASE = "ME-2026-99001"
# A subsidy call (made in sample_objects()).
SAMPLE_CALL = "voorbeeld-regeling"

SAMPLE_KWARGS = {
    "coalition:password_reset_confirm": {"uidb64": "MQ", "token": "bad-token"},
    **{
        name: {"number": SAMPLE_CASE}
        for name in [
            "meldpunt:case",
            "meldpunt:case_print",
            "meldpunt:case_entry",
            "meldpunt:case_correct",
            "meldpunt:case_assign",
            "meldpunt:case_status",
            "meldpunt:case_follow_up",
            "meldpunt:case_step",
            "meldpunt:case_profile",
            "meldpunt:case_edit",
            "meldpunt:case_close",
            "meldpunt:case_reopen",
            "meldpunt:case_merge",
            "meldpunt:case_accept",
            "meldpunt:case_spam",
            "meldpunt:djg_add",
            "meldpunt:pg_add",
            "meldpunt:case_export",
            "meldpunt:case_erase",
            "meldpunt:case_about_others",
            "meldpunt:case_informed",
            "meldpunt:referral_create",
            "meldpunt:unmet_need_create",
        ]
    },
    # Partner pages: objects of another organisation, made with these keys in sample_objects().
    **{
        name: {"pk": 990001}
        for name in [
            "socialekaart:organisatie_activiteiten",
            "socialekaart:activiteit_create",
            "socialekaart:locatie_list",
            "socialekaart:locatie_create",
        ]
    },
    **{
        name: {"slug": "voorbeeld-partner"}
        for name in [
            "socialekaart:activiteit_edit",
            "socialekaart:activiteit_submit",
            "socialekaart:activiteit_confirm",
            "socialekaart:activiteit_duplicate",
            "socialekaart:activiteit_archive",
            "socialekaart:activiteit_schedule",
            "socialekaart:review_activiteit",
        ]
    },
    **{
        name: {"pk": 990001}
        for name in [
            "socialekaart:locatie_edit",
            "socialekaart:tijdslot_remove",
            "socialekaart:bijeenkomst_remove",
            "socialekaart:uitzondering_remove",
            "socialekaart:review_proposal",
        ]
    },
    # The sample referral (made in sample_objects()), to an organisation nobody in the matrix acts for.
    **{
        name: {"pk": 990001}
        for name in [
            "meldpunt:inbox_detail",
            "meldpunt:inbox_accept",
            "meldpunt:inbox_decline",
            "meldpunt:inbox_first_contact",
            "meldpunt:inbox_start",
            "meldpunt:inbox_close",
        ]
    },
    "meldpunt:notification_open": {"pk": 990001},
    "meldpunt:referral_consent_withdraw": {"number": SAMPLE_CASE, "pk": 990001},
    # Subsidies, grants: sample applications made in sample_objects().
    "subsidies:grant_allocate": {"pk": 990301},
    "subsidies:grant_decide": {"pk": 990301},
    **{
        name: {"pk": 990302}
        for name in [
            "subsidies:grant_detail",
            "subsidies:grant_payment",
            "subsidies:grant_settle",
            "subsidies:grant_letter",
            "subsidies:grant_letter_pdf",
        ]
    },
    # Subsidies, after the grant: a granted application with a report (made in sample_objects()).
    **{
        name: {"pk": 990011, "rapport_pk": 990011}
        for name in ["subsidies:report", "subsidies:report_accept", "subsidies:report_changes"]
    },
    "subsidies:publish": {"pk": 990011},
    "meldpunt:activity_track_record": {"slug": "voorbeeld-openbaar"},
    "socialekaart:activiteit": {"slug": "voorbeeld-openbaar"},  # made in sample_objects()
    "socialekaart:activiteit_ics": {"slug": "voorbeeld-openbaar"},
    # Subsidies, the applicant's side: the sample call, application and attachment made in sample_objects().
    "monitoring:export": {"key": "signalen", "fmt": "csv"},
    "subsidies:call": {"slug": SAMPLE_CALL},
    "subsidies:start": {"slug": SAMPLE_CALL},
    "subsidies:register_confirm": {"uidb64": "MQ", "token": "bad-token"},
    **{
        name: {"pk": 991001}
        for name in [
            "subsidies:application",
            "subsidies:attachments",
            "subsidies:submit",
            "subsidies:withdraw",
            "subsidies:attachment_remove",
            "subsidies:attachment",
        ]
    },
    "subsidies:section": {"pk": 991001, "section": "project"},
    "socialekaart:api_service": {"id": "00000000-0000-5000-8000-000000000000"},
    # Subsidies, the committee (made in sample_objects()): the sample call, its submitted application and the one at
    # the committee.
    **{
        name: {"slug": SAMPLE_CALL}
        for name in [
            "subsidies:coordinator_call",
            "subsidies:committee_call",
            "subsidies:ranking",
            "subsidies:ranking_export",
        ]
    },
    **{
        name: {"pk": 990001}
        for name in [
            "subsidies:coordinator_application",
            "subsidies:coordinator_eligible",
            "subsidies:coordinator_ineligible",
            "subsidies:coordinator_information",
        ]
    },
    **{
        name: {"pk": 990002}
        for name in ["subsidies:committee_application", "subsidies:committee_declare", "subsidies:committee_review"]
    },
    "socialekaart:api_organization": {"id": "00000000-0000-5000-8000-000000000000"},
}


# ---------------------------------------------------------------------------
# The admin: one rule instead of a line per model.
# ---------------------------------------------------------------------------
ADMIN_MODEL_ROUTE = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/")
# Records that the admin shows but nobody adds by hand (django-axes writes them itself).
ADMIN_NO_ADD = {"axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}
# Append-only records: shown, but nobody (not even a beheerder) adds, changes or deletes them.
ADMIN_READ_ONLY = {
    "socialekaart.historie",
    "socialekaart.zoekvraag",
    "socialekaart.wijzigingsvoorstel",
    # Written by the services, sent by Celery; the coördinator only looks and retries.
    "coalition.outboxmessage",
    # Counted by the middleware; only the beheerder looks.
    "coalition.paginaweergave",
    # Large imports in the background: started from a model's import page, their page shows progress and result.
    "coalition.importtaak",
    # Subsidies: applications change only through their workflow; their history is append-only.
    "subsidies.aanvraag",
    "subsidies.historie",
}


def admin_expectation(view_name: str, route: str, kwargs: dict) -> dict:  # noqa: PLR0911 -- a flat table of cases
    """The admin sends visitors who are not logged in to its log-in page (which is ours); a logged-in user without an
    admin role gets the 403 page (with a link to their own start page), not that log-in page: a loop for them."""
    expected = {role: LOGIN if role == ANON else DENIED for role in ROLES}

    def for_admins(coordinator, beheerder=OK):
        expected[Role.COORDINATOR.value] = coordinator
        expected[Role.BEHEERDER.value] = beheerder
        return expected

    if view_name == "admin:login":
        return MATRIX["admin-login-redirect"]  # shadowed by our redirect to the log-in page
    if view_name == "admin:logout":
        # Visitors are sent to the admin index (and from there to log in); admins must POST.
        expected[ANON] = REDIRECT
        return for_admins(NOT_ALLOWED, NOT_ALLOWED)
    if view_name.endswith("_process_import"):
        return for_admins(NOT_ALLOWED, NOT_ALLOWED)  # the confirmation of an import is POST only
    if view_name == "admin:autocomplete":
        return for_admins(DENIED, DENIED)  # without a field to complete it refuses
    if view_name == "admin:view_on_site":
        return for_admins(NOT_FOUND, NOT_FOUND)
    if view_name == "admin:catch_all":
        return for_admins(NOT_FOUND, NOT_FOUND)
    if view_name == "admin:app_list":
        allowed = any(label.startswith(f"{kwargs['app_label']}.") for label in registry.coordinator_models())
        return for_admins(OK if allowed else NOT_FOUND)
    if view_name == "admin:auth_user_password_change":
        # Nobody sets another user's password: the beheerder is sent back with the "send a link" action.
        return for_admins(DENIED, REDIRECT)
    match = ADMIN_MODEL_ROUTE.match(route)
    if match and not view_name.startswith("admin:password_change"):
        model_label = f"{match['app']}.{match['model']}"
        if view_name == "admin:object_redirect":  # /admin/app/model/<id>/ → …/change/, checked there
            return for_admins(REDIRECT, REDIRECT)
        if view_name.endswith("_add") and model_label in ADMIN_NO_ADD:
            return for_admins(DENIED, DENIED)
        if view_name.endswith(("_add", "_delete")) and model_label in ADMIN_READ_ONLY:
            return for_admins(DENIED, DENIED)
        return for_admins(OK if model_label in registry.coordinator_models() else DENIED)
    return for_admins(OK)


# ---------------------------------------------------------------------------
# Walking the URL patterns
# ---------------------------------------------------------------------------
def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), full_ns)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern.name, prefix + str(pattern.pattern), pattern


def project_urls(objects: dict) -> list[tuple[str, str, dict]]:
    """(matrix key, URL, expectation) for every URL pattern of the project."""
    urls = []
    for namespace, name, route, pattern in walk(get_resolver().url_patterns):
        if route == "admin/login/" and namespace is None:
            urls.append(("admin-login-redirect", "/admin/login/", MATRIX["admin-login-redirect"]))
            continue
        if namespace == "admin":
            urls.extend(admin_urls(name, route, pattern, objects))
            continue
        view_name = f"{namespace}:{name}" if namespace else name
        assert view_name in MATRIX, f"URL {route!r} ({view_name}) has no line in the permission matrix"
        urls.append((view_name, reverse(view_name, kwargs=SAMPLE_KWARGS.get(view_name)), MATRIX[view_name]))
    return urls


def admin_urls(name, route, pattern, objects):
    if name is None and route == "admin/(?P<url>.*)$":
        return [("admin:catch_all", "/admin/no-such-page/", admin_expectation("admin:catch_all", route, {}))]
    if name == "app_list":
        labels = re.search(r"\(\?P<app_label>([\w|]+)\)", route).group(1).split("|")
        return [
            (f"admin:app_list[{label}]", url, admin_expectation("admin:app_list", route, {"app_label": label}))
            for label in labels
            for url in [reverse("admin:app_list", kwargs={"app_label": label})]
        ]
    kwargs = {}
    match = ADMIN_MODEL_ROUTE.match(route)
    instance = objects.get(f"{match['app']}.{match['model']}") if match else None
    groups = pattern.pattern.regex.groupindex
    if "content_type_id" in groups:
        kwargs = {"content_type_id": 1, "object_id": 1}
    elif object_groups := [group for group in ("object_id", "pk", "id") if group in groups]:
        assert instance is not None, f"No sample object for admin URL {route!r}: add one in sample_objects()"
        kwargs[object_groups[0]] = instance.pk
    if name is None:  # /admin/<app>/<model>/<id>/ redirects to the change page
        url = "/" + route.split("<")[0] + f"{instance.pk}/"
        return [("admin:object_redirect:" + route, url, admin_expectation("admin:object_redirect", route, {}))]
    view_name = f"admin:{name}"
    return [(view_name, reverse(view_name, kwargs=kwargs or None), admin_expectation(view_name, route, kwargs))]


def _partner_page_samples(user):
    """The partner pages' sample objects (SAMPLE_KWARGS): fixed ids, of an organisation nobody in the matrix acts
    for, and the partner inbox's sample referral to that same organisation. Returns that organisation."""
    from socialekaart.models import Wijzigingsvoorstel

    ander = factories.OrganisatieFactory(pk=990001)
    eigen = factories.ActiviteitFactory(slug="voorbeeld-partner", organisatie=ander)
    factories.LocatieFactory(pk=990001, organisatie=ander)
    factories.TijdslotFactory(pk=990001, activiteit=eigen)
    factories.BijeenkomstFactory(pk=990001, activiteit=eigen)
    factories.UitzonderingFactory(pk=990001, activiteit=eigen)
    Wijzigingsvoorstel.objects.create(pk=990001, activiteit=eigen, data={"title": "Nieuwe titel"}, submitted_by=user)
    factories.VerwijzingFactory(pk=990001, organisatie=ander)
    return ander


def sample_objects() -> dict:
    """One object of every model that has an admin, so object pages can be opened."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    user = factories.UserFactory(role=Role.PARTNER)
    objects = {
        "coalition.gemeente": factories.GemeenteFactory(),
        "coalition.organisatie": factories.OrganisatieFactory(),
        "coalition.user": user,
        "axes.accessattempt": AccessAttempt.objects.create(
            username="x", ip_address="127.0.0.1", failures_since_start=1
        ),
        "axes.accesslog": AccessLog.objects.create(username="x", ip_address="127.0.0.1"),
        "axes.accessfailurelog": AccessFailureLog.objects.create(username="x", ip_address="127.0.0.1"),
        "coalition.outboxmessage": OutboxMessage.objects.create(to="a@example.org", subject="Onderwerp", topic="test"),
        "coalition.paginaweergave": Paginaweergave.objects.create(day=date(2026, 1, 5), page_type="zoeken", count=3),
    }
    # An import in the background, started by someone else (coördinatoren and beheerders see every import).
    objects["coalition.importtaak"] = Importtaak.objects.create(
        model=ContentType.objects.get_for_model(Organisatie),
        resource="coalition.resources.OrganisatieResource",
        file_name="organisaties.csv",
        file_format=Importtaak.Format.CSV,
        total_rows=600,
        created_by=factories.UserFactory(role=Role.COORDINATOR),
    )
    wijk = factories.WijkFactory(gemeente=objects["coalition.gemeente"])
    objects["coalition.wijk"] = wijk
    objects["coalition.postcodegebied"] = wijk.postcodegebieden.create(postcode_from="7511AA", postcode_to="7511ZZ")
    organisatie = objects["coalition.organisatie"]
    contact = organisatie.contactpersonen.create(name="Contact")
    objects["coalition.contactpersoon"] = contact
    objects["coalition.werkgroep"] = objects["coalition.gemeente"].werkgroepen.create(name="Werkgroep")
    from meldpunt.models import Meldpunt

    objects["meldpunt.meldpunt"] = Meldpunt.objects.create(
        gemeente=objects["coalition.gemeente"], name="Meldpunt", phone="0000", email="m@example.org"
    )
    # The sample case (SAMPLE_CASE) of this meldpunt, which has no staff: every role gets 403 on it.
    factories.MeldingFactory(meldpunt=objects["meldpunt.meldpunt"], number=SAMPLE_CASE)
    # A public activity with a weekly time and a dated event, for the citizens' activity page and its .ics.
    openbaar = factories.ActiviteitFactory(slug="voorbeeld-openbaar", organisatie=organisatie)
    factories.TijdslotFactory(activiteit=openbaar)
    factories.BijeenkomstFactory(activiteit=openbaar)
    # One of each model in the sociale kaart's admin (socialekaart/admin.py), of an organisation of their own.
    from socialekaart.models import (
        Historie,
        PartnerInstelling,
        Synoniem,
        VerborgenZoekvraag,
        Wijzigingsvoorstel,
        Zoekvraag,
    )

    beheerd = factories.ActiviteitFactory(organisatie=factories.OrganisatieFactory())
    objects["socialekaart.activiteit"] = beheerd
    objects["socialekaart.locatie"] = factories.LocatieFactory(organisatie=beheerd.organisatie)
    objects["socialekaart.partnerinstelling"] = PartnerInstelling.objects.create(organisatie=beheerd.organisatie)
    objects["socialekaart.uitzondering"] = factories.UitzonderingFactory(activiteit=beheerd)
    objects["socialekaart.wijzigingsvoorstel"] = Wijzigingsvoorstel.objects.create(
        activiteit=beheerd, data={}, submitted_by=user
    )
    objects["socialekaart.historie"] = Historie.objects.create(activiteit=beheerd, action=Historie.Action.AANGEMAAKT)
    objects["socialekaart.zoekvraag"] = Zoekvraag.objects.create(terms="wandelen", result_count=0)
    objects |= {
        "socialekaart.synoniem": Synoniem.objects.create(word="matrixwoord", words=["wandelen"]),
        "socialekaart.verborgenzoekvraag": VerborgenZoekvraag.objects.create(term="asdf"),
    }
    ander = _partner_page_samples(user)
    # Subsidies, grants: an application at the committee and a granted one, of an organisation of their own.
    aanvrager = factories.OrganisatieFactory()
    factories.AanvraagFactory(pk=990301, at_committee=True, organisatie=aanvrager)
    factories.GrantedAanvraagFactory(pk=990302, organisatie=aanvrager)
    # Subsidies, after the grant: a granted application of that organisation, with a report.
    factories.RapportageFactory(pk=990011, aanvraag=factories.granted_application(pk=990011, organisatie=ander))
    # Subsidies, the applicant's side: an open call, and an application with an attachment of an organisation of
    # its own (nobody in the matrix acts for it).
    regeling = factories.RegelingFactory(slug=SAMPLE_CALL)
    aanvraag = factories.AanvraagFactory(pk=991001, regeling=regeling)
    factories.BijlageFactory(pk=991001, aanvraag=aanvraag)
    # Subsidies, the committee: a call with a submitted application (the coördinator's sample) and one at the
    # committee (the member's sample); the admin's samples are these too.
    from subsidies.models import Historie as SubsidieHistorie

    ingediend = factories.AanvraagFactory(pk=990001, regeling=regeling, submitted=True)
    factories.AanvraagFactory(pk=990002, regeling=regeling, at_committee=True)
    objects["subsidies.regeling"] = regeling
    objects["subsidies.aanvraag"] = ingediend
    objects["subsidies.historie"] = SubsidieHistorie.objects.create(aanvraag=ingediend, step="ingediend")
    # Monitoring's own figures (monitoring/admin.py): a GGD figure, an ambition, inhabitants 65+.
    objects["monitoring.gezondheidscijfer"] = factories.GezondheidscijferFactory(gemeente=objects["coalition.gemeente"])
    objects["monitoring.ambitie"] = factories.AmbitieFactory(gemeente=objects["coalition.gemeente"])
    objects["monitoring.inwonertal"] = factories.InwonertalFactory(gemeente=objects["coalition.gemeente"], wijk=wijk)
    return objects


def answer_of(response) -> str:
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith((reverse("coalition:login"), "/admin/login/")):
            return LOGIN
        return REDIRECT
    return str(response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_url_gives_each_role_the_expected_answer(client, login, role):
    objects = sample_objects()
    if role != ANON:
        login(factories.UserFactory(role=role))

    mismatches = []
    for key, url, expected in project_urls(objects):
        got = answer_of(client.get(url))
        if got != expected[role]:
            mismatches.append(f"{url} ({key}): expected {expected[role]}, got {got}")

    assert not mismatches, f"{role}:\n" + "\n".join(mismatches)


@pytest.mark.django_db
def test_a_url_missing_from_the_matrix_fails(monkeypatch):
    monkeypatch.delitem(MATRIX, "meldpunt:index")
    with pytest.raises(AssertionError, match="no line in the permission matrix"):
        project_urls(sample_objects())
