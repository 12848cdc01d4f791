"""Fail when requirements/*.txt (the dependency lock) no longer matches pyproject.toml.

Offline and fast (make test runs it): every requirement in pyproject.toml ([project] dependencies
for prod.txt; those and the `dev` extras for dev.txt) must be in the lock with a version it allows,
and the two lock files must agree on every package they share. Fix a failure with `make lock`.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def read_lock(path: Path) -> dict[str, str]:
    """Package name -> pinned version, for every pinned line of a lock file."""
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def missing(requirements: list[str], pins: dict[str, str], lock_name: str) -> list[str]:
    problems: list[str] = []
    for text in requirements:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        version = pins.get(name)
        if version is None:
            problems.append(f"{requirement.name} is in pyproject.toml but not in {lock_name}")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(
                f"{lock_name} has {requirement.name}=={version}, pyproject.toml wants {text}"
            )
    return problems


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime: list[str] = project["dependencies"]
    dev: list[str] = project.get("optional-dependencies", {}).get("dev", [])
    prod_pins = read_lock(ROOT / "requirements" / "prod.txt")
    dev_pins = read_lock(ROOT / "requirements" / "dev.txt")

    problems = missing(runtime, prod_pins, "requirements/prod.txt")
    problems += missing(runtime + dev, dev_pins, "requirements/dev.txt")
    problems += [
        f"requirements/prod.txt has {name}=={version}, requirements/dev.txt {dev_pins[name]}"
        for name, version in sorted(prod_pins.items())
        if name in dev_pins and dev_pins[name] != version
    ]
    for problem in problems:
        print(f"lock: {problem}", file=sys.stderr)
    if problems:
        print("The dependency lock is out of date: run `make lock`.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
