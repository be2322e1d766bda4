"""The design system is vendored, not fetched: `make run` needs only Python and no page loads
anything from another origin. The files are exactly the pinned release's (scripts/vendor_uswds.py
wrote the manifest), and everything the CSS points at is there."""

import hashlib
import re
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "uswds"
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def manifest():
    for line in (VENDOR / "MANIFEST.sha256").read_text().splitlines():
        digest, name = line.split("  ", 1)
        yield digest, name


def test_vendored_files_match_the_pinned_release():
    entries = list(manifest())
    assert len(entries) > 10
    for digest, name in entries:
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    assert "@uswds/uswds 3." in (VENDOR / "VERSION").read_text()


def test_every_file_the_css_refers_to_is_vendored():
    css = (VENDOR / "css" / "uswds.min.css").read_text()
    refs = set(re.findall(r"url\(\"?(\.\./[^\")?#]+)", css))
    assert refs, "the stylesheet refers to fonts and icons"
    missing = [ref for ref in refs if not (VENDOR / "css" / ref).resolve().is_file()]
    assert missing == []


def test_the_page_shell_loads_the_design_system_from_our_own_static_files():
    source = Path(get_template("base.html").origin.name).read_text()
    assert "vendor/uswds/css/uswds.min.css" in source
    assert "vendor/uswds/js/uswds.min.js" in source


def test_no_template_loads_anything_from_another_origin():
    offenders = []
    pattern = re.compile(r"<(?:script|link|img)[^>]+(?:src|href)=\"(?:https?:)?//", re.I)
    for path in TEMPLATES.rglob("*.html"):
        if pattern.search(path.read_text()):
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert offenders == []
