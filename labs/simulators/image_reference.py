"""Docker's image-reference grammar, exactly as `docker pull` applies it.

The model is distribution/reference (the Go package Docker, containerd and BuildKit all use):

- `regexp.go` defines the grammar: ``reference := name [":" tag] ["@" digest]``, where ``name :=
  [domain "/"] path``. A domain is DNS-like labels (upper case allowed), an IPv4 address, or an IPv6
  address in brackets, with an optional ``:port``. A path is ``/``-separated components of lowercase
  letters and digits joined by one ``.``, one or two ``_``, or any number of ``-``. A tag is ``\\w``
  followed by up to 127 of ``\\w.-``. A digest is ``algorithm:hex`` with at least 32 hex digits.
- `normalize.go` (`ParseNormalizedNamed`) decides what the first component is: a registry host only
  when the name has a ``/`` and the part before it contains ``.`` or ``:``, is exactly
  ``localhost``, or has an upper-case letter; otherwise the whole name is a path on Docker Hub
  (``docker.io``), and a single-component Hub path gets ``library/``. ``index.docker.io`` is
  rewritten to ``docker.io``. A 64-hex-digit string alone is refused (it looks like an image id).
- `reference.go` (`Parse`) limits the path (not the domain) to 255 characters and checks the digest
  with go-digest: sha256, sha384 and sha512 are known, each with its exact lowercase hex length.

`explain(text)` returns every part with the rule that decided it and, for a valid reference, what
`docker pull` asks the registry for. Error strings are the reference implementation's own, word for
word, so they can be compared with what Docker prints ("invalid reference format", ...).

Matching uses Python's `re` with `fullmatch` and `re.ASCII`: Go's `\\w` and `$` are ASCII and
end-of-text only, while Python's are Unicode and allow a trailing newline by default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DEFAULT_DOMAIN = "docker.io"
LEGACY_DEFAULT_DOMAIN = "index.docker.io"
OFFICIAL_REPO_PREFIX = "library/"
DEFAULT_TAG = "latest"
# Docker Hub's registry API is not served at docker.io itself.
DOCKER_HUB_REGISTRY_HOST = "registry-1.docker.io"
REPOSITORY_NAME_TOTAL_LENGTH_MAX = 255

# The reference implementation's error strings (reference.go, normalize.go, go-digest).
ERR_NAME_EMPTY = "repository name must have at least one component"
ERR_REFERENCE_INVALID_FORMAT = "invalid reference format"
ERR_NAME_CONTAINS_UPPERCASE = "repository name must be lowercase"
ERR_NAME_TOO_LONG = (
    f"repository name must not be more than {REPOSITORY_NAME_TOTAL_LENGTH_MAX} characters"
)
ERR_DIGEST_INVALID_FORMAT = "invalid checksum digest format"
ERR_DIGEST_UNSUPPORTED = "unsupported digest algorithm"

# regexp.go, piece by piece.
_ALPHANUMERIC = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_DOMAIN_NAME_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_OPTIONAL_PORT = r"(?::[0-9]+)?"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}"
_IDENTIFIER = r"[a-f0-9]{64}"
_IPV6_ADDRESS = r"\[(?:[a-fA-F0-9:]+)\]"
_DOMAIN_NAME = _DOMAIN_NAME_COMPONENT + r"(?:\." + _DOMAIN_NAME_COMPONENT + r")*"
_HOST = r"(?:" + _DOMAIN_NAME + "|" + _IPV6_ADDRESS + ")"
_DOMAIN_AND_PORT = _HOST + _OPTIONAL_PORT
_PATH_COMPONENT = _ALPHANUMERIC + r"(?:" + _SEPARATOR + _ALPHANUMERIC + r")*"
_REMOTE_NAME = _PATH_COMPONENT + r"(?:/" + _PATH_COMPONENT + r")*"
_NAME = r"(?:" + _DOMAIN_AND_PORT + r"/)?" + _REMOTE_NAME

REFERENCE_RE = re.compile(
    r"(" + _NAME + r")(?::(" + _TAG + r"))?(?:@(" + _DIGEST + r"))?", re.ASCII
)
NAME_RE = re.compile(r"(?:(" + _DOMAIN_AND_PORT + r")/)?(" + _REMOTE_NAME + r")", re.ASCII)
IDENTIFIER_RE = re.compile(_IDENTIFIER, re.ASCII)
TAG_RE = re.compile(_TAG, re.ASCII)
# go-digest: the loose shape of any digest, and the exact hex form of each known algorithm.
GO_DIGEST_RE = re.compile(r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+", re.ASCII)
DIGEST_HEX_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}


@dataclass(frozen=True)
class Part:
    """One part of a reference: its value (None when absent) and the rule that decided it."""

    name: str
    value: str | None
    rule: str
    defaulted: bool = False


@dataclass(frozen=True)
class RegistryRequest:
    """One HTTP request `docker pull` sends for the manifest."""

    method: str
    url: str
    purpose: str


@dataclass(frozen=True)
class Explanation:
    input: str
    valid: bool
    domain: str | None = None
    path: str | None = None
    tag: str | None = None
    digest: str | None = None
    normalized: str | None = None
    error: str | None = None
    hint: str = ""
    parts: list[Part] = field(default_factory=list)
    requests: list[RegistryRequest] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The command-line answer: exactly these eight keys, None for an absent part."""
        return {
            "input": self.input,
            "valid": self.valid,
            "domain": self.domain,
            "path": self.path,
            "tag": self.tag,
            "digest": self.digest,
            "normalized": self.normalized,
            "error": self.error,
        }


