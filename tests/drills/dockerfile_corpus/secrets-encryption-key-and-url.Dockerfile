FROM python:3.12-slim
ENV APP_ENCRYPTION_KEY=6f1d2c3b4a5e6f708192a3b4c5d6e7f8
ENV DATABASE_URL=postgresql://app:s3cr3t@db:5432/app
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
USER nobody
CMD ["python", "-m", "app"]
