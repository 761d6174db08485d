"""A resume over the size cap (the form given back) or a body Werkzeug stops reading (too
many parts, a field too long) gets a 413 page at once, under `flask run` as under
gunicorn. `flask run` used to hang: the 413 handler waited on the socket for
Content-Length bytes the form parser had already read.

The standard library's wsgiref server stands for servers that neither end the input
stream where the body ends (gunicorn does) nor drain it after the response (Werkzeug's
does): there only the handler's own draining turns a reset into the 413 page.
"""

from __future__ import annotations

import threading
from types import SimpleNamespace
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

from tests.support.app_process import AppProcess
from tests.support.files import pdf_bytes
from tests.support.http_client import fetch_form, multipart, request

pytestmark = pytest.mark.process

MiB = 1024 * 1024
# Flask's defaults, which the app keeps: at most 1,000 parts, 500 kB in a text field.
MAX_FORM_PARTS = 1000
MAX_FORM_MEMORY_SIZE = 500_000
TOO_LARGE = "10 MB"  # the form given back ("larger than 10 MB") or the 413 page


@pytest.fixture(scope="module", params=["flask-run", "gunicorn"])
def server(request, tmp_path_factory):
    workers = 1 if request.param == "gunicorn" else None
    with AppProcess(tmp_path_factory.mktemp(request.param), gunicorn_workers=workers) as app:
        yield app


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def wsgiref_server(app):
    httpd = make_server("127.0.0.1", 0, app, handler_class=QuietHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield SimpleNamespace(port=httpd.server_port)  # what http_client needs of a server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


def oversized() -> tuple[dict, dict]:
    return {}, {"resume": ("big.pdf", "application/pdf", pdf_bytes(11 * MiB))}


def too_many_parts() -> tuple[dict, dict]:
    # Parts after a 1 MB resume: the parser stops well into the body, far from its end.
    fields = {f"extra_{i}": "x" * 100 for i in range(MAX_FORM_PARTS + 1)}
    return fields, {"resume": ("cv.pdf", "application/pdf", pdf_bytes(MiB))}


def field_too_long() -> tuple[dict, dict]:
    return {"first_name": "A" * (MAX_FORM_MEMORY_SIZE + 1)}, {}


BODIES = {
    "over-the-size-cap": (oversized, False),
    "over-the-size-cap-chunked": (oversized, True),
    "over-max-form-parts": (too_many_parts, False),
    "over-max-form-parts-chunked": (too_many_parts, True),
    "over-max-form-memory-size": (field_too_long, False),
}


@pytest.mark.parametrize(("make", "chunked"), BODIES.values(), ids=BODIES.keys())
def test_a_body_werkzeug_stops_reading_gets_the_413_page_at_once(server, make, chunked):
    post_and_expect_413(server, make, chunked)


# wsgiref does not decode chunked request bodies.
SIZED = {name: make for name, (make, chunked) in BODIES.items() if not chunked}


@pytest.mark.parametrize("make", SIZED.values(), ids=SIZED.keys())
def test_a_server_that_leaves_the_body_unread_still_sends_the_413_page(wsgiref_server, make):
    post_and_expect_413(wsgiref_server, make, chunked=False)


def post_and_expect_413(server, make, chunked: bool) -> None:
    token, cookie = fetch_form(server)
    extra_fields, files = make()
    fields = {
        "csrf_token": token,
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.com",
        **extra_fields,
    }
    body, content_type = multipart(fields, files)
    headers = {"Content-Type": content_type, "Cookie": f"leads_csrf={cookie}"}
    # A list of chunks has no length, so http.client sends it chunked. The client waits
    # 10 s for an answer: a hang fails the test with a timeout.
    sent = [body[i : i + 65536] for i in range(0, len(body), 65536)] if chunked else body
    response, page = request(server, "POST", "/", sent, headers)
    assert response.status == 413, page[:500]
    assert TOO_LARGE in page.decode()
