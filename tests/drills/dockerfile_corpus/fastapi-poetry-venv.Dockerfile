FROM python:3.12-slim AS builder
RUN pip install poetry==1.8.3
ENV POETRY_NO_INTERACTION=1 POETRY_VIRTUALENVS_IN_PROJECT=1
WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN poetry install --only main --no-root
COPY app ./app

FROM python:3.12-slim
ENV PATH="/app/.venv/bin:$PATH"
WORKDIR /app
COPY --from=builder /app /app
USER nobody
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "80"]