class InvalidReference(ValueError):
    """A reference Docker refuses; `str()` is the reference implementation's message."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


def _split_docker_domain(name: str) -> tuple[str, str, str]:
    """normalize.go's splitDockerDomain: (domain, remainder, the rule that decided the domain)."""
    maybe_domain, slash, maybe_remainder = name.partition("/")
    if not slash:
        return (
            DEFAULT_DOMAIN,
            OFFICIAL_REPO_PREFIX + name,
            "No “/” in the name, so there is no registry host: the image is on Docker Hub "
            "(docker.io), and a one-part Hub name is an official image under “library/”.",
        )
    if maybe_domain == "localhost":
        domain, remainder = maybe_domain, maybe_remainder
        rule = "The part before the first “/” is exactly “localhost”, always a registry host."
    elif maybe_domain == LEGACY_DEFAULT_DOMAIN:
        domain, remainder = DEFAULT_DOMAIN, maybe_remainder
        rule = "“index.docker.io” is Docker Hub's old name: it is rewritten to “docker.io”."
    elif "." in maybe_domain or ":" in maybe_domain:
        domain, remainder = maybe_domain, maybe_remainder
        rule = (
            f"The part before the first “/” ({maybe_domain}) contains a "
            f"{'“.”' if '.' in maybe_domain else '“:”'}, so it is a registry host."
        )
    elif maybe_domain.lower() != maybe_domain:
        domain, remainder = maybe_domain, maybe_remainder
        rule = (
            f"The part before the first “/” ({maybe_domain}) has upper-case letters, which a "
            "repository path may not have, so Docker takes it for a registry host."
        )
    else:
        domain, remainder = DEFAULT_DOMAIN, name
        rule = (
            f"The part before the first “/” ({maybe_domain}) has no “.” or “:” and is not "
            "“localhost”, so it is not a host: the whole name is a path on Docker Hub (docker.io)."
        )
    if domain == DEFAULT_DOMAIN and "/" not in remainder:
        remainder = OFFICIAL_REPO_PREFIX + remainder
        rule += " A one-part Docker Hub name gets the “library/” namespace of official images."
    return domain, remainder, rule


def _validate_digest(digest: str) -> None:
    """go-digest's Digest.Validate, with the errors Docker reports."""
    algorithm, _, encoded = digest.partition(":")
    expected = DIGEST_HEX_LENGTHS.get(algorithm)
    if expected is None:
        if not GO_DIGEST_RE.fullmatch(digest):
            raise InvalidReference(
                ERR_DIGEST_INVALID_FORMAT, "The digest is not of the form algorithm:hex."
            )
        raise InvalidReference(
            ERR_DIGEST_UNSUPPORTED,
            f"“{algorithm}” is not a digest algorithm Docker knows: use sha256 (or sha384, sha512).",
        )
    if not re.fullmatch(rf"[a-f0-9]{{{expected}}}", encoded):
        raise InvalidReference(
            ERR_DIGEST_INVALID_FORMAT,
            f"A {algorithm} digest is exactly {expected} lowercase hex digits; this one has "
            f"{len(encoded)} characters{'' if encoded == encoded.lower() else ', some upper-case'}.",
        )


def parse_reference(text: str) -> tuple[str, str, str | None, str | None]:
    """reference.go's Parse on an already domain-qualified string: (domain, path, tag, digest)."""
    if text == "":
        raise InvalidReference(ERR_NAME_EMPTY, "Type an image name.")
    match = REFERENCE_RE.fullmatch(text)
    if match is None:
        lowered = text.lower()
        if lowered != text and REFERENCE_RE.fullmatch(lowered):
            raise InvalidReference(
                ERR_NAME_CONTAINS_UPPERCASE, "Repository paths must be all lowercase."
            )
        raise InvalidReference(
            ERR_REFERENCE_INVALID_FORMAT,
            "Some character or separator is not allowed where it stands (see the grammar below).",
        )
    name, tag, digest = match[1], match[2], match[3]
    name_match = NAME_RE.fullmatch(name)
    domain, path = (name_match[1] or "", name_match[2]) if name_match else ("", name)
    if len(path) > REPOSITORY_NAME_TOTAL_LENGTH_MAX:
        raise InvalidReference(
            ERR_NAME_TOO_LONG,
            f"The repository path has {len(path)} characters; at most "
            f"{REPOSITORY_NAME_TOTAL_LENGTH_MAX} are allowed (the registry host does not count).",
        )
    if digest:
        _validate_digest(digest)
    return domain, path, tag or None, digest or None


