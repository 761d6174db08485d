"""The firm's own page: FIRM_NAME, FIRM_LOGO, ACCENT_COLOR, CONTACT_EMAIL, REPLY_WITHIN,
checked at start-up and shown on the pages; error pages in the form's look."""

from __future__ import annotations

import pytest

from config import ConfigError
from config.colors import WHITE, contrast, parse_hex
from tests.support.form import post_application
from web import create_app

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'


@pytest.mark.parametrize(("colour", "ratio"), [("#93c5fd", "1.80:1"), ("#3b82f6", "3.68:1")])
def test_an_accent_white_text_cannot_be_read_on_is_refused_with_its_ratio(config, colour, ratio):
    config["ACCENT_COLOR"] = colour
    with pytest.raises(ConfigError, match=f"ACCENT_COLOR: .*{ratio}; it needs at least 4.5:1"):
        create_app(config)


def test_contrast_is_wcag_s():
    assert round(contrast(parse_hex("#000"), WHITE), 2) == 21.0
    assert round(contrast(parse_hex("#767676"), WHITE), 2) == 4.54
    assert round(contrast(WHITE, WHITE), 2) == 1.0


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("logo.gif", b"GIF89a", "must be a .png or .svg"),
        ("logo.png", SVG, "does not hold a PNG"),
        ("logo.svg", PNG, "does not hold a SVG"),
        ("missing.png", None, "is not a readable file"),
    ],
)
def test_a_bad_logo_is_refused(config, tmp_path, name, content, problem):
    if content is not None:
        (tmp_path / name).write_bytes(content)
    config["FIRM_LOGO"] = str(tmp_path / name)
    with pytest.raises(ConfigError, match=f"FIRM_LOGO: .*{problem}"):
        create_app(config)


@pytest.mark.parametrize(
    ("suffix", "content", "mimetype"), [("svg", SVG, "image/svg+xml"), ("png", PNG, "image/png")]
)
def test_the_branded_page(config, make_app, tmp_path, suffix, content, mimetype):
    (tmp_path / f"logo.{suffix}").write_bytes(content)
    config.update(
        FIRM_NAME="Smith & Jones LLP",
        FIRM_LOGO=str(tmp_path / f"logo.{suffix}"),
        ACCENT_COLOR="#7c2d12",
        CONTACT_EMAIL="jobs@smith.example",
    )
    client = make_app(config).test_client()
    page = client.get("/").get_data(as_text=True)
    assert "<title>Apply to Smith &amp; Jones LLP</title>" in page
    assert "<h1>Apply to Smith &amp; Jones LLP</h1>" in page
    assert f'<img class="logo" src="/brand/logo.{suffix}" alt="Smith &amp; Jones LLP">' in page
    assert 'href="mailto:jobs@smith.example"' in page  # the footer
    logo = client.get(f"/brand/logo.{suffix}")
    assert logo.status_code == 200 and logo.mimetype == mimetype and logo.data == content
    if suffix == "svg":
        assert "sandbox" in logo.headers["Content-Security-Policy"]
    other = "png" if suffix == "svg" else "svg"
    assert client.get(f"/brand/logo.{other}").status_code == 404
    assert "--accent: #7c2d12;" in client.get("/brand.css").get_data(as_text=True)


def test_the_page_with_no_branding(client):
    page = client.get("/").get_data(as_text=True)
    assert "<title>Apply</title>" in page and "<h1>Apply</h1>" in page
    assert "<footer" not in page and 'class="logo"' not in page
    assert client.get("/brand/logo.png").status_code == 404
    assert "--accent: #1d4ed8;" in client.get("/brand.css").get_data(as_text=True)


def test_errors_prefix_the_title(client):
    page = post_application(client, email="nope").get_data(as_text=True)
    assert "<title>Error: Apply</title>" in page
    assert '<span class="visually-hidden">Error:</span> Please enter a valid email' in page
    assert '<li><a href="#email">Please enter a valid email' in page
    assert "novalidate" in page and "autofocus" in page


def looks_like_the_form(page: str) -> bool:
    return '<main class="card">' in page and "/static/style.css" in page


@pytest.mark.parametrize(
    ("path", "status", "title"),
    [("/nope", 404, "Page not found"), ("/resumes/x", 404, "Page not found")],
)
def test_error_pages_have_the_form_s_look_and_a_way_back(client, path, status, title):
    reply = client.get(path)
    page = reply.get_data(as_text=True)
    assert reply.status_code == status and f"<h1>{title}</h1>" in page
    assert looks_like_the_form(page) and '<a class="back" href="/">Back to the form</a>' in page


def test_a_server_error_page(config, make_app):
    config["CONTACT_EMAIL"] = "jobs@smith.example"
    app = make_app(config)
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    reply = app.test_client().get("/boom")
    page = reply.get_data(as_text=True)
    assert reply.status_code == 500 and looks_like_the_form(page)
    assert "something went wrong on our side" in page and "write to jobs@smith.example" in page
    assert "boom" not in page


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("CONTACT_EMAIL", "jobs at smith", "is not an email address"),
        ("REPLY_WITHIN", "x" * 101, "keep it under 100 characters"),
        ("FIRM_NAME", "y" * 101, "keep it under 100 characters"),
        # Decoded in the From and Subject headers: a CR LF in it made every email unsendable.
        ("FIRM_NAME", "=?utf-8?q?Smith=0D=0ABcc:_x@example.com?=", "may not contain"),
        ("ACCENT_COLOR", "blue", "is not a colour like #1d4ed8"),
    ],
)
def test_other_bad_branding_is_refused_naming_the_variable(config, variable, value, problem):
    config[variable] = value
    with pytest.raises(ConfigError, match=f"{variable}: .*{problem}"):
        create_app(config)


def test_a_stale_withdrawal_leads_back_to_its_page(app, client):
    """The way back keeps what can be kept: the withdrawal page, not the form."""
    from service.withdrawal import withdraw_url

    post_application(client)
    url = withdraw_url("test-secret-key", "http://localhost", 1).removeprefix("http://localhost")
    reply = client.post(url, data={"csrf_token": "stale"})
    page = reply.get_data(as_text=True)
    assert reply.status_code == 400 and "nothing was done" in page
    assert f'<a class="back" href="{url}">Back to the withdrawal page</a>' in page


def test_a_logo_that_cannot_be_read_is_refused_naming_the_variable(config, tmp_path, monkeypatch):
    # The tests run as root, whom file modes do not stop: the refusal is simulated.
    (tmp_path / "logo.png").write_bytes(PNG)
    path_type = type(tmp_path)

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(path_type, "read_bytes", refuse)
    config["FIRM_LOGO"] = str(tmp_path / "logo.png")
    with pytest.raises(ConfigError, match="FIRM_LOGO: .*cannot be read \\(Permission denied\\)"):
        create_app(config)
