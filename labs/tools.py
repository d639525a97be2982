"""Each lab's tool on its page: the template and the function that computes what it shows.

A lab of the catalogue is available on the site once it has an entry here.
"""

from __future__ import annotations

from dataclasses import dataclass

from labs import presenting


@dataclass(frozen=True)
class Tool:
    template: str
    compute: object  # (query or form mapping) -> (context, HTTP status)
    method: str = "get"  # "post" when the input does not fit in a URL (a Dockerfile, commands)


TOOLS = {
    "build-cache": Tool("labs/tools/build_cache.html", presenting.build_cache_tool, "post"),
    "networks": Tool("labs/tools/networks.html", presenting.networks_tool, "post"),
    "resource-limits": Tool("labs/tools/resource_limits.html", presenting.resource_limits_tool),
    "image-references": Tool("labs/tools/image_references.html", presenting.image_references_tool),
}
