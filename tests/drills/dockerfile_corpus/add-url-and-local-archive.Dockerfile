FROM python:3.9-alpine
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /tini
ADD vendor/libs.tar.gz /opt/libs/
RUN chmod +x /tini
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
ENTRYPOINT ["/tini", "--"]
CMD ["flask", "run", "--host=0.0.0.0"]
