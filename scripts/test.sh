#!/usr/bin/env bash
# make test (and .ci/run): the whole suite against real PostgreSQL and real Redis.
#
# Services
#   DATABASE_URL set -> used as is. Otherwise, as root: PostgreSQL is installed when missing, the
#     cluster is started when down, role/database `app` (password `app`, CREATEDB) are created when
#     missing, and DATABASE_URL=postgres://app:app@127.0.0.1:<port>/app is exported.
#   REDIS_URL set -> used as is. Otherwise a Redis answering on 127.0.0.1:${REDIS_PORT:-6379} is used,
#     or redis-server is installed (root) and started; REDIS_URL=redis://127.0.0.1:<port>/0.
#   chromium, chromium-driver, poppler-utils, libharfbuzz-subset0, gettext, pango: installed when
#     missing (root).
#   On exit, only what this script started is stopped (the PostgreSQL cluster, the redis-server PID).
#
# Checks, in order: ruff check, ruff format --check, mypy (strict, django-stubs), every
# `type: ignore` with a code and a reason (scripts/check_type_ignores.py), the dependency lock
# matches pyproject.toml, makemigrations --check, compilemessages, every message extracted afresh
# has Danish text and is in locale/en (scripts/check_messages.py), check --deploy with production
# settings, pytest -n 2 --dist loadgroup "$@".
# Every check runs; the exit status is pytest's, or 1 when pytest passed but an earlier check failed.
# "No tests collected" (pytest status 5) is a failure.
#
# Optional environment: PG_CLUSTER=<version>/<name> (default: a running cluster, else the first one
# pg_lsclusters lists), REDIS_PORT (default 6379), PYTHON (interpreter for a new .venv).
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$KT_ROOT"
mkdir -p var

redis_port="${REDIS_PORT:-6379}"
redis_pidfile="$KT_ROOT/var/redis-test.pid"

# What this script started, so the EXIT trap stops exactly that.
started_pg_cluster="" # "<version> <name>"
started_redis_pid=""

cleanup() {
	local status=$?
	set +e
	if [ -n "$started_redis_pid" ]; then
		log "Stopping the redis-server this script started (PID $started_redis_pid)"
		kill "$started_redis_pid" 2>/dev/null
		for _ in $(seq 50); do
			kill -0 "$started_redis_pid" 2>/dev/null || break
			sleep 0.1
		done
		rm -f "$redis_pidfile"
	fi
	if [ -n "$started_pg_cluster" ]; then
		log "Stopping the PostgreSQL cluster this script started ($started_pg_cluster)"
		# shellcheck disable=SC2086  # "<version> <name>" is two arguments on purpose.
		pg_ctlcluster $started_pg_cluster stop
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

redis_answers() {
	command -v redis-cli >/dev/null 2>&1 &&
		[ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null)" = "PONG" ]
}

# --- Debian packages: everything missing, in one apt-get run --------------------------------------
need=()
if [ -z "${DATABASE_URL:-}" ] && ! command -v pg_lsclusters >/dev/null 2>&1; then
	need+=(postgresql)
fi
if [ -z "${REDIS_URL:-}" ] && ! redis_answers && ! command -v redis-server >/dev/null 2>&1; then
	need+=(redis-server)
fi
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
for pkg in poppler-utils libharfbuzz-subset0 gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; do
	if command -v dpkg-query >/dev/null 2>&1; then
		deb_installed "$pkg" || need+=("$pkg")
	fi
done
installed_postgresql=0
if [ "${#need[@]}" -gt 0 ]; then
	if apt_install "${need[@]}"; then
		if [[ " ${need[*]} " == *" postgresql "* ]]; then
			installed_postgresql=1
		fi
	else
		warn "missing Debian packages (run as root to install them): ${need[*]}"
	fi
fi

# --- PostgreSQL -----------------------------------------------------------------------------------
if [ -n "${DATABASE_URL:-}" ]; then
	log "PostgreSQL: using DATABASE_URL from the environment"
else
	if ! is_root; then
		cat >&2 <<-'EOF'
			ERROR: make test needs PostgreSQL, and DATABASE_URL is not set.
			  Either run it as root (PostgreSQL is then installed and started locally when missing),
			  or point it at a PostgreSQL whose role may create databases (pytest creates test_*):
			    DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DBNAME make test
		EOF
		exit 2
	fi
	command -v pg_lsclusters >/dev/null 2>&1 || die "PostgreSQL is not installed and could not be installed."
	if [ -n "${PG_CLUSTER:-}" ]; then
		cluster_line="$(pg_lsclusters --no-header | awk -v v="${PG_CLUSTER%%/*}" -v n="${PG_CLUSTER#*/}" '$1 == v && $2 == n' | head -n 1)"
	else
		# A running cluster if there is one, else the first one.
		cluster_line="$(pg_lsclusters --no-header | awk '$4 ~ /^online/' | head -n 1)"
		[ -n "$cluster_line" ] || cluster_line="$(pg_lsclusters --no-header | head -n 1)"
	fi
	[ -n "$cluster_line" ] || die "no PostgreSQL cluster found (pg_lsclusters${PG_CLUSTER:+, PG_CLUSTER=$PG_CLUSTER}); create one: pg_createcluster 15 main"
	read -r pg_version pg_name pg_port _ <<<"$cluster_line"

	if pg_ctlcluster "$pg_version" "$pg_name" status >/dev/null 2>&1; then
		log "PostgreSQL: cluster $pg_version/$pg_name already running on port $pg_port (left running)"
		# A cluster the package installer just started counts as ours.
		if [ "$installed_postgresql" -eq 1 ]; then
			started_pg_cluster="$pg_version $pg_name"
		fi
	else
		log "PostgreSQL: starting cluster $pg_version/$pg_name on port $pg_port"
		pg_ctlcluster "$pg_version" "$pg_name" start
		started_pg_cluster="$pg_version $pg_name"
	fi
	for _ in $(seq 60); do
		pg_isready -q -h 127.0.0.1 -p "$pg_port" && break
		sleep 0.5
	done
	pg_isready -q -h 127.0.0.1 -p "$pg_port" || die "PostgreSQL does not answer on 127.0.0.1:$pg_port"

	pg_admin() { (cd / && runuser -u postgres -- "$@"); }
	if [ "$(pg_admin psql -p "$pg_port" -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'app'")" != "1" ]; then
		log "PostgreSQL: creating role app"
		pg_admin psql -p "$pg_port" -v ON_ERROR_STOP=1 -qc "CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB"
	fi
	if [ "$(pg_admin psql -p "$pg_port" -tAc "SELECT 1 FROM pg_database WHERE datname = 'app'")" != "1" ]; then
		log "PostgreSQL: creating database app"
		pg_admin createdb -p "$pg_port" -O app app
	fi
	export DATABASE_URL="postgres://app:app@127.0.0.1:${pg_port}/app"
fi

# --- Redis ----------------------------------------------------------------------------------------
if [ -n "${REDIS_URL:-}" ]; then
	log "Redis: using REDIS_URL from the environment"
else
	if redis_answers; then
		log "Redis: already answering on 127.0.0.1:$redis_port (left running)"
	else
		if ! command -v redis-server >/dev/null 2>&1; then
			cat >&2 <<-'EOF'
				ERROR: make test needs Redis, and REDIS_URL is not set.
				  Either run it as root (redis-server is then installed and started locally),
				  install redis-server yourself, or point it at one:
				    REDIS_URL=redis://HOST:6379/0 make test
			EOF
			exit 2
		fi
		log "Redis: starting redis-server on 127.0.0.1:$redis_port"
		rm -f "$redis_pidfile"
		touch "$redis_pidfile" 2>/dev/null || die "cannot write $redis_pidfile (needed to stop Redis afterwards)"
		rm -f "$redis_pidfile"
		redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save '' \
			--appendonly no --pidfile "$redis_pidfile" >/dev/null
		for _ in $(seq 50); do
			[ -s "$redis_pidfile" ] && redis_answers && break
			sleep 0.1
		done
		if [ -s "$redis_pidfile" ]; then
			started_redis_pid="$(cat "$redis_pidfile")"
		else # no pidfile (yet): ask the server itself
			started_redis_pid="$(redis-cli -h 127.0.0.1 -p "$redis_port" info server 2>/dev/null |
				tr -d '\r' | awk -F: '$1 == "process_id" { print $2 }')"
		fi
		redis_answers || die "redis-server did not start on 127.0.0.1:$redis_port"
	fi
	export REDIS_URL="redis://127.0.0.1:${redis_port}/0"
