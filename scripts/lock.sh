#!/usr/bin/env bash
# make lock: re-resolve the full dependency tree from pyproject.toml into hashed lock files.
#
#   requirements/prod.txt   [project] dependencies and everything they pull in (the Docker image)
#   requirements/dev.txt    the same versions + the `dev` extras + the build backend (.venv: make
#                           run, make test, CI)
#
# Both are universal (every platform, Python 3.11) and carry a sha256 per file, so
# `pip install --require-hashes` installs exactly these files. dev.txt is resolved with prod.txt as
# a constraint, so the two never disagree on a shared package.
#
# Run it after changing a dependency in pyproject.toml (scripts/check_lock.py, part of make test,
# fails until you do) and commit requirements/ with pyproject.toml. To move an unpinned transitive
# package to its newest release: UPGRADE=1 make lock (or UPGRADE_PACKAGE=name make lock).
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$KT_ROOT"

uv="$KT_VENV/bin/uv"
[ -x "$uv" ] || die "$uv not found: run make venv first (uv comes with the dev extras)."

upgrade=()
if [ -n "${UPGRADE:-}" ]; then
	upgrade+=(--upgrade)
fi
if [ -n "${UPGRADE_PACKAGE:-}" ]; then
	upgrade+=(--upgrade-package "$UPGRADE_PACKAGE")
fi

common=(--universal --python-version 3.11 --generate-hashes --quiet "${upgrade[@]}")
# uv resolves against PyPI, its default index; no uv.toml of this machine or user is read, so
# the lock does not depend on one machine's configuration (uv ignores pip's configuration anyway).
export UV_NO_CONFIG=1
export UV_CUSTOM_COMPILE_COMMAND="make lock"

log "Locking requirements/prod.txt"
"$uv" pip compile "${common[@]}" pyproject.toml -o requirements/prod.txt
log "Locking requirements/dev.txt"
"$uv" pip compile "${common[@]}" pyproject.toml requirements/build.in --extra dev \
	-c requirements/prod.txt -o requirements/dev.txt
"$KT_VENV/bin/python" scripts/check_lock.py
