"""The demo app sits at the end of the dependency chain and never reaches production."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import demo.families
from demo.families import FAMILIES

ROOT = Path(__file__).resolve().parents[2]
APPS = ["config", "accounts", "families", "screening", "assessment", "actionplans", "evaluation"]

# Production settings (DEBUG off), as the Docker image runs them. Importing the WSGI application
# sets Django up (every app's models and admin), loads the URLconf and the Celery app.
PRODUCTION_PROBE = """
import sys
from config.wsgi import application
from django.conf import settings
from django.core.management import get_commands
from django.urls import get_resolver
import config.celery

get_resolver().url_patterns
assert not settings.DEBUG
assert "demo" not in settings.INSTALLED_APPS, settings.INSTALLED_APPS
assert "seed_demo" not in get_commands()
loaded = sorted(name for name in sys.modules if name == "demo" or name.startswith("demo."))
assert not loaded, loaded
print("no demo")
"""


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_production_settings_never_import_demo() -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="test-only-production-probe-secret-0123456789-abcdefghijklmnop",
        DJANGO_ALLOWED_HOSTS="localhost",
    )
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "no demo"


def test_no_app_imports_demo() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        for name in _imported_modules(path)
        if name == "demo" or name.startswith("demo.")
    ]
    assert offenders == []


def test_every_family_module_is_seeded() -> None:
    package = Path(demo.families.__file__).parent
    modules = {path.stem for path in package.glob("*.py") if path.stem != "__init__"}
    seeded = {family.record or family.arrives for family in FAMILIES}
    assert {getattr(write, "__module__", "").rsplit(".", 1)[-1] for write in seeded} == modules
    names = [(family.municipality.code, family.name) for family in FAMILIES]
    assert len(names) == len(set(names))


def test_docker_image_leaves_demo_out() -> None:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert "demo" in [line.strip() for line in lines]
