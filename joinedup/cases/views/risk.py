"""Risk assessment pages: the partnership's questionnaire, assessing a person, and one assessment.

Thin: `risk_selectors` decide what is shown and `services.risk` makes every change and records every view.
People are addressed by their random id, never by name.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from joinedup.core.errors import NotFound, NotPermitted
from joinedup.core.forms import attempt

from .. import policy, risk_selectors
from ..risk_forms import AssessmentForm, QuestionnaireForm
from ..services import risk
from .casework import _casework, _open


@_casework
def questionnaire_choose(request: HttpRequest) -> HttpResponse:
    partnerships = list(risk_selectors.risk_partnerships(user=request.user))
    if len(partnerships) == 1:
        return redirect("case-risk-questionnaire", partnership=partnerships[0].slug)
    return render(request, "cases/risk_questionnaire_choose.html", {"partnerships": partnerships})


@_casework
def questionnaire_detail(request: HttpRequest, partnership: str) -> HttpResponse:
    """The questionnaire in use, or an earlier version (?version=2), and every version's note."""
    place = risk_selectors.risk_partnership_get(user=request.user, slug=partnership)
    versions = risk_selectors.questionnaire_versions(partnership=place)
    asked = request.GET.get("version", "")
    shown = versions.filter(version=int(asked)).first() if asked.isdigit() else versions.first()
    if asked and shown is None:
        raise NotFound("There is no such version of the questionnaire.")
    current = versions.first()
    return render(
        request,
        "cases/risk_questionnaire.html",
        {
            "partnership": place,
            "questionnaire": shown,
            "is_current": shown is not None and current is not None and shown.id == current.id,
            "versions": versions,
            "can_change": policy.can_change_risk_questionnaire(request.user),
        },
    )


@_casework
def questionnaire_change(request: HttpRequest, partnership: str) -> HttpResponse:
    place = risk_selectors.risk_partnership_get(user=request.user, slug=partnership)
    if not policy.can_change_risk_questionnaire(request.user):
        raise NotPermitted("Only the partnership's coordinators change its risk questionnaire.")
    current = risk_selectors.questionnaire_current(partnership=place)
    form = QuestionnaireForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        ok, saved = attempt(
            form,
            lambda: risk.questionnaire_save(by=request.user, partnership=place, **form.service_values()),
        )
        if ok:
            messages.success(request, f"Version {saved.version} of the risk questionnaire saved")
            return redirect("case-risk-questionnaire", partnership=place.slug)
    return render(
        request,
        "cases/risk_questionnaire_change.html",
        {"partnership": place, "current": current, "form": form, "page_has_errors": bool(form.errors)},
    )


@_casework
def risk_assess(request: HttpRequest, reference: str, public_id: str) -> HttpResponse:
    """Answer the questionnaire for a victim or vulnerable person in the case."""
    if request.method == "GET":
        _open(request, reference)  # recorded as viewed
    case, link = risk_selectors.assessable_person_get(
        user=request.user, reference=reference, public_id=public_id
    )
    questionnaire = risk_selectors.questionnaire_current(partnership=case.partnership_id)
    form = AssessmentForm(request.POST or None, questionnaire=questionnaire) if questionnaire else None
    if form is not None and request.method == "POST" and form.is_valid():
        ok, assessment = attempt(
            form,
            lambda: risk.risk_assess(
                by=request.user,
                case=case,
                person=link.person,
                questionnaire_id=form.cleaned_data["questionnaire"],
                answers=form.answers(),
                raise_to=form.cleaned_data["raise_to"],
                raise_reason=form.cleaned_data["raise_reason"],
            ),
        )
        if ok:
            messages.success(
                request,
                f"{link.person.full_name} assessed: {assessment.get_level_display()} risk. "
                f"Reassess by {assessment.review_due_on:%-d %B %Y}",
            )
            return redirect("case-detail", reference=case.reference)
    return render(
        request,
        "cases/risk_assess.html",
        {
            "case": case,
            "link": link,
            "questionnaire": questionnaire,
            "form": form,
            "page_has_errors": bool(form and form.errors),
            "can_change": policy.can_change_risk_questionnaire(request.user),
        },
    )


@_casework
def risk_assessment_detail(request: HttpRequest, reference: str, assessment_id: int) -> HttpResponse:
    assessment = risk.risk_assessment_view(by=request.user, reference=reference, assessment_id=assessment_id)
    return render(
        request,
        "cases/risk_assessment.html",
        {"case": assessment.case, "assessment": assessment, "answers": assessment.answers.all()},
    )
