"""Background work of the protocol app: rendering parent PDFs."""

from collections.abc import Iterable
from typing import Any

from celery import shared_task
from django.dispatch import receiver

from huisbezoek.celery import TransactionAwareTask

from . import services
from .signals import pdf_renders_wanted


@shared_task(base=TransactionAwareTask, acks_late=True)
def render_protocol_pdf(version_id: int, language: str) -> str:
    """Render (or find) the PDF of one published version in one language ("booklet": all).

    Takes ids, looks everything up again and renders only when no PDF of the current content
    exists, so a retry or a duplicate message does no double work.
    """
    stored = services.pdf_ensure(version_id=version_id, language=language)
    return stored.sha256 if stored is not None else ""


@receiver(pdf_renders_wanted, dispatch_uid="protocol_render_wanted_pdfs")
def render_wanted_pdfs(*, version_id: int, languages: Iterable[str], **kwargs: Any) -> None:
    for language in languages:
        render_protocol_pdf.delay(version_id, language)
