"""The email templates (worker/templates/email/) and the Jinja2 environment that renders
them, the worker's own: HTML is autoescaped, plain text is not (it is not markup).

What applicant text may reach a template, and in what form, is decided in
worker/mail_text.py.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from service.sizes import size_label

TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
    )
    env.filters["size_label"] = size_label
    return env


def render(name: str, **context) -> str:
    return environment().get_template(name).render(**context)
