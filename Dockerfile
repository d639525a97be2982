# syntax=docker/dockerfile:1
# Contained's production image: gunicorn serving the site, static files included.
# Build: docker build -t contained .    Run with PostgreSQL: docker compose up (compose.yaml).

# ---- build: the dependencies in a virtual environment, then the code, compiled ----
FROM python:3.12-slim-trixie AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH
WORKDIR /app
RUN python -m venv /opt/venv
# Only the manifest first: this slow layer is reused until a pinned version changes.
COPY pyproject.toml ./
RUN pip install --no-cache-dir pip==26.0 \
 && pip install --no-cache-dir --group=runtime
# Then the code (.dockerignore lets in only what runs), compiled once so no
# request pays for it, and the static files hashed and compressed by whitenoise.
COPY . .
RUN python -m compileall -q --invalidation-mode unchecked-hash /app \
 && DJANGO_STATIC_MANIFEST=1 python manage.py collectstatic --noinput -v 0

# ---- runtime: the same slim Python, the virtual environment and the code ----
FROM python:3.12-slim-trixie AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_DEBUG=0 \
    PORT=8000
# An unprivileged user with a fixed id (volumes and Kubernetes securityContext
# can name it); /data is the one place it may write (an optional SQLite file).
RUN groupadd --system --gid 10001 contained \
 && useradd --system --no-log-init --uid 10001 --gid contained \
      --home-dir /nonexistent --shell /usr/sbin/nologin contained \
 && install -d -o contained -g contained /data
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
USER 10001:10001
EXPOSE 8000
# The probe is Python (the slim image has no curl) and asks the app's /healthz,
# which answers 503 when the database does not.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-m", "config.healthcheck"]
# Exec form: gunicorn is PID 1 and receives docker stop's SIGTERM.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "--no-control-socket", "config.wsgi"]
