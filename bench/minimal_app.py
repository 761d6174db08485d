"""The framework-plus-storage ceiling: the least a Flask app can do for the same request.

Served by gunicorn as the real app is (bench/ceilings.py). GET / hands out a CSRF token
the way the form does, POST / parses the same multipart body and commits one row with
the app's durability (WAL, synchronous=FULL), GET /noop answers a tiny JSON. Nothing
else: no settings, no templates, no outbox, no validation beyond the token.
"""

from __future__ import annotations

import os
import secrets
import sqlite3

from flask import Flask, abort, jsonify, redirect, request

from db.engine import SQLITE_PRAGMAS

PAGE = '<form method="post"><input type="hidden" name="csrf_token" value="{}"></form>'
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS leads (id INTEGER PRIMARY KEY, first_name TEXT,"
    " last_name TEXT, email TEXT, filename TEXT, data BLOB)"
)


def connect(path: str) -> sqlite3.Connection:
    """One connection per process, with the app's pragmas; autocommit, explicit BEGIN."""
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    for pragma in SQLITE_PRAGMAS:
        connection.execute(pragma)
    return connection


def create_app() -> Flask:
    app = Flask(__name__)
    connection = connect(os.environ["MINIMAL_APP_DATABASE"])

    @app.get("/")
    def form():
        token = secrets.token_urlsafe(16)
        response = app.make_response(PAGE.format(token))
        response.set_cookie("leads_csrf", token, httponly=True, samesite="Lax")
        return response

    @app.post("/")
    def submit():
        if request.form.get("csrf_token") != request.cookies.get("leads_csrf"):
            abort(400)
        resume = request.files["resume"]
        data = resume.read()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(
            "INSERT INTO leads (first_name, last_name, email, filename, data)"
            " VALUES (?, ?, ?, ?, ?)",
            (request.form["first_name"], request.form["last_name"], request.form["email"],
             resume.filename, data),
        )  # fmt: skip
        connection.execute("COMMIT")
        return redirect("/", code=303)

    @app.get("/noop")
    def noop():
        return jsonify(status="ok")

    return app
