FROM python:3.12-slim AS base
ONBUILD COPY . /app
ONBUILD RUN pip install -r /app/requirements.txt
WORKDIR /app
USER 1000
CMD ["python", "-m", "app"]
