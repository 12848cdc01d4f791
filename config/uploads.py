"""Uploaded documents: validated whole, stored under a generated name, served safely.

A file is accepted only when a maintained parser reads all of it as one of the accepted types
(pypdf for PDF, Pillow for PNG/JPEG); the first bytes alone prove nothing (an HTML page can start
with `%PDF-`). The stored name is generated (a random hex name with the extension of the verified
type), so the extension on disk always states the verified type, and the download's content type
comes from it. Only a verified PDF is shown inline; everything else is an attachment, and every
download carries `X-Content-Type-Options: nosniff`.
"""

from __future__ import annotations

import re
import uuid
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DocumentType:
    content_type: str
    extension: str


PDF = DocumentType("application/pdf", "pdf")
PNG = DocumentType("image/png", "png")
JPEG = DocumentType("image/jpeg", "jpg")
_BY_EXTENSION = {kind.extension: kind for kind in (PDF, PNG, JPEG)}
_PILLOW_FORMATS = {"PNG": PNG, "JPEG": JPEG}
# The names `generated_name` makes: 32 hex digits and one of the extensions above.
_GENERATED = re.compile(r"^[0-9a-f]{32}\.(pdf|png|jpg)$")

REFUSED = _("Upload the signed consent as a PDF, PNG or JPEG file.")


def _is_pdf(stream: IO[bytes]) -> bool:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    stream.seek(0)
    if stream.read(5) != b"%PDF-":
        return False
    stream.seek(0)
    try:
        # strict: no "repairing" a file that is not a PDF into one; every page is parsed.
        reader = PdfReader(stream, strict=True)
        if reader.is_encrypted or len(reader.pages) == 0:
            return False
        for page in reader.pages:
            page.get_contents()
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError):
        return False
    return True


def _image_type(stream: IO[bytes]) -> DocumentType | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            stream.seek(0)
            with Image.open(stream) as image:
                kind = _PILLOW_FORMATS.get(image.format or "")
                image.verify()
            if kind is None:
                return None
            stream.seek(0)
            with Image.open(stream) as image:
                image.load()  # decode every pixel: a truncated or padded file fails here
    except (UnidentifiedImageError, Exception):  # any decoder error means "not this image"
        return None
    return kind


def verified_type(upload: UploadedFile) -> DocumentType:
    """The type a parser confirms for the whole file, or a ValidationError."""
    if upload.size is not None and upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is 10 MB."),
            params={"size": f"{upload.size / 1024 / 1024:.1f}"},
            code="too_big",
        )
    try:
        kind = PDF if _is_pdf(upload) else _image_type(upload)
    finally:
        upload.seek(0)
    if kind is None:
        raise ValidationError(REFUSED, code="not_a_document")
    return kind


def validate_document(upload: UploadedFile) -> None:
    """Form validator: refuse anything that is not a whole PDF, PNG or JPEG; name it for storage.

    The upload is renamed to `document.<extension of the verified type>`, so the stored file's
    extension (see `generated_name`) states what the parser found, not what the sender claimed.
    """
    kind = verified_type(upload)
    upload.name = f"document.{kind.extension}"


def generated_name(folder: str, filename: str) -> str:
    """`<folder>/<32 random hex>.<ext>`: nothing of the sender's file name is kept."""
    extension = PurePosixPath(filename).suffix.lower().lstrip(".")
    if extension not in _BY_EXTENSION:
        extension = "bin"
    return f"{folder.rstrip('/')}/{uuid.uuid4().hex}.{extension}"


def document_response(document: FieldFile, *, download_name: str) -> FileResponse:
    """Serve a stored document: the verified type's content type; inline only for a PDF."""
    stored = PurePosixPath(document.name or "").name
    kind = _BY_EXTENSION.get(stored.rsplit(".", 1)[-1]) if _GENERATED.match(stored) else None
    inline = kind is PDF
    extension = kind.extension if kind else "bin"
    response = FileResponse(
        document.open("rb"),
        as_attachment=not inline,
        filename=f"{download_name}.{extension}",
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not inline:
        # Even if a browser ignored the attachment, nothing in it may run or load.
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
