"""`make run` as a newcomer gets it: the real settings on SQLite (no DATABASE_URL), migrated and
seeded, and every role's first pages answer. The suite itself runs on PostgreSQL, which accepts
SQL that SQLite refuses (an ORDER BY inside a UNION once made the clinician's home page a 500
in the embedded demo only), so this runs the embedded mode in a process of its own."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Each role's start pages (README's table); the script prints "<user> <path> <status>".
PAGES = {
    "clinician": ["/", "/youths/caseload/", "/reminders/"],
    "clinician2": ["/", "/youths/caseload/"],
    "coordinator": ["/", "/youths/", "/youths/waitlist/", "/homes/board/", "/youths/intake/"],
    "supervisor": ["/", "/youths/caseload/", "/reminders/team/", "/audit/"],
    "oncall": ["/", "/services/oncall/essentials/", "/services/oncall/calls/"],
    "support": ["/", "/youths/caseload/"],
    "admin": ["/", "/audit/"],
}

SCRIPT = """
import json, sys
from django.contrib.auth import get_user_model
from django.test import Client
pages = json.loads(sys.argv[-1])
for username, paths in pages.items():
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    for path in paths:
        print(username, path, client.get(path).status_code)
"""


def _run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_every_role_s_start_pages_answer_in_the_embedded_demo(tmp_path):
    import json

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY"}
    }
    env.update(DJANGO_SETTINGS_MODULE="chance.settings", CHANCE_VAR_DIR=str(tmp_path))
    for step in (["manage.py", "migrate", "--noinput", "-v0"], ["manage.py", "seed_demo"]):
        done = _run(step, env)
        assert done.returncode == 0, done.stderr[-2000:]
    script = tmp_path / "visit.py"
    script.write_text(
        "import django, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'chance.settings')\n"
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\ndjango.setup()\n" + SCRIPT
    )
    visited = _run([str(script), json.dumps(PAGES)], env)
    assert visited.returncode == 0, visited.stderr[-2000:]
    answers = [line.split() for line in visited.stdout.splitlines() if line.strip()]
    assert len(answers) == sum(len(p) for p in PAGES.values())
    assert [a for a in answers if a[2] != "200"] == []
