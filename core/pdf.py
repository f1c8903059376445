"""PDF rendering with WeasyPrint for every app (monthly reports, a request's record), kept fast with
Chinese text.

Why a naive setup takes seconds per file: WeasyPrint embeds a subset of every font it uses.
Noto Sans CJK is a ~20 MB TrueType *collection* (.ttc) of ~65,000 glyphs; without HarfBuzz's
subsetter WeasyPrint falls back to fontTools, which parses the whole face in Python for every
document (several seconds). So:

1. HarfBuzz-Subset (``libharfbuzz-subset0``, a system package the Makefile and Dockerfile
   install) must be present: WeasyPrint then subsets in C in milliseconds. ``harfbuzz_subset_ok``
   tells whether it is, and the bench and the health of the deployment can check it.
2. One ``FontConfiguration`` per process, reused across renders: fontconfig's font matching and
   the loaded faces are not redone for every document.
3. The stylesheet names one face of the collection ("Noto Sans CJK SC") and nothing else, so
   fontconfig never walks fallback fonts for the Chinese text, and the Latin digits come from the
   same face (one embedded font per weight).
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

_local = threading.local()


def harfbuzz_subset_ok() -> bool:
    """True when WeasyPrint can subset fonts with HarfBuzz (fast) rather than fontTools (slow)."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return bool(harfbuzz_subset) and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def _font_config():
    # Per thread: a FontConfiguration holds fontconfig state that is not meant to be shared
    # between threads (a Celery worker with threads, the test server).
    config = getattr(_local, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.font_config = FontConfiguration()
    return config


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document (A4 and fonts come from the document's own stylesheet)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=_font_config())


def render_pdf(template: str, context: dict) -> bytes:
    """Render a template to PDF in Chinese, whatever the language of the request or worker."""
    with translation.override("zh-hans"):
        return html_to_pdf(render_to_string(template, context))
