FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY .env.production ./.env
COPY config/service-account.json /secrets/gcp.json
COPY . .
USER 1000
CMD ["python", "main.py"]
