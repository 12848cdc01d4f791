"""Uploaded consent documents: parsed whole, stored under a generated name, served safely."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter

from families.models import Consent
from families.services import cases
from tests.conftest import give_consent

pytestmark = pytest.mark.django_db

REFUSED = "Upload the signed consent as a PDF, PNG or JPEG file."


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, format=kind)
    return buffer.getvalue()


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _post_consent(client, family, nordby, upload):
    actor = family.coordinators.get().user
    for status in ("screening", "awaiting_consent"):
        if family.status != status:
            cases.change_family_status(actor=actor, family=family, to_status=status)
    mother = family.members.get(first_name="Mette")
    return client.post(
        reverse("families:consent_create", args=[family.pk]),
        {
            "given_by": [mother.pk],
            "departments": [nordby.children_family.pk],
            "given_on": "2026-01-05",
            "expires_on": "",
            "note": "",
            "document": upload,
        },
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        # The probe's file: an HTML page that starts like a PDF, named .html.
        ("samtykke.html", b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n"),
        ("samtykke.pdf", b"%PDF-1.4\n<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("samtykke.pdf", pdf_bytes()[:-80]),  # a truncated PDF
        ("samtykke.png", b"\x89PNG\r\n\x1a\n<html>not an image</html>"),
        ("samtykke.jpg", image_bytes("JPEG")[:40]),  # a JPEG header, no image
        ("samtykke.gif", image_bytes("GIF")),  # a real image of a type we do not take
    ],
    ids=["pdf-prefixed-html", "pdf-prefixed-svg", "truncated-pdf", "png-html", "jpeg-head", "gif"],
)
def test_a_file_that_is_not_wholly_a_pdf_png_or_jpeg_is_refused(
    client, family, nordby, caseworker, english, name, content
):
    client.force_login(caseworker)
    response = _post_consent(client, family, nordby, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not Consent.objects.exists()


@pytest.mark.parametrize(
    ("sent_as", "content", "extension", "content_type", "disposition"),
    [
        ("underskrift.PDF", pdf_bytes(), "pdf", "application/pdf", "inline"),
        # A PNG named .html is stored and served as what it is.
        ("billede.html", image_bytes("PNG"), "png", "image/png", "attachment"),
        ("scan.jpeg", image_bytes("JPEG"), "jpg", "image/jpeg", "attachment"),
    ],
)
def test_accepted_document_gets_a_generated_name_and_is_served_as_its_verified_type(
    client, family, nordby, caseworker, sent_as, content, extension, content_type, disposition
):
    client.force_login(caseworker)
    response = _post_consent(client, family, nordby, SimpleUploadedFile(sent_as, content))
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert re.fullmatch(rf"consents/{family.pk}/[0-9a-f]{{32}}\.{extension}", consent.document.name)

    response = client.get(reverse("families:consent_document", args=[family.pk, consent.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith(disposition)
    assert f".{extension}" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == content


def test_a_stored_file_without_a_generated_name_is_only_ever_an_attachment(
    client, family, nordby, caseworker
):
    """Documents stored before validation existed keep their sender's name: never inline."""
    give_consent(family, caseworker, nordby.children_family)
    consent = family.consents.get()
    legacy = default_storage.save(
        f"consents/{family.pk}/old-upload.pdf", ContentFile(b"%PDF-1.4\n<html>x</html>")
    )
    Consent.objects.filter(pk=consent.pk).update(document=legacy)
    client.force_login(caseworker)
    response = client.get(reverse("families:consent_document", args=[family.pk, consent.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
