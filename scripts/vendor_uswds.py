"""Refresh the vendored U.S. Web Design System under static/vendor/uswds/ (`make vendor`).

`make run` must need only Python, so the design system's compiled files are committed, not
fetched at start-up. This script is how they got there: it downloads the pinned release of
npm's `@uswds/uswds` from the registry, refuses it unless its SHA-512 matches the integrity
recorded here (the value npm publishes as `dist.integrity`), and copies out only what the pages
load: the compiled CSS, the JavaScript, the icon sprite, and every font and image the CSS
refers to. It writes MANIFEST.sha256 beside them; a test checks the files still match it, so a
hand edit of a vendored file is caught.

To move to a new release: set VERSION and INTEGRITY from
`curl -s https://registry.npmjs.org/@uswds/uswds/<version> | jq .dist.integrity`, run
`make vendor`, look at the pages, commit.
"""

import base64
import hashlib
import io
import re
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "3.14.0"
INTEGRITY = "sha512-kwZ50TqGszxj3+MQhm+c84hI0y8rIKoc7ZLKbuHg+8rTkFisp9lXOMRD2wclyyuYZahpADxMvaPong7bwL7cew=="  # noqa: E501
TARBALL = f"https://registry.npmjs.org/@uswds/uswds/-/uswds-{VERSION}.tgz"
DEST = Path(__file__).resolve().parent.parent / "static" / "vendor" / "uswds"
ALWAYS = [
    "css/uswds.min.css",
    "js/uswds.min.js",
    "js/uswds-init.min.js",
    "img/sprite.svg",
]
CSS_URL = re.compile(r"url\(\"?(\.\./[^\")?#]+)")


def download() -> bytes:
    with urllib.request.urlopen(TARBALL, timeout=60) as response:  # noqa: S310 (fixed https URL)
        data = response.read()
    algorithm, _, expected = INTEGRITY.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        sys.exit(f"{TARBALL}: checksum {algorithm}-{actual} is not the pinned {INTEGRITY}")
    return data


def files_to_copy(tar: tarfile.TarFile) -> list[str]:
    css = tar.extractfile("package/dist/css/uswds.min.css").read().decode()
    referenced = {("css/" + ref).replace("css/../", "") for ref in CSS_URL.findall(css)}
    return sorted(set(ALWAYS) | referenced)


def main() -> None:
    with tarfile.open(fileobj=io.BytesIO(download()), mode="r:gz") as tar:
        wanted = files_to_copy(tar)
        if DEST.exists():
            shutil.rmtree(DEST)
        lines = []
        for name in wanted:
            data = tar.extractfile(f"package/dist/{name}").read()
            target = DEST / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            lines.append(f"{hashlib.sha256(data).hexdigest()}  {name}")
        licence = tar.extractfile("package/LICENSE.md").read()
    (DEST / "LICENSE.md").write_bytes(licence)
    (DEST / "VERSION").write_text(f"@uswds/uswds {VERSION}\n{INTEGRITY}\n")
    (DEST / "MANIFEST.sha256").write_text("\n".join(lines) + "\n")
    print(f"Vendored @uswds/uswds {VERSION}: {len(wanted)} files in {DEST}")


if __name__ == "__main__":
    main()
