FROM python:3.11-slim-bullseye
ENV PYTHONUNBUFFERED=1
ENV DJANGO_SECRET_KEY=django-insecure-0123456789abcdef
ENV DJANGO_DEBUG=False
WORKDIR /app
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq-dev gcc \
    && apt-get clean
COPY requirements.txt /app/
RUN pip install --no-cache-dir -r requirements.txt
COPY . /app/
RUN python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "project.wsgi:application", "--bind", "0.0.0.0:8000"]
