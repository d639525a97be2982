"""The labs the site offers: one entry per lab, in the order the index lists them.

Pure data, no Django and no simulator imports, so the lesson renderer can draw a lab's entry card
from it at sync time. Adding a lab is one `Lab(...)` here, its exercises in `labs/exercises.py`
(keyed by the same slug), a tool template `templates/labs/_<slug>.html`, and a ```lab fence in the
lesson section that teaches it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    lesson: str  # lesson slug
    anchor: str  # heading id in that lesson
    title: str

    @property
    def url(self) -> str:
        return f"/lessons/{self.lesson}/#{self.anchor}"


@dataclass(frozen=True)
class Lab:
    slug: str
    title: str
    summary: str
    sections: tuple[Section, ...]  # where the lesson teaches it; the first is its home

    @property
    def url(self) -> str:
        return f"/labs/{self.slug}/"

    @property
    def home(self) -> Section:
        return self.sections[0]


LABS: tuple[Lab, ...] = (
    Lab(
        slug="build-cache",
        title="Build-cache simulator",
        summary=(
            "Edit a Dockerfile and a small project, change a file, a build argument or the base "
            "image, and rebuild: see which steps are CACHED, which run again and why, with layer "
            "sizes and the time a rebuild takes."
        ),
        sections=(
            Section("image-layers", "build-cache", "How the build cache decides"),
            Section("dockerfiles", "layer-order", "Order instructions for the build cache"),
        ),
    ),
    Lab(
        slug="networks",
        title="Network reachability lab",
        summary=(
            "Place containers on the default bridge and on your own networks, publish ports, and "
            "ask who can reach whom, by name or by IP, from the host or from another machine."
        ),
        sections=(Section("networking", "user-defined-bridges", "User-defined bridges"),),
    ),
    Lab(
        slug="resource-limits",
        title="Resource-limit calculator",
        summary=(
            "Type docker run flags or Kubernetes requests and limits: see the bytes and "
            "millicores, the cgroup v2 files the runtime writes, the Pod's QoS class and the traps."
        ),
        sections=(
            Section("resource-limits", "docker-run-flags", "Setting limits with docker run"),
            Section("resource-limits", "k8s-units", "Units: Mi, M and the lowercase m"),
        ),
    ),
    Lab(
        slug="image-references",
        title="Image-reference explorer",
        summary=(
            "Type any image reference and see its registry host, path, tag and digest exactly as "
            "Docker's grammar reads them, with the rule behind each part and what docker pull "
            "asks the registry for."
        ),
        sections=(Section("registries", "normalisation", "How short names are normalised"),),
    ),
)

LABS_BY_SLUG = {lab.slug: lab for lab in LABS}


def lab_for(slug: str) -> Lab | None:
    return LABS_BY_SLUG.get(slug)
