"""Background work of the protocol app: rendering parent PDFs."""

from celery import shared_task


@shared_task(acks_late=True)
def render_protocol_pdf(version_id: int, language: str) -> str:
    """Render (or find) the PDF of one published version in one language ("booklet": all).

    Takes ids, looks everything up again and renders only when no PDF of the current content
    exists, so a retry or a duplicate message does no double work.
    """
    from .services import pdf_ensure

    stored = pdf_ensure(version_id=version_id, language=language)
    return stored.sha256 if stored is not None else ""