def parse_normalized(text: str) -> tuple[str, str, str | None, str | None, str]:
    """normalize.go's ParseNormalizedNamed: (domain, path, tag, digest, domain rule).

    Raises InvalidReference with the reference implementation's message.
    """
    if IDENTIFIER_RE.fullmatch(text):
        raise InvalidReference(
            f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings",
            "64 hex digits alone look like an image id, so Docker refuses them as a name.",
        )
    domain, remainder, rule = _split_docker_domain(text)
    remote = remainder.split(":", 1)[0]
    if remote.lower() != remote:
        raise InvalidReference(
            f"invalid reference format: repository name ({remote}) must be lowercase",
            "Repository paths must be all lowercase (tags may mix cases).",
        )
    parsed_domain, path, tag, digest = parse_reference(domain + "/" + remainder)
    return parsed_domain, path, tag, digest, rule


def _registry_base(domain: str) -> str:
    host = DOCKER_HUB_REGISTRY_HOST if domain == DEFAULT_DOMAIN else domain
    return f"https://{host}/v2/"


def _pull_requests(domain: str, path: str, tag: str | None, digest: str | None):
    target = digest or tag or DEFAULT_TAG
    url = f"{_registry_base(domain)}{path}/manifests/{target}"
    if digest:
        head_purpose = (
            "Checks the manifest with this digest exists (the answer's Docker-Content-Digest "
            "header must equal it). HEAD requests do not count against Docker Hub's pull limit."
        )
    else:
        head_purpose = (
            f"Resolves the tag “{target}” to a digest (the Docker-Content-Digest header) "
            "without downloading anything. HEAD requests do not count against Docker Hub's "
            "pull limit."
        )
    return [
        RegistryRequest("HEAD", url, head_purpose),
        RegistryRequest(
            "GET",
            url,
            "Downloads the manifest (or the image index, for a multi-platform image); its "
            "layers are then fetched from /blobs/ by digest. A first request without a token "
            "is answered 401 with a WWW-Authenticate header naming the token service.",
        ),
    ]


def explain(text: str) -> Explanation:
    """Every part of `text` as Docker reads it, with the rule behind each, or why it is refused."""
    try:
        domain, path, tag, digest, domain_rule = parse_normalized(text)
    except InvalidReference as error:
        return Explanation(input=text, valid=False, error=str(error), hint=error.hint)
    name = f"{domain}/{path}"
    normalized = name
    if tag:
        normalized += f":{tag}"
    if digest:
        normalized += f"@{digest}"
    if not tag and not digest:
        normalized += f":{DEFAULT_TAG}"
    parts = [
        Part("Registry host", domain, domain_rule, defaulted=not text.startswith(domain + "/")),
        Part(
            "Repository path",
            path,
            "Lowercase components separated by “/”; each joins letters and digits with one "
            "“.”, one or two “_”, or any number of “-”. At most 255 characters.",
            defaulted=path.startswith(OFFICIAL_REPO_PREFIX) and OFFICIAL_REPO_PREFIX not in text,
        ),
        Part(
            "Tag",
            tag or (None if digest else DEFAULT_TAG),
            (
                "After a “:” that follows the path: a letter, digit or “_”, then up to 127 "
                "letters, digits, “_”, “.” or “-”. Tags may mix cases."
                if tag
                else "A digest identifies the image, so no default tag is added."
                if digest
                else "No tag and no digest, so Docker adds the default tag “latest”."
            ),
            defaulted=not tag and not digest,
        ),
        Part(
            "Digest",
            digest,
            (
                "After “@”: algorithm:hex; Docker knows sha256 (64 hex digits), sha384 and "
                "sha512. It names one exact manifest and never changes."
                + (" With a tag as well, the digest decides what is pulled." if tag else "")
            )
            if digest
            else "No “@” part, so the registry decides which manifest the tag points to now.",
        ),
    ]
    return Explanation(
        input=text,
        valid=True,
        domain=domain,
        path=path,
        tag=tag,
        digest=digest,
        normalized=normalized,
        parts=parts,
        requests=_pull_requests(domain, path, tag, digest),
    )
