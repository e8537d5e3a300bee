"""Partner directory, governance tree and information sharing agreements. Thin: selectors do the work."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.core.forms import add_service_errors

from . import policy, selectors, services
from .decorators import staff_required
from .forms import AgreementForm
from .models import OrganisationKind


def partner_list(request: HttpRequest) -> HttpResponse:
    partnerships = selectors.partnership_directory()
    chosen = partnerships.filter(slug=request.GET.get("partnership", "")).first()
    kind = request.GET.get("kind", "")
    kind = kind if kind in OrganisationKind.values else ""
    organisations = selectors.organisation_list(partnership=chosen, kind=kind or None)
    return render(
        request,
        "partners/partner_list.html",
        {
            "organisations": organisations,
            "partnerships": partnerships,
            "chosen": chosen,
            "kinds": OrganisationKind.choices,
            "kind": kind,
        },
    )


def partner_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = selectors.organisation_get(organisation_id=organisation_id)
    people = None
    if policy.can_see_people(request.user):
        people = selectors.people_list(user=request.user, organisation=organisation)
    return render(request, "partners/partner_detail.html", {"organisation": organisation, "people": people})


@staff_required
def governance(request: HttpRequest) -> HttpResponse:
    return render(request, "partners/governance.html", {"tree": selectors.governance_tree(user=request.user)})


@staff_required
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    group = selectors.group_get(user=request.user, group_id=group_id)
    children = selectors.group_children(user=request.user, group=group)
    return render(request, "partners/group_detail.html", {"group": group, "children": children})


@staff_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.agreement_list(user=request.user, today=timezone.localdate())
    return render(
        request,
        "partners/agreement_list.html",
        {
            "rows": rows,
            "attention": [r for r in rows if r.needs_attention],
            "can_manage": policy.can_manage_agreements(request.user),
        },
    )


@staff_required
def agreement_detail(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.agreement_get(user=request.user, agreement_id=agreement_id)
    return render(
        request,
        "partners/agreement_detail.html",
        {
            "agreement": agreement,
            "status": agreement.status_on(timezone.localdate()),
            "can_manage": policy.can_manage_agreements(request.user),
        },
    )


@staff_required
def agreement_edit(request: HttpRequest, agreement_id: int | None = None) -> HttpResponse:
    if not policy.can_manage_agreements(request.user):
        raise NotPermitted("Only coordinators, managers and administrators can record agreements.")
    agreement = (
        selectors.agreement_get(user=request.user, agreement_id=agreement_id) if agreement_id else None
    )
    partnerships = selectors.partnership_list(user=request.user)
    initial = {}
    if agreement is not None:
        initial = {
            "partnership": agreement.partnership,
            "reference": agreement.reference,
            "title": agreement.title,
            "purpose": agreement.purpose,
            "legal_gateway": agreement.legal_gateway,
            "lawful_basis": agreement.lawful_basis,
            "signatories": list(agreement.signatories.all()),
            "data_classes": list(agreement.data_classes.all()),
            "starts_on": agreement.starts_on,
            "review_due_on": agreement.review_due_on,
            "ends_on": agreement.ends_on,
            "retention": agreement.retention,
        }
    form = AgreementForm(
        request.POST or None,
        initial=initial,
        partnerships=partnerships,
        organisations=selectors.organisation_list()
        .filter(memberships__partnership__in=partnerships)
        .distinct(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.agreement_save(by=request.user, agreement=agreement, **form.cleaned_data)
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Agreement {saved.reference} saved")
            return redirect("agreement-detail", agreement_id=saved.id)
    return render(
        request,
        "partners/agreement_form.html",
        {"form": form, "agreement": agreement, "page_has_errors": bool(form.errors)},
    )
