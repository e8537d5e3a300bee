"""Loading data: the list of imported files, the upload page, a file's summary, partner datasets.

Thin: services check, import and audit; selectors decide what each person sees.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.core.forms import add_service_errors
from joinedup.partners.decorators import staff_required

from .. import policy, selectors, services
from ..forms import POLICE_UK, DatasetForm, UploadForm
from ..importing.reading import problem_text


def _require_importer(request: HttpRequest) -> None:
    if not policy.can_import(request.user):
        raise NotPermitted("Only analysts and coordinators import data.")


@staff_required
def import_list(request: HttpRequest) -> HttpResponse:
    files = selectors.imported_files(user=request.user)[:200]
    return render(
        request,
        "intelligence/import_list.html",
        {"files": files, "can_import": policy.can_import(request.user)},
    )


@staff_required
def import_upload(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    datasets = list(selectors.datasets_for_import(user=request.user))
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None, datasets=datasets)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            results = _run_import(request, form.cleaned_data["source"], upload, datasets)
        except NotPermitted:
            raise
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "intelligence/import_results.html", {"results": results})
    return render(request, "intelligence/import_upload.html", {"form": form, "datasets": datasets})


def _run_import(request: HttpRequest, source: str, upload, datasets) -> list[services.ImportResult]:
    if source != POLICE_UK:
        dataset = next(d for d in datasets if str(d.id) == source)
        return [
            services.partner_file_import(
                by=request.user, dataset=dataset, name=upload.name, data=upload.read()
            )
        ]
    if upload.name.lower().endswith(".zip"):
        sources = services.zip_sources(upload, label=upload.name)
    else:
        sources = [services.FileSource(name=upload.name, read=upload.read)]
    return services.police_files_import(by=request.user, sources=sources)


@staff_required
def import_detail(request: HttpRequest, file_id: int) -> HttpResponse:
    file = selectors.imported_file_get(user=request.user, file_id=file_id)
    warnings = [{"text": problem_text(**w), "lines": w["lines"], "count": w["count"]} for w in file.warnings]
    return render(request, "intelligence/import_detail.html", {"file": file, "warnings": warnings})


@staff_required
def dataset_new(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    partnerships = list(selectors.partnerships_for_import(user=request.user))
    form = DatasetForm(request.POST if request.method == "POST" else None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        partnership = form.partnerships[values.pop("partnership")]
        try:
            services.dataset_save(by=request.user, partnership=partnership, **values)
        except NotPermitted:
            raise
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return redirect("intelligence:import-upload")
    return render(request, "intelligence/dataset_form.html", {"form": form})
