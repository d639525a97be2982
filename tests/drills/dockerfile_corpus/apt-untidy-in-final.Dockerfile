FROM python:3.11-slim-bookworm
RUN apt-get update
RUN apt-get install -y libpq5
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
USER 1000
CMD ["python", "main.py"]
