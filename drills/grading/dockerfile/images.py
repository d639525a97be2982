"""Image references as Docker reads them: registry, repository path, tag and digest, and what a tag says.

Tags are compared as tags, split at `-` and `_` into parts, never as loose words: `22-alpine3.22`
is version 22 on Alpine 3.22, `11.0-resolute-chiseled` is .NET 11.0 on chiseled Ubuntu 26.04. What the
checks ask:

- **minimal**: a part (or the repository path) says alpine (`alpine`, `alpine3.20`), slim, chiseled
  (.NET's distroless-style Ubuntu images), distroless, minimal, micro, busybox, nanoserver (the small
  Windows base), or the image is `scratch`, a `distroless/…`, `chainguard/…` or `wolfi-base` image;
- **pinned**: a digest, or a tag whose first part carries a version number (`20`, `3.12`, `ltsc2022`),
  or an OS image (debian, ubuntu) tagged with its release's codename (`bookworm-slim`, `jammy`), or node
  tagged with an LTS line's codename (`node:iron` is Node 20, as pinned as `node:20`), or an
  untagged image whose name carries the version (`distroless/nodejs22-debian12`). `lts`, `latest`,
  `slim`, `alpine` and `node:bookworm` move to a new version of the image's software over time.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

MINIMAL_TAG_RE = re.compile(
    r"^(alpine[\d.]*|slim|chiseled|distroless|minimal|micro|busybox|nanoserver|musl|static)$"
)
MINIMAL_PATH_WORDS = frozenset(
    {"alpine", "busybox", "distroless", "scratch", "chainguard", "wolfi", "minimal", "micro", "nanoserver",
     "static", "slim"}
)  # fmt: skip
RELEASE_CODENAMES = frozenset(
    {"jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "forky", "duke",  # Debian
     "xenial", "bionic", "focal", "jammy", "noble", "oracular", "plucky", "questing", "resolute"}  # Ubuntu
)  # fmt: skip
OS_IMAGES = frozenset({"debian", "ubuntu", "buildpack-deps"})
# Node.js LTS lines by codename (node:iron is Node 20), a pin like node:20.
NODE_LTS_CODENAMES = frozenset(
    {"argon", "boron", "carbon", "dubnium", "erbium", "fermium", "gallium", "hydrogen", "iron", "jod",
     "krypton"}
)  # fmt: skip
WINDOWS_WORDS = frozenset({"windows", "servercore", "nanoserver", "windowsservercore"})


@dataclass(frozen=True)
class ImageRef:
    written: str
    registry: str
    path: str  # repository path without the registry: library/node -> node, distroless/nodejs22-debian12
    tag: str
    digest: str

    @property
    def name(self) -> str:
        """The last path component: node, nodejs22-debian12, aspnet."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def tag_parts(self) -> list[str]:
        return [part for part in re.split(r"[-_]", self.tag) if part]


@functools.lru_cache(maxsize=1024)
def parse_image(reference: str) -> ImageRef:
    """An image reference split into its parts (lower case, quotes removed)."""
    written = reference.strip().strip("\"'")
    text = written.lower()
    text, _, digest = text.partition("@")
    slash = text.rfind("/")
    colon = text.rfind(":")
    tag = ""
    if colon > slash:
        text, tag = text[:colon], text[colon + 1 :]
    parts = text.split("/")
    registry = ""
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        registry, parts = parts[0], parts[1:]
    path = "/".join(parts).removeprefix("library/")
    return ImageRef(written, registry, path, tag, digest)


def _path_words(image: ImageRef) -> set[str]:
    return {word for part in image.path.split("/") for word in re.split(r"[-_.]", part) if word}


def is_minimal(image: ImageRef) -> bool:
    if image.path == "scratch":
        return True
    if any(MINIMAL_TAG_RE.match(part) for part in image.tag_parts):
        return True
    return bool(_path_words(image) & MINIMAL_PATH_WORDS) or image.name == "wolfi-base"


def is_pinned(image: ImageRef) -> bool:
    if image.digest or image.path == "scratch":
        return True
    parts = image.tag_parts
    # alpine3.20 versions the OS, not the image's software: node:alpine3.20 floats with Node.
    os_version_only = (
        re.fullmatch(r"alpine[\d.]*", parts[0]) and image.name != "alpine" if parts else False
    )
    if parts and re.search(r"\d", parts[0]) and not os_version_only:
        return True
    if parts and image.name in OS_IMAGES and parts[0] in RELEASE_CODENAMES:
        return True
    if parts and image.name == "node" and parts[0] in NODE_LTS_CODENAMES:
        return True
    # distroless/nodejs22-debian12:nonroot carries its version in the name.
    return image.tag != "latest" and bool(re.search(r"\d", image.name))


def is_windows(image: ImageRef) -> bool:
    words = _path_words(image) | set(image.tag_parts)
    return bool(words & WINDOWS_WORDS) or any(part.startswith("ltsc") for part in image.tag_parts)


def runs_as_non_root_by_default(image: ImageRef) -> bool:
    """Images documented to start as an unprivileged user: distroless :nonroot, .NET chiseled (user
    app, UID 1654), and Chainguard's images (nonroot, UID 65532)."""
    return (
        "nonroot" in image.tag_parts
        or "chiseled" in image.tag_parts
        or image.path.startswith("chainguard/")
        or image.name == "nginx-unprivileged"
    )


def names_variant(image: ImageRef) -> bool:
    """Whether the reference says which variant it is (a tag or a name); a bare digest does not."""
    return bool(image.tag) or not image.digest
