"""The administrator's import from the pupil administration: upload -> preview -> confirm -> result.

Nothing is written before the administrator confirms; between preview and confirm the file
waits on disk under a random name (see ``services_import``), named by a signed token in the
preview form.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huisbezoek.access import role_required
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role

from ..selectors import current_school_year, years_to_prepare
from .columns import COLUMNS, MAX_CHANGES_SHOWN, MAX_ERRORS_SHOWN, REQUIRED, RowError, parse_csv
from .forms import ConflictChoicesForm, ImportConfirmForm, ImportUploadForm
from .plan import build_plan
from .services import (
    ImportRejected,
    PendingImportError,
    import_apply,
    pending_import_discard,
    pending_import_load,
    pending_import_store,
)

EXAMPLE_FILE = settings.BASE_DIR / "docs" / "import-voorbeeld.csv"


def _upload_page(
    request: SchoolHttpRequest, form: ImportUploadForm, errors: list[RowError] | None = None
) -> HttpResponse:
    errors = errors or []
    return render(
        request,
        "visits/import_upload.html",
        {
            "form": form,
            "school_year": current_school_year(school=request.school),
            "years": list(form.years.values()),
            "errors": errors[:MAX_ERRORS_SHOWN],
            "error_count": len(errors),
            "required_columns": REQUIRED,
            "optional_columns": [c.name for c in COLUMNS if not c.required],
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def import_upload(request: SchoolHttpRequest) -> HttpResponse:
    """GET: the upload form. POST: check the file; show its errors, or a preview of the changes."""
    school = request.school
    years = years_to_prepare(school=school)
    if request.method == "GET":
        return _upload_page(request, ImportUploadForm(years=years))
    form = ImportUploadForm(request.POST, request.FILES, years=years)
    if not years:
        messages.error(
            request, _("Er is geen huidig schooljaar voor deze school. Maak het eerst aan onder Schooljaren.")
        )
        return _upload_page(request, form)
    if not form.is_valid():
        return _upload_page(request, form)
    school_year = form.cleaned_data["school_year"]
    data, complete = form.cleaned_data["file"], form.cleaned_data["complete"]
    plan = build_plan(school=school, school_year=school_year, parsed=parse_csv(data), complete=complete)
    if plan.errors:
        return _upload_page(request, form, plan.errors)
    token = pending_import_store(
        school=school,
        school_year=school_year,
        user=request.user,
        data=data,
        complete=complete,
    )
    changes = plan.changes
    return render(
        request,
        "visits/import_preview.html",
        {
            "plan": plan,
            "school_year": school_year,
            "changes": changes[:MAX_CHANGES_SHOWN],
            "change_count": len(changes),
            "file_name": getattr(request.FILES.get("file"), "name", ""),
            "confirm_form": ImportConfirmForm(initial={"token": token}),
            "conflict_form": ConflictChoicesForm(conflicts=plan.conflicts),
        },
    )


@require_POST
@role_required(Role.ADMINISTRATOR)
def import_confirm(request: SchoolHttpRequest) -> HttpResponse:
    """Import the file the preview showed, if its token is still valid; then remove the file."""
    school = request.school
    form = ImportConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Deze import is niet geldig. Upload het bestand opnieuw."))
        return redirect("visits:import_upload")
    try:
        pending = pending_import_load(token=form.cleaned_data["token"], school=school, user=request.user)
    except PendingImportError as error:
        messages.error(request, error.message)
        return redirect("visits:import_upload")

    try:
        school_year = next((y for y in years_to_prepare(school=school) if y.pk == pending.school_year_id), None)
        if school_year is None:
            messages.error(request, _("Het schooljaar is intussen veranderd. Upload het bestand opnieuw."))
            return redirect("visits:import_upload")
        plan = build_plan(
            school=school, school_year=school_year, parsed=parse_csv(pending.data), complete=pending.complete
        )
        # Where the file differs from what the school edited in the app: the administrator's choice.
        plan.take_import = ConflictChoicesForm(request.POST, conflicts=plan.conflicts).take_import()
        result = import_apply(school=school, school_year=school_year, plan=plan, by=request.user)
    except ImportRejected as rejected:
        messages.error(
            request, _("De leerlingen zijn intussen veranderd; het bestand past niet meer. Er is niets opgeslagen.")
        )
        return _upload_page(request, ImportUploadForm(years=years_to_prepare(school=school)), rejected.errors)
    except IntegrityError:
        messages.error(
            request, _("Er liep tegelijk een andere import. Er is niets opgeslagen; upload het bestand opnieuw.")
        )
        return redirect("visits:import_upload")
    finally:
        pending_import_discard(file_name=pending.file_name)
    return render(
        request,
        "visits/import_result.html",
        {"result": result, "school_year": school_year, "changes": result.changes[:MAX_CHANGES_SHOWN]},
    )


@require_GET
@role_required(Role.ADMINISTRATOR)
def import_example(request: SchoolHttpRequest) -> FileResponse:
    """The example file from the README, to start an export from."""
    return FileResponse(
        EXAMPLE_FILE.open("rb"),
        as_attachment=True,
        filename="import-voorbeeld.csv",
        content_type="text/csv; charset=utf-8",
    )
