# Distroless runners image: no shell, no package manager in the final stage.
ARG PYTHON_VERSION=3.13

FROM python:${PYTHON_VERSION}-slim-bookworm AS python-runner-builder
ARG TARGETPLATFORM
ARG UV_VERSION=0.8.14
RUN set -e; \
  apt-get update && apt-get install -y --no-install-recommends wget ca-certificates && \
  case "$TARGETPLATFORM" in \
    "linux/amd64") UV_ARCH="x86_64-unknown-linux-gnu" ;; \
    "linux/arm64") UV_ARCH="aarch64-unknown-linux-gnu" ;; \
    *) echo "Unsupported platform: $TARGETPLATFORM" >&2; exit 1 ;; \
  esac; \
  mkdir -p /tmp/uv && cd /tmp/uv; \
  wget -q "https://github.com/astral-sh/uv/releases/download/${UV_VERSION}/uv-${UV_ARCH}.tar.gz"; \
  tar -xzf "uv-${UV_ARCH}.tar.gz"; \
  install -m 0755 "uv-${UV_ARCH}/uv" /usr/local/bin/uv; \
  cd / && rm -rf /tmp/uv && \
  apt-get clean && rm -rf /var/lib/apt/lists/*
WORKDIR /app/task-runner-python
COPY packages/@n8n/task-runner-python/pyproject.toml \
     packages/@n8n/task-runner-python/uv.lock** \
     ./
RUN uv venv
RUN uv sync \
			--frozen \
			--no-install-project \
			--no-dev
COPY packages/@n8n/task-runner-python/ ./
RUN uv sync --frozen --no-dev
RUN uv pip install . && rm -rf /app/task-runner-python/src

FROM debian:bookworm-slim AS launcher-downloader
ARG LAUNCHER_VERSION=1.4.7
RUN set -e; \
    apt-get update && apt-get install -y --no-install-recommends wget ca-certificates && \
    mkdir -p /launcher-bin && \
    wget -qO- "https://github.com/n8n-io/task-runner-launcher/releases/download/${LAUNCHER_VERSION}/launcher.tar.gz" | tar xz -C /launcher-bin && \
    apt-get clean && rm -rf /var/lib/apt/lists/*

FROM debian:bookworm-slim AS runtime-prep
COPY --from=python-runner-builder /usr/local/bin/python3.13 /runtime/usr/local/bin/python3.13
COPY --from=python-runner-builder /usr/local/lib/python3.13 /runtime/usr/local/lib/python3.13
COPY --from=python-runner-builder /app/task-runner-python /runtime/opt/runners/task-runner-python
COPY --from=launcher-downloader /launcher-bin/* /runtime/usr/local/bin/
RUN mkdir -p /runtime/home/runner && chmod 755 /runtime/home/runner

FROM gcr.io/distroless/cc-debian13:latest AS runtime
ENV HOME=/home/runner
COPY --from=runtime-prep --chown=root:root /runtime/ /
WORKDIR /home/runner
USER 65532:65532
EXPOSE 5680/tcp
ENTRYPOINT ["/usr/local/bin/task-runner-launcher"]
CMD ["python"]
