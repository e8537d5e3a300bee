"""Case pages. Thin: selectors decide what is shown, services make every change and record every view.

No personal data travels in an address: cases are addressed by reference, people and documents by
random ids, and person searches are sent by POST so their terms never reach an access log.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.core.forms import add_service_errors, attempt
from joinedup.partners import selectors as partner_selectors
from joinedup.partners.decorators import staff_required
from joinedup.partners.models import Organisation, Team, User
from joinedup.places.models import AreaKind
from joinedup.places.selectors import area_list

from .. import forms as case_forms
from .. import policy, referral_selectors, risk_selectors, selectors
from ..models import Case, CaseAction, CasePerson, CaseStatus
from ..services import access, cases, people, retention, risk, sharing, work

PAGE_SIZE = 50


def _casework(view):
    """Signed-in staff who do casework; everyone else is refused (or sent to sign in)."""

    @staff_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy.does_casework(request.user):
            raise NotPermitted(selectors.CASEWORK_DENIED)
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return never_cache(wrapper)


def _open(request: HttpRequest, reference: str) -> Case:
    """The case for a page that shows its contents, recorded as viewed; locked cases are refused."""
    view = access.case_view(by=request.user, reference=reference)
    if not view.open:
        raise NotPermitted(
            f"{view.case.reference} has not been shared with you. Ask its lead partner for access."
        )
    return view.case


def _areas(user: Any) -> Any:
    return area_list(user=user).filter(kind__in=[AreaKind.WARD, AreaKind.PATCH])


# --- lists ------------------------------------------------------------------------------------------------


@_casework
def case_list(request: HttpRequest) -> HttpResponse:
    form = case_forms.CaseFilterForm(request.GET or None)
    filters = selectors.CaseFilters(
        status=form.value("status") or "active", kind=form.value("kind"), mine=form.value("mine") == "1"
    )
    cases_ = access.case_list_view(by=request.user, filters=filters)
    page = Paginator(cases_, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    queue = selectors.action_queue(user=request.user)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "overdue": sum(1 for row in queue if row.overdue),
            "retention_due": selectors.cases_due_for_retention_review(user=request.user).count(),
        },
    )


@_casework
def action_queue(request: HttpRequest) -> HttpResponse:
    rows = selectors.action_queue(user=request.user)
    return render(
        request,
        "cases/action_queue.html",
        {
            "rows": rows,
            "overdue": [r for r in rows if r.overdue],
            "due": [r for r in rows if not r.overdue],
            "reassessments": risk.reassessments_view(by=request.user),
        },
    )


@_casework
def retention_list(request: HttpRequest) -> HttpResponse:
    due = selectors.cases_due_for_retention_review(user=request.user)
    from django.conf import settings

    return render(request, "cases/retention_list.html", {"cases": due, "days": settings.CASE_RETENTION_DAYS})


# --- opening a case ---------------------------------------------------------------------------------------


def _case_form(request: HttpRequest, form_class: type, case: Case | None = None, **kwargs: Any) -> Any:
    user: Any = request.user
    if case is None:
        partnerships = partner_selectors.partnership_list(user=user).filter(
            memberships__organisation_id=user.organisation_id
        )
        officers = User.objects.filter(
            organisation_id=user.organisation_id, role__in=policy.CASEWORK_ROLES, is_active=True
        ).order_by("full_name")
        return form_class(
            request.POST or None,
            officers=officers,
            areas=_areas(user),
            partnerships=partnerships,
            initial={"lead_officer": user.id, "restricted": "no"},
            **kwargs,
        )
    officers = selectors.casework_staff(
        partnership=case.partnership, organisations=Organisation.objects.filter(id=case.lead_partner_id)
    )
    return form_class(request.POST or None, officers=officers, areas=_areas(user), **kwargs)


@_casework
def case_new(request: HttpRequest) -> HttpResponse:
    form = _case_form(request, case_forms.CaseForm)
    if request.method == "POST" and form.is_valid():
        ok, case = attempt(
            form,
            lambda: cases.case_create(
                by=request.user, partnership=form.cleaned_data["partnership"], **form.service_values()
            ),
        )
        if ok:
            messages.success(request, f"Case {case.reference} opened")
            return redirect("case-detail", reference=case.reference)
    return render(request, "cases/case_form.html", {"form": form, "page_has_errors": bool(form.errors)})


@_casework
def case_edit(request: HttpRequest, reference: str) -> HttpResponse:
    case = (
        _open(request, reference)
        if request.method == "GET"
        else selectors.case_get_open(user=request.user, reference=reference)
    )
    if not policy.leads(request.user, case):
        raise NotPermitted(f"Only {case.lead_partner.name}, which leads {case.reference}, can change it.")
    fields = case_forms.CaseEditForm.base_fields
    initial = {name: getattr(case, name) for name in fields if hasattr(case, name)}
    initial["restricted"] = "yes" if case.restricted else "no"
    form = _case_form(request, case_forms.CaseEditForm, case, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            cases.case_update(
                by=request.user, case=case, version=form.cleaned_data["version"], **form.service_values()
            )
        except (NotPermitted, NotFound):
            raise
        except cases.StaleEdit as error:
            # Keep what they typed; show the case as it now is beside it. Saving again is a deliberate choice.
            stale = Case.objects.select_related("kind", "lead_officer").get(pk=case.pk)
            form.add_error(None, error.message)
            form.data = form.data.copy()
            form.data["version"] = stale.version
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{case.reference} saved")
            return redirect("case-detail", reference=case.reference)
    return render(
        request,
        "cases/case_edit.html",
        {"form": form, "case": case, "stale": stale, "page_has_errors": bool(form.errors)},
    )


# --- one case ---------------------------------------------------------------------------------------------

WORK_FORMS = {
    "note": "Add a note",
    "contact": "Record a contact or visit",
    "action": "Set an action",
    "document": "Add a document",
    "report": "Link a report",
}


def _work_form(name: str, case: Case, data: Any = None, files: Any = None) -> forms.Form:
    if name == "note":
        return case_forms.NoteForm(data, prefix=name)
    if name == "contact":
        return case_forms.ContactForm(data, people=_case_persons(case), prefix=name)
    if name == "action":
        partners = selectors.case_partner_organisations(case=case)
        return case_forms.ActionForm(
            data,
            organisations=partners,
            teams=Team.objects.filter(organisation__in=partners).select_related("organisation"),
            officers=selectors.casework_staff(partnership=case.partnership, organisations=partners),
            initial={"organisation": case.lead_partner_id},
            prefix=name,
        )
    if name == "document":
        return case_forms.DocumentForm(data, files, prefix=name)
    return case_forms.LinkReportForm(data, prefix=name)


def _case_persons(case: Case) -> Any:
    from ..models import Person

    return Person.objects.filter(roles__case=case).distinct().order_by("family_name", "given_name")


def _detail(request: HttpRequest, case: Case, *, bound: dict[str, forms.Form] | None = None) -> HttpResponse:
    user = request.user
    bound = bound or {}
    work_forms = [
        (name, label, bound.get(name) or _work_form(name, case)) for name, label in WORK_FORMS.items()
    ]
    actions = list(selectors.case_actions(case=case))
    for action in actions:
        action.case = case  # policy.can_complete reads the case's lead partner
    failed = next(iter(bound.values()), None)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "leads": policy.leads(user, case),
            "can_delete": policy.can_delete(user, case),
            "due_for_review": selectors.is_due_for_retention_review(case),
            "people": selectors.case_people(case=case),
            "timeline": selectors.case_timeline(user=user, case=case),
            "actions": [
                (a, policy.can_complete(user, a), case_forms.CompleteActionForm(prefix=f"a{a.id}"))
                for a in actions
            ],
            "documents": case.documents.select_related("uploaded_by"),
            "reports": case.reports.select_related("category").order_by("-created_at"),
            "referrals": referral_selectors.case_referrals(case=case),
            "shares": selectors.case_shares(case=case),
            "named": selectors.case_named(case=case) if case.restricted else [],
            "pending": selectors.case_requests_pending(case=case).count(),
            "work_forms": work_forms,
            "failed": next(iter(bound), None),
            "failed_form": failed,
            "page_has_errors": bool(failed and failed.errors),
            "today": timezone.localdate(),
            "risk": risk_selectors.case_risk(user=user, case=case),
        },
        status=200,
    )


@_casework
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    view = access.case_view(by=request.user, reference=reference)
    if view.open:
        return _detail(request, view.case)
    return _locked(request, view.case)


def _locked(request: HttpRequest, case: Case, form: forms.Form | None = None) -> HttpResponse:
    return render(
        request,
        "cases/case_locked.html",
        {
            "case": case,
            "form": form or case_forms.AccessRequestForm(),
            "last_request": selectors.request_pending_for(user=request.user, case=case),
            "page_has_errors": bool(form and form.errors),
        },
    )


@_casework
@require_POST
def case_request_access(request: HttpRequest, reference: str) -> HttpResponse:
    case, level = selectors.case_get(user=request.user, reference=reference)
    if level == policy.FULL:
        return redirect("case-detail", reference=case.reference)
    form = case_forms.AccessRequestForm(request.POST)
    if form.is_valid():
        ok, _ = attempt(
            form,
            lambda: sharing.access_request(by=request.user, case=case, reason=form.cleaned_data["reason"]),
        )
        if ok:
            messages.success(
                request, f"Access to {case.reference} requested. {case.lead_partner.name} will decide"
            )
            return redirect("case-detail", reference=case.reference)
    return _locked(request, case, form)


def _do_work(request: HttpRequest, name: str, case: Case, data: dict[str, Any]) -> str:
    user = request.user
    if name == "note":
        work.note_add(by=user, case=case, text=data["text"], sensitivity=data["sensitivity"])
        return "Note added"
    if name == "contact":
        work.contact_add(
            by=user,
            case=case,
            method=data["method"],
            happened_on=data["happened_on"],
            summary=data["summary"],
            person=data["person"],
        )
        return "Contact recorded"
    if name == "action":
        work.action_set(
            by=user,
            case=case,
            title=data["title"],
            details=data["details"],
            organisation=data["organisation"],
            team=data["team"],
            officer=data["officer"],
            due_on=data["due_on"],
        )
        return "Action set"
    if name == "document":
        work.document_add(by=user, case=case, upload=data["file"], description=data["description"])
        return "Document added"
    report = cases.case_link_report(by=user, case=case, reference=data["reference"])
    return f"Report {report.reference} linked"


@_casework
@require_POST
def case_work(request: HttpRequest, reference: str, name: str) -> HttpResponse:
    if name not in WORK_FORMS:
        raise NotFound("There is no such page.")
    case = selectors.case_get_open(user=request.user, reference=reference)
    form = _work_form(name, case, request.POST, request.FILES)
    if form.is_valid():
        ok, message = attempt(form, lambda: _do_work(request, name, case, form.cleaned_data))
        if ok:
            messages.success(request, message)
            return redirect("case-detail", reference=case.reference)
    return _detail(request, case, bound={name: form})


@_casework
@require_POST
def action_complete(request: HttpRequest, reference: str, action_id: int) -> HttpResponse:
    case = selectors.case_get_open(user=request.user, reference=reference)
    action = (
        CaseAction.objects.filter(case=case, id=action_id).select_related("assigned_organisation").first()
    )
    if action is None:
        raise NotFound("There is no such action in this case.")
    form = case_forms.CompleteActionForm(request.POST, prefix=f"a{action.id}")
    if form.is_valid():
        ok, _ = attempt(
            form, lambda: work.action_complete(by=request.user, action=action, note=form.cleaned_data["note"])
        )
        if ok:
            messages.success(request, f"Action completed: {action.title}")
            if request.POST.get("next") == "queue":
                return redirect("case-action-queue")
            return redirect("case-detail", reference=case.reference)
    return _detail(request, case, bound={"complete": form})


@_casework
def document_download(request: HttpRequest, reference: str, public_id: str) -> FileResponse:
    document = access.document_open(by=request.user, reference=reference, public_id=public_id)
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- sharing and access -----------------------------------------------------------------------------------


def _access_forms(case: Case, bound: dict[str, forms.Form]) -> dict[str, Any]:
    partners = selectors.case_partner_organisations(case=case)
    named_ids = case.named.values("user_id")
    return {
        "share_form": bound.get("share")
        or case_forms.ShareForm(organisations=selectors.shareable_organisations(case=case)),
        "name_form": bound.get("name")
        or case_forms.NameForm(
            people=selectors.casework_staff(partnership=case.partnership, organisations=partners).exclude(
                id__in=named_ids
            )
        ),
        "requests": [
            (r, bound.get(f"decide-{r.id}") or case_forms.DecisionForm(prefix=f"r{r.id}"))
            for r in selectors.case_requests_pending(case=case)
        ],
    }


def _access_page(
    request: HttpRequest, case: Case, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    bound = bound or {}
    failed = next(iter(bound.values()), None)
    return render(
        request,
        "cases/case_access.html",
        {
            "case": case,
            "shares": selectors.case_shares(case=case).prefetch_related("agreements"),
            "named": selectors.case_named(case=case),
            "failed_form": failed,
            "page_has_errors": bool(failed and failed.errors),
            **_access_forms(case, bound),
        },
    )


@_casework
def case_access(request: HttpRequest, reference: str) -> HttpResponse:
    case = _open(request, reference)
    if not policy.leads(request.user, case):
        raise NotPermitted(
            f"Only {case.lead_partner.name}, which leads {case.reference}, decides who sees it."
        )
    return _access_page(request, case)


def _organisation(case: Case, value: str) -> Organisation:
    organisation = Organisation.objects.filter(id=value if value.isdigit() else 0).first()
    if organisation is None:
        raise NotFound("There is no such partner.")
    return organisation


@_casework
@require_POST
def case_access_change(request: HttpRequest, reference: str, name: str) -> HttpResponse:
    user = request.user
    case = selectors.case_get_open(user=user, reference=reference)
    if not policy.leads(user, case):
        raise NotPermitted(
            f"Only {case.lead_partner.name}, which leads {case.reference}, decides who sees it."
        )
    form: forms.Form
    key = name
    try:
        if name == "share":
            form = case_forms.ShareForm(
                request.POST, organisations=selectors.shareable_organisations(case=case)
            )
            if form.is_valid():
                organisation = form.cleaned_data["organisation"]
                sharing.case_share(
                    by=user, case=case, organisation=organisation, reason=form.cleaned_data["reason"]
                )
                messages.success(request, f"{case.reference} shared with {organisation.name}")
                return redirect("case-access", reference=case.reference)
        elif name == "unshare":
            organisation = _organisation(case, request.POST.get("organisation", ""))
            sharing.case_share_end(by=user, case=case, organisation=organisation)
            messages.success(request, f"{case.reference} is no longer shared with {organisation.name}")
            return redirect("case-access", reference=case.reference)
        elif name == "name":
            partners = selectors.case_partner_organisations(case=case)
            form = case_forms.NameForm(
                request.POST,
                people=selectors.casework_staff(partnership=case.partnership, organisations=partners),
            )
            if form.is_valid():
                sharing.case_name(by=user, case=case, user=form.cleaned_data["user"])
                messages.success(
                    request, f"{form.cleaned_data['user'].full_name} may now see {case.reference}"
                )
                return redirect("case-access", reference=case.reference)
        elif name == "unname":
            person = (
                case.named.filter(user_id=request.POST.get("user", "0") or 0).select_related("user").first()
            )
            if person is None:
                raise NotFound("That person is not named on this case.")
            sharing.case_unname(by=user, case=case, user=person.user)
            messages.success(request, f"{person.user.full_name} may no longer see {case.reference}")
            return redirect("case-access", reference=case.reference)
        elif name.startswith("decide-") and name[7:].isdigit():
            access_request = (
                case.access_requests.filter(id=int(name[7:]))
                .select_related("requested_by", "organisation", "case")
                .first()
            )
            if access_request is None:
                raise NotFound("There is no such request.")
            form = case_forms.DecisionForm(request.POST, prefix=f"r{access_request.id}")
            if form.is_valid():
                grant = form.cleaned_data["decision"] == "grant"
                sharing.access_decide(
                    by=user, request=access_request, grant=grant, note=form.cleaned_data["note"]
                )
                who = access_request.requested_by.full_name
                messages.success(request, f"Access {'granted to' if grant else 'refused for'} {who}")
                return redirect("case-access", reference=case.reference)
        else:
            raise NotFound("There is no such page.")
    except (NotPermitted, NotFound):
        raise
    except ApplicationError as error:
        if name in ("unshare", "unname"):
            form = forms.Form(request.POST)
            form.is_valid()
        add_service_errors(form, error)
    return _access_page(request, case, {key: form})


# --- people -----------------------------------------------------------------------------------------------


@_casework
def case_person_add(request: HttpRequest, reference: str) -> HttpResponse:
    """Add someone to a case: the likely matches come first, so nobody is entered twice."""
    user = request.user
    case = (
        _open(request, reference)
        if request.method == "GET"
        else selectors.case_get_open(user=user, reference=reference)
    )
    existing = request.method == "POST" and bool(request.POST.get("existing"))
    form = case_forms.CasePersonForm(None if existing else request.POST or None)
    # Choosing someone already on record: its errors are shown on their own.
    choice = case_forms.RoleForm(request.POST) if existing else None
    matches = None
    if choice is not None and choice.is_valid():
        person = selectors.people_open_to(user).filter(public_id=choice.cleaned_data["existing"]).first()
        if person is None:
            raise NotFound("There is no such person you can see.")
        role = choice.cleaned_data["role"]
        ok, _ = attempt(choice, lambda: people.case_person_add(by=user, case=case, person=person, role=role))
        if ok:
            messages.success(request, f"{person.full_name} added to {case.reference}")
            return redirect("case-detail", reference=case.reference)
    elif request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        role = data.pop("role")
        if request.POST.get("confirmed") != "new":
            matches, _ = access.person_search(
                by=user,
                purpose=f"Checking for a duplicate before adding a person to {case.reference}",
                given_name=data["given_name"],
                family_name=data["family_name"],
                date_of_birth=data["date_of_birth"],
                address=data["address"],
                postcode=data["postcode"],
            )
        if not matches:
            ok, _ = attempt(form, lambda: people.case_person_add_new(by=user, case=case, role=role, **data))
            if ok:
                messages.success(
                    request, f"{data['given_name']} {data['family_name']} added to {case.reference}"
                )
                return redirect("case-detail", reference=case.reference)
    return render(
        request,
        "cases/person_add.html",
        {
            "case": case,
            "form": form,
            "choice": choice,
            "matches": matches,
            "page_has_errors": bool(form.errors or (choice and choice.errors)),
        },
    )


@_casework
@require_POST
def case_person_remove(request: HttpRequest, reference: str, link_id: int) -> HttpResponse:
    case = selectors.case_get_open(user=request.user, reference=reference)
    link = CasePerson.objects.filter(case=case, id=link_id).select_related("person").first()
    if link is None:
        raise NotFound("That person is not in this case.")
    people.case_person_remove(by=request.user, case=case, link=link)
    messages.success(request, f"{link.person.full_name} removed from {case.reference}")
    return redirect("case-detail", reference=case.reference)


@_casework
def person_search(request: HttpRequest) -> HttpResponse:
    """Find people and places. POST only for results: search terms are personal data and stay out of logs."""
    form = case_forms.SearchForm(request.POST or None)
    matches = places = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            matches, places = access.person_search(by=request.user, **data)
        except ApplicationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "cases/search.html",
        {"form": form, "matches": matches, "places": places, "page_has_errors": bool(form.errors)},
    )


@_casework
def person_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    person, full = access.person_view(by=request.user, public_id=public_id)
    history = selectors.person_history(user=request.user, person=person)
    return render(
        request,
        "cases/person_detail.html",
        {
            "person": person,
            "full": full,
            "history": history,
            "can_export": policy.can_export_subject_access(request.user),
        },
    )


@_casework
def person_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    person, full = (
        access.person_view(by=request.user, public_id=public_id)
        if request.method == "GET"
        else selectors.person_get(user=request.user, public_id=public_id)
    )
    if not full:
        raise NotPermitted("You cannot change this person's record.")
    initial = {name: getattr(person, name) for name in people.PERSON_FIELDS} | {"version": person.version}
    form = case_forms.PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        ok, _ = attempt(
            form, lambda: people.person_update(by=request.user, person=person, version=version, **data)
        )
        if ok:
            messages.success(request, f"{data['given_name']} {data['family_name']}'s details saved")
            return redirect("person-detail", public_id=person.public_id)
    return render(
        request,
        "cases/person_edit.html",
        {"person": person, "form": form, "page_has_errors": bool(form.errors)},
    )


@_casework
def person_export(request: HttpRequest, public_id: str) -> HttpResponse:
    if not policy.can_export_subject_access(request.user):
        raise NotPermitted("Only coordinators and administrators answer subject access requests.")
    form = case_forms.ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, content = attempt(
            form,
            lambda: access.person_subject_access_export(
                by=request.user, public_id=public_id, purpose=form.cleaned_data["purpose"]
            ),
        )
        if ok:
            response = HttpResponse(content, content_type="application/json")
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            response["Content-Disposition"] = f'attachment; filename="subject-access-{stamp}.json"'
            response["Cache-Control"] = "private, no-store"
            return response
    person, _ = selectors.person_get(user=request.user, public_id=public_id)
    return render(
        request,
        "cases/person_export.html",
        {"person": person, "form": form, "page_has_errors": bool(form.errors)},
    )


# --- retention --------------------------------------------------------------------------------------------


@_casework
def case_delete(request: HttpRequest, reference: str) -> HttpResponse:
    user = request.user
    case = (
        _open(request, reference)
        if request.method == "GET"
        else selectors.case_get_open(user=user, reference=reference)
    )
    if not policy.can_delete(user, case):
        raise NotPermitted(f"Only a manager or coordinator of {case.lead_partner.name} can delete this case.")
    form = case_forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = attempt(
            form, lambda: retention.case_delete(by=user, case=case, reason=form.cleaned_data["reason"])
        )
        if ok:
            messages.success(request, f"{reference} deleted. The audit trail records that it was")
            return redirect("case-retention")
    return render(
        request,
        "cases/case_delete.html",
        {
            "case": case,
            "form": form,
            "due": selectors.is_due_for_retention_review(case),
            "page_has_errors": bool(form.errors),
            "closed": case.status == CaseStatus.CLOSED,
        },
    )
