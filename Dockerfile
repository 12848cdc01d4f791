# syntax=docker/dockerfile:1
# Kerneteam production image: gunicorn on :8000. The same image runs the Celery worker and beat
# (see docker-compose.yml). Configuration comes from environment variables only (README.md).

# --- Front-end packages from npm (package-lock.json) -> static/vendor ----------------------------
FROM python:3.11-slim-bookworm AS frontend
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts/lib.sh scripts/build_static.sh scripts/
RUN bash scripts/build_static.sh

# --- Application -----------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

# WeasyPrint (PDFs) needs pango/harfbuzz and a font; gettext compiles the translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 kerneteam \
    && useradd --system --uid 10001 --gid kerneteam --home-dir /app --no-create-home kerneteam

WORKDIR /app

# The locked dependency tree (requirements/prod.txt: pyproject.toml's [project] dependencies and
# everything they pull in, each file hash-checked; `make lock` writes it), in its own layer so a
# code change does not reinstall them. The project itself is not pip-installed: it runs from /app
# (PYTHONPATH, gunicorn's and manage.py's working directory), where settings.BASE_DIR finds
# templates/, static/ and locale/ next to the code. A site-packages copy would miss those (they
# are not package data).
COPY requirements/prod.txt /tmp/requirements.txt
RUN pip install --require-hashes --no-deps -r /tmp/requirements.txt \
    && pip check \
    && rm /tmp/requirements.txt

# .dockerignore leaves out tests/ and demo/: the demo data (seed_demo) never reaches production.
COPY . .
COPY --from=frontend /src/static/vendor/ static/vendor/

# Build-time only: translations and static files. The secret is a dummy that never reaches runtime
# (the settings refuse to start with DEBUG off unless DJANGO_SECRET_KEY is given).
RUN export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=localhost \
        DJANGO_SECRET_KEY=build-only-dummy-secret-never-used-at-runtime-0123456789 \
    && python manage.py compilemessages \
    && python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media \
    && chown -R kerneteam:kerneteam /app/var

USER kerneteam
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "-b", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
