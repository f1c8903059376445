"""The first run as a Django user makes it: `migrate`, then `runserver`, without `collectstatic`.
Pages must render (the files are served from their source folders) and the console must stay
readable while the demo renders its PDFs.

The static-file settings are read when the process starts, so those tests start one under the
real settings, with an empty (never collected) or a collected STATIC_ROOT.
"""

import json
import logging
import subprocess
import sys
from pathlib import Path

from core.pdf import html_to_pdf

BASE_DIR = Path(__file__).resolve().parents[2]

FIRST_RUN = """
import json
from config.wsgi import application  # what runserver and gunicorn load
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
login = client.get("/accounts/login/")
css = client.get("/static/css/app.css")
print(json.dumps({
    "login": login.status_code,
    "links_css": "/static/css/app.css" in login.content.decode(),
    "css": css.status_code,
    "css_type": css.get("Content-Type", "").split(";")[0],
}))
"""

STATIC_URL_OF = """
from config.wsgi import application
from django.templatetags.static import static
print(static("css/app.css"))
"""


def _run(tmp_path, script, static_root):
    """The last line the script prints, and what it wrote on stderr (the log)."""
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "VAR_DIR": str(tmp_path / "var"),
            "STATIC_ROOT": str(static_root),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip().splitlines()[-1], run.stderr


def test_pages_and_their_styles_are_served_before_collectstatic(tmp_path):
    never_collected = tmp_path / "staticfiles"

    printed, log = _run(tmp_path, FIRST_RUN, never_collected)

    assert json.loads(printed) == {
        "login": 200,
        "links_css": True,
        "css": 200,
        "css_type": "text/css",
    }
    # The server says once why, and what to do for production; WhiteNoise's own warning is not
    # repeated on top.
    assert log.count("collectstatic") == 1
    assert "No directory at" not in log


def test_collected_files_keep_their_hashed_names_and_start_quietly(tmp_path):
    collected = tmp_path / "staticfiles"
    collected.mkdir()
    manifest = {"paths": {"css/app.css": "css/app.0123abcd.css"}, "version": "1.1", "hash": "x"}
    (collected / "staticfiles.json").write_text(json.dumps(manifest))

    printed, log = _run(tmp_path, STATIC_URL_OF, collected)

    assert printed == "/static/css/app.0123abcd.css"
    assert "collectstatic" not in log


def test_the_pdf_engine_does_not_narrate_its_renders(caplog):
    # The loggers keep the levels the settings gave them: that is what is tested.
    html_to_pdf("<html><body><p>每月有接待、每月有反馈</p></body></html>")

    chatter = [r for r in caplog.records if r.name.startswith(("weasyprint", "fontTools"))]
    assert [r for r in chatter if r.levelno < logging.WARNING] == []
