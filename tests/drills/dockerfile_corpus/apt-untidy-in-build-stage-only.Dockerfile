FROM python:3.12-bookworm AS build
RUN apt-get update && apt-get install -y build-essential libpq-dev
WORKDIR /wheels
COPY requirements.txt .
RUN pip wheel --no-cache-dir -r requirements.txt

FROM python:3.12-slim-bookworm
WORKDIR /app
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*
COPY . .
USER 1000
CMD ["python", "main.py"]
