# syntax=docker/dockerfile:1.7
FROM python:3.12-slim-bookworm
WORKDIR /srv
COPY <<robots.txt <<humans.txt /srv/static/
User-agent: *
Disallow: /admin
robots.txt
Made by the platform team
humans.txt
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app ./app
RUN python3 <<EOF
import compileall
compileall.compile_dir("app", quiet=1)
EOF
RUN useradd --create-home --uid 10001 app
USER app
HEALTHCHECK CMD python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"
CMD ["gunicorn", "app.wsgi:application", "--bind", "0.0.0.0:8000"]
