"""Dockerfile checks (filled in below)."""

CHECKS = (
    "base-pinned",
    "base-minimal",
    "multi-stage",
    "deps-before-source",
    "prod-deps-only",
    "non-root",
    "exec-form",
    "no-secrets",
    "copy-not-add",
    "workdir-absolute",
    "apt-hygiene",
    "healthcheck",
    "dockerignore",
)
