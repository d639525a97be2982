FROM debian:trixie-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && apt-get dist-clean
RUN cat <<EOF >> /etc/app.conf
listen = 0.0.0.0:9000
# a comment inside the body, not an instruction
apt-get install everything
log_level = info
EOF
COPY --chmod=0755 bin/app /usr/local/bin/app
USER 65534
HEALTHCHECK --interval=30s CMD curl -fsS http://127.0.0.1:9000/healthz
ENTRYPOINT ["/usr/local/bin/app"]
