"""The one place the product renders PDFs (WeasyPrint).

Every PDF — the assessment, the family's plan, the working copy, later reports — is an HTML
template rendered here. WeasyPrint may only read the project's own static files: a template (or a
value typed into one) that names any other URL gets nothing, so a PDF never fetches from the network
or the disk.

A render that fails (WeasyPrint raising, a template error) raises `PdfRenderError`; each view
renders before it saves anything, so nothing is half-saved, and
families.middleware.PdfFailedMiddleware turns the error into a clear message, not a server error.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from typing_extensions import override

STATIC_SCHEME = "static:"

logger = logging.getLogger(__name__)


class PdfRenderError(RuntimeError):
    """The PDF could not be made (the cause is logged and chained)."""


class RefusedURL(ValueError):
    """WeasyPrint asked for something that is not one of the project's static files."""


def _static_file(url: str) -> tuple[bytes, str]:
    """The bytes and content type of `static:<path>`; RefusedURL for every other URL."""
    if not url.startswith(STATIC_SCHEME):
        raise RefusedURL(url)
    relative = url[len(STATIC_SCHEME) :].lstrip("/")
    if ".." in Path(relative).parts:
        raise RefusedURL(url)
    # django-stubs leave out the None that find() returns when nothing matches.
    found: str | list[str] | None = finders.find(relative)
    if not found:
        raise RefusedURL(url)
    path = Path(found if isinstance(found, str) else found[0])
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return path.read_bytes(), mime


def _static_only_fetcher() -> object:
    """A WeasyPrint (>= 68) URL fetcher that serves the static files only, and nothing else.

    WeasyPrint calls `fetch(url)` and expects a `URLFetcherResponse`; a refused URL raises, which
    WeasyPrint logs and skips (the resource is missing from the PDF, nothing is fetched).
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint ships no types
        @override
        def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> object:
            body, mime = _static_file(url)
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return StaticOnlyFetcher(allowed_protocols=(), allow_redirects=False)


def render_pdf(
    template: str,
    context: Mapping[str, Any],
    *,
    request: HttpRequest | None = None,
    stylesheets: Sequence[str] = (),
) -> bytes:
    """Render a template to PDF bytes; `stylesheets` are static paths ("assessment/print.css")."""
    from weasyprint import CSS, HTML

    try:
        html = render_to_string(template, dict(context), request=request)
        fetcher = _static_only_fetcher()
        sheets = [CSS(url=STATIC_SCHEME + path, url_fetcher=fetcher) for path in stylesheets]
        document = HTML(string=html, base_url=STATIC_SCHEME, url_fetcher=fetcher)
        pdf: bytes = document.write_pdf(stylesheets=sheets)
    except Exception as error:
        logger.exception("PDF %s could not be rendered", template)
        raise PdfRenderError(template) from error
    return pdf


def pdf_response(pdf: bytes, *, filename: str) -> HttpResponse:
    """A PDF shown in the browser's viewer, with a filename for saving."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
