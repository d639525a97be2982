"""Each lab's tool on its page: the template and the function that computes what it shows.

A lab of the catalogue is available on the site once it has an entry here.
"""

from __future__ import annotations

from labs import presenting

TOOLS = {
    "image-references": ("labs/tools/image_references.html", presenting.image_references_tool),
    "resource-limits": ("labs/tools/resource_limits.html", presenting.resource_limits_tool),
}
