FROM python:3.12-alpine3.20
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD python app.py
USER 1000
CMD ["python", "app.py"]
