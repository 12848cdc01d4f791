#!/usr/bin/env bash
# Shared helpers for scripts/run.sh, scripts/test.sh, scripts/build_static.sh and the Makefile.
#
# Source it (`. scripts/lib.sh`) to get the functions, or run it with a function name:
#   bash scripts/lib.sh ensure_venv     # create .venv and install the project when needed
#
# Environment:
#   PYTHON   interpreter used to create .venv (default: python3 on PATH; must be 3.11+)

KT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KT_VENV="$KT_ROOT/.venv"
# Touched after a successful `pip install`; pyproject.toml newer than it means "install again".
KT_VENV_STAMP="$KT_VENV/.kerneteam-installed"
KT_APT_UPDATED=0

log() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() {
	printf 'ERROR: %s\n' "$*" >&2
	exit 1
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# deb_installed PACKAGE: true when the Debian package is installed (false when dpkg is absent).
deb_installed() {
	command -v dpkg-query >/dev/null 2>&1 || return 1
	# shellcheck disable=SC2016  # ${Status} is dpkg-query's format field, not a shell variable.
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# apt_install PACKAGE...: install with apt-get when running as root; `apt-get update` runs once,
# and only when something is actually installed. Returns 1 (installs nothing) when not root.
apt_install() {
	[ "$#" -gt 0 ] || return 0
	is_root || return 1
	command -v apt-get >/dev/null 2>&1 || return 1
	log "Installing Debian packages: $*"
	export DEBIAN_FRONTEND=noninteractive
	if [ "$KT_APT_UPDATED" -eq 0 ]; then
		apt-get update -q
		KT_APT_UPDATED=1
	fi
	apt-get install -y -q "$@"
}

# ensure_debian_packages PACKAGE...: install the missing ones as root, otherwise warn about them.
ensure_debian_packages() {
	command -v dpkg-query >/dev/null 2>&1 || return 0 # not Debian: nothing we can check
	local missing=() pkg
	for pkg in "$@"; do
		deb_installed "$pkg" || missing+=("$pkg")
	done
	[ "${#missing[@]}" -gt 0 ] || return 0
	if ! apt_install "${missing[@]}"; then
		warn "missing Debian packages (install them as root): ${missing[*]}"
	fi
}

# ensure_venv: create .venv (with $PYTHON, default python3) when missing, and install exactly the
# locked dependency tree (requirements/dev.txt, hash-checked; see scripts/lock.sh) plus the project
# itself (editable, no dependencies of its own) when pyproject.toml or the lock is newer than the
# stamp file inside .venv.
ensure_venv() {
	local python="${PYTHON:-python3}"
	local lock="$KT_ROOT/requirements/dev.txt"
	if [ -e "$KT_VENV/bin/python" ] && ! "$KT_VENV/bin/python" -c "" >/dev/null 2>&1; then
		die "$KT_VENV/bin/python does not run (moved checkout? removed Python?): remove .venv (make clean) and retry."
	fi
	if [ ! -e "$KT_VENV/bin/python" ]; then
		command -v "$python" >/dev/null 2>&1 || die "$python not found: install Python 3.11+ (Debian: apt-get install python3 python3-venv)."
		"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
			die "$python is $("$python" -V 2>&1); Kerneteam needs Python 3.11+ (set PYTHON=/path/to/python3.11)."
		if ! "$python" -c "import ensurepip" >/dev/null 2>&1; then
			apt_install python3-venv || die "$python cannot create virtual environments: install python3-venv (as root)."
		fi
		log "Creating $KT_VENV with $python ($("$python" -V 2>&1))"
		"$python" -m venv "$KT_VENV"
	fi
	if [ ! -f "$KT_VENV_STAMP" ] || [ "$KT_ROOT/pyproject.toml" -nt "$KT_VENV_STAMP" ] ||
		[ "$lock" -nt "$KT_VENV_STAMP" ]; then
		log "Installing Python packages (requirements/dev.txt, then pip install -e .)"
		(
			cd "$KT_ROOT"
			"$KT_VENV/bin/python" -m pip install --disable-pip-version-check -q \
				--require-hashes --no-deps -r requirements/dev.txt
			"$KT_VENV/bin/python" -m pip install --disable-pip-version-check -q \
				--no-deps --no-build-isolation -e .
		)
		touch "$KT_VENV_STAMP"
	fi
}

# build_static: npm packages copied into static/vendor (see scripts/build_static.sh).
build_static() {
	bash "$KT_ROOT/scripts/build_static.sh"
}

# Run as a command: `bash scripts/lib.sh ensure_venv`.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	case "${1:-}" in
	ensure_venv | build_static) "$1" ;;
	*)
		echo "usage: $0 ensure_venv|build_static" >&2
		exit 2
		;;
	esac
fi