fi

# --- Python environment and static files ----------------------------------------------------------
ensure_venv
build_static
export VIRTUAL_ENV="$KT_VENV"
export PATH="$KT_VENV/bin:$PATH"
export DJANGO_SETTINGS_MODULE=config.settings_test
export DJANGO_ALLOW_ASYNC_UNSAFE=true

# --- Checks ---------------------------------------------------------------------------------------
failed=()
step() {
	local name="$1"
	shift
	log "$name"
	if ! "$@"; then
		warn "FAILED: $name"
		failed+=("$name")
	fi
}

step "ruff check" ruff check .
# Concise: one line per file; `make format` fixes them.
step "ruff format --check" ruff format --check --output-format concise .
step "mypy" mypy
step "type: ignore has a code and a reason" python scripts/check_type_ignores.py
step "dependency lock matches pyproject.toml" python scripts/check_lock.py
step "makemigrations --check" env DJANGO_DEBUG=1 python manage.py makemigrations --check --dry-run
if [ -d locale ]; then
	step "compilemessages" python manage.py compilemessages --ignore=.venv --ignore=node_modules
	step "every message has Danish text, locale/en complete" python scripts/check_messages.py
fi
deploy_secret="$(python -c 'import secrets, string
chars = string.ascii_letters + string.digits + "!#%()*+-=^_"
print("".join(secrets.choice(chars) for _ in range(50)))')"
# Production settings, as deployed: no test-only variables.
step "check --deploy (production settings)" env -u DJANGO_ALLOW_ASYNC_UNSAFE \
	DJANGO_SETTINGS_MODULE=config.settings DJANGO_DEBUG=0 \
	DJANGO_SECRET_KEY="$deploy_secret" DJANGO_ALLOWED_HOSTS=kerneteam.example \
	python manage.py check --deploy --fail-level WARNING

log "pytest -n 2 --dist loadgroup $*"
set +e
pytest -n 2 --dist loadgroup "$@"
pytest_status=$?
set -e

if [ "$pytest_status" -eq 5 ]; then
	warn "pytest collected no tests: that counts as a failure."
elif [ "$pytest_status" -ne 0 ]; then
	warn "pytest failed (exit status $pytest_status)."
fi
if [ "${#failed[@]}" -gt 0 ]; then
	warn "earlier checks failed: $(printf '[%s] ' "${failed[@]}")"
fi
if [ "$pytest_status" -ne 0 ]; then
	exit "$pytest_status"
fi
if [ "${#failed[@]}" -gt 0 ]; then
	exit 1
fi
log "All checks passed."
