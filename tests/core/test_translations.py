"""Chinese is the product's first language: every message has its Chinese, compiled and current.

CI re-extracts the messages (``make messages``) before the tests, so text added to a template or
to the code without its Chinese shows up here as an empty ``msgstr``.
"""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"


def _unquote(text: str) -> str:
    # PO strings use C escapes (\n, \", \\), which Python's string literals share.
    return ast.literal_eval(text.strip())


def po_entries(path: Path) -> list[dict]:
    """The entries of a PO file: msgctxt, msgid, msgid_plural, msgstr / msgstr[n], flags."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": set()}
        key = None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue  # Comments, references and obsolete (#~) entries.
            elif line.startswith('"') and key:
                entry[key] += _unquote(line)
            elif line:
                key, _space, value = line.partition(" ")
                entry[key] = _unquote(value)
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def translations(entry) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def label(entry) -> str:
    return entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}|{entry['msgid']}"


@pytest.fixture(scope="module")
def entries():
    assert PO.exists(), f"{PO} is missing"
    return po_entries(PO)


def test_every_message_has_its_chinese(entries):
    missing = [label(e) for e in entries if not all(translations(e))]

    assert missing == [], f"messages without Chinese in {PO.name}: {missing}"


def test_no_translation_is_left_fuzzy(entries):
    fuzzy = [label(e) for e in entries if "fuzzy" in e["flags"]]

    assert fuzzy == [], f"fuzzy translations in {PO.name}: {fuzzy}"


def test_compiled_catalogue_matches_the_po_file(entries):
    assert MO.exists(), f"{MO} is missing: run `make messages`"
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    stale = []
    for entry in entries:
        if not all(translations(entry)) or "fuzzy" in entry["flags"]:
            continue  # Reported by the tests above; msgfmt leaves these out on purpose.
        if "msgid_plural" in entry and "msgctxt" in entry:
            got = compiled.npgettext(entry["msgctxt"], entry["msgid"], entry["msgid_plural"], 1)
            want = entry["msgstr[0]"]
        elif "msgid_plural" in entry:
            got = compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1)
            want = entry["msgstr[0]"]
        elif "msgctxt" in entry:
            got = compiled.pgettext(entry["msgctxt"], entry["msgid"])
            want = entry["msgstr"]
        else:
            got = compiled.gettext(entry["msgid"])
            want = entry["msgstr"]
        if got != want:
            stale.append(label(entry))

    assert stale == [], f"{MO.name} is older than {PO.name} for: {stale}"
