FROM python:3.12-slim-bookworm
ENV APP_HOME=/srv/app
WORKDIR $APP_HOME
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
WORKDIR ${APP_HOME}/web
USER www-data
CMD ["gunicorn", "-b", "0.0.0.0:8000", "wsgi:app"]
