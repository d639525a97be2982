"""The container's HEALTHCHECK: exit 0 when the site's /healthz answers 200, 1 otherwise.

`python -m config.healthcheck` uses only the standard library (the slim image has no curl) and does not
load Django, so it is cheap to run every 30 seconds. It asks gunicorn on 127.0.0.1:$PORT with the
first host in DJANGO_ALLOWED_HOSTS as the Host header, since Django refuses hosts it does not serve;
/healthz is exempt from the HTTPS redirect, so plain HTTP inside the container is enough.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def probe_host() -> str:
    hosts = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = hosts[0] if hosts else "localhost"
    # ".example.org" allows every subdomain; "*" allows anything.
    return "localhost" if host == "*" else host.lstrip(".")


def main() -> int:
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz", headers={"Host": probe_host()}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            healthy = response.status == 200
    except (OSError, ValueError) as error:  # refused, timed out, 503 (HTTPError is an OSError)
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
