"""What views of every app do the same way: call a service and tell the user how it went, and
show a long list a page at a time.

A service refuses with ``ValidationError`` (see CONVENTIONS: services enforce the rules). A view
then either shows the refusal next to the form the user filled in, keeping what they typed, or,
for a button without a form, as a message above the page it goes back to::

    if form.is_valid() and run_service(request, lambda: services.x(...), form=form, success=_("Opgeslagen.")):
        return redirect(...)
    return render(..., {"form": form})

    run_service(request, lambda: services.y(...), success=_("Verwijderd."))
    return redirect(...)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.forms import BaseForm
from django.http import HttpRequest

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_stubs_ext import StrOrPromise

T = TypeVar("T")


class ServiceResult(Generic[T]):
    """What a service call came to: true when it went through, with what the service returned."""

    def __init__(self, value: T | None = None, error: ValidationError | None = None) -> None:
        self._value = value
        self.error = error

    def __bool__(self) -> bool:
        return self.error is None

    @property
    def value(self) -> T:
        """What the service returned; only to be read after a successful call."""
        if self.error is not None:
            raise self.error
        return cast(T, self._value)  # a service may return None on purpose


def error_text(error: ValidationError) -> str:
    """A refusal as one sentence for a message (all of its messages, in order)."""
    return " ".join(error.messages)


def add_errors(
    form: BaseForm,
    error: ValidationError,
    field_names: Mapping[str, str] | None = None,
    field_for_code: Mapping[str, str] | None = None,
) -> None:
    """Show a service's refusal next to the form field it concerns, else above the form.

    ``field_names`` maps a service's argument to the form field that holds it when their names
    differ (the service's ``starts_at`` is the form's ``day``); ``field_for_code`` places a
    refusal that names no field by its code (a logo "too_large" belongs to the upload field).
    A refusal about a hidden field (a version, the entry being corrected) is shown above the
    form: nobody sees a hidden field."""

    def place(name: str | None, messages_: list[str]) -> None:
        field = form.fields.get(name) if name else None
        visible = field is not None and not field.widget.is_hidden
        form.add_error(name if visible else None, messages_)

    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            place((field_names or {}).get(name, name), errors)
        return
    for single in error.error_list:
        place((field_for_code or {}).get(single.code or ""), single.messages)


def run_service(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    success: StrOrPromise | None = None,
    form: BaseForm | None = None,
    field_names: Mapping[str, str] | None = None,
    field_for_code: Mapping[str, str] | None = None,
) -> ServiceResult[T]:
    """Call a service; on success show ``success`` (if any), on a refusal show why.

    With ``form`` the refusal goes into the form (``add_errors``), so the page shown again keeps
    what was typed; without, it becomes an error message for the next page. Only
    ``ValidationError`` is caught: a ``PermissionDenied`` or a bug still reaches Django."""
    try:
        value = call()
    except ValidationError as error:
        if form is not None:
            add_errors(form, error, field_names, field_for_code)
        else:
            messages.error(request, error_text(error))
        return ServiceResult(error=error)
    if success is not None:
        messages.success(request, success)
    return ServiceResult(value=value)


PAGE_PARAMETER = "pagina"


def paginate(request: HttpRequest, rows: QuerySet[Any], per_page: int) -> tuple[Page[Any], str]:
    """The page of ``rows`` the request asks for, and the request's other parameters (the filters)
    as a query string, for the links to the other pages to keep them."""
    page = Paginator(rows, per_page).get_page(request.GET.get(PAGE_PARAMETER))
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    return page, query.urlencode()
