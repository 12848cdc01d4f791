"""WeasyPrint fetches nothing a template names except the project's own static files."""

import http.server
import io
import threading

import pytest
from django.test import override_settings
from pypdf import PdfReader

from families import pdf

TEMPLATE = """<html><head>
<link rel="stylesheet" href="http://127.0.0.1:{port}/evil.css">
<link rel="stylesheet" href="file:///etc/passwd">
<style>@import url("http://127.0.0.1:{port}/import.css");</style>
</head><body>
<p>Plan</p>
<img src="http://127.0.0.1:{port}/pixel.png">
<img src="file:///etc/passwd">
<object data="file:///etc/passwd"></object>
<iframe src="file:///etc/passwd"></iframe>
<a href="http://127.0.0.1:{port}/link">link</a>
</body></html>"""


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self) -> None:
        _Recorder.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_template_naming_http_or_file_urls_fetches_nothing(http_server):
    port = http_server.server_address[1]
    templates = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"probe.html": TEMPLATE.format(port=port)},
                    )
                ]
            },
        }
    ]
    with override_settings(TEMPLATES=templates):
        document = pdf.render_pdf("probe.html", {}, stylesheets=["css/app.css"])

    assert _Recorder.seen == []  # nothing asked the network
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)
    assert "Plan" in text
    assert "root:" not in text  # nothing read from the disk
