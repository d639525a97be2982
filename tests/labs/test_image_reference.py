"""The image-reference model against the reference implementation's own test cases.

Cases are copied from distribution/reference (the Go package Docker uses):
- `reference_test.go`, TestReferenceParse: `Parse` on domain-qualified strings (domain, name, tag,
  digest, or the error it must return);
- `normalize_test.go`, TestValidateReferenceName, TestValidateRemoteName, TestParseRepositoryInfo,
  TestParseReferenceWithTagAndDigest, TestNormalizedSplitHostname: `ParseNormalizedNamed`;
and from the Docker docs and lesson 07 (the table of short names and what they resolve to).
"""

from __future__ import annotations

import pytest

from labs.simulators.image_reference import (
    ERR_DIGEST_INVALID_FORMAT,
    ERR_DIGEST_UNSUPPORTED,
    ERR_NAME_CONTAINS_UPPERCASE,
    ERR_NAME_EMPTY,
    ERR_NAME_TOO_LONG,
    ERR_REFERENCE_INVALID_FORMAT,
    InvalidReference,
    explain,
    parse_reference,
)

F64 = "f" * 64
SHA256 = f"sha256:{F64}"

# reference_test.go TestReferenceParse: (input, domain, name, tag, digest).
PARSE_VALID = [
    ("test_com", "", "test_com", None, None),
    ("test.com:tag", "", "test.com", "tag", None),
    ("test.com:5000", "", "test.com", "5000", None),
    ("test.com/repo:tag", "test.com", "test.com/repo", "tag", None),
    ("test:5000/repo", "test:5000", "test:5000/repo", None, None),
    ("test:5000/repo:tag", "test:5000", "test:5000/repo", "tag", None),
    (f"test:5000/repo@{SHA256}", "test:5000", "test:5000/repo", None, SHA256),
    (f"test:5000/repo:tag@{SHA256}", "test:5000", "test:5000/repo", "tag", SHA256),
    ("lowercase:Uppercase", "", "lowercase", "Uppercase", None),
    (
        "a/" * 127 + "a:tag-puts-this-over-max",
        "a",
        "a/" * 127 + "a",
        "tag-puts-this-over-max",
        None,
    ),
    (
        "sub-dom1.foo.com/bar/baz/quux",
        "sub-dom1.foo.com",
        "sub-dom1.foo.com/bar/baz/quux",
        None,
        None,
    ),
    (
        "b.gcr.io/test.example.com/my-app:test.example.com",
        "b.gcr.io",
        "b.gcr.io/test.example.com/my-app",
        "test.example.com",
        None,
    ),
    ("xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "xn--n3h.com/myimage", "xn--n3h.com", None),
    (
        f"xn--7o8h.com/myimage:xn--7o8h.com@sha512:{'f' * 128}",
        "xn--7o8h.com",
        "xn--7o8h.com/myimage",
        "xn--7o8h.com",
        f"sha512:{'f' * 128}",
    ),
    ("foo_bar.com:8080", "", "foo_bar.com", "8080", None),
    ("foo/foo_bar.com:8080", "foo", "foo/foo_bar.com", "8080", None),
    ("192.168.1.1", "", "192.168.1.1", None, None),
    ("192.168.1.1:5000/repo:5050", "192.168.1.1:5000", "192.168.1.1:5000/repo", "5050", None),
    ("[2001:db8::1]/repo", "[2001:db8::1]", "[2001:db8::1]/repo", None, None),
    (
        "[2001:db8:1:2:3:4:5:6]/repo:tag",
        "[2001:db8:1:2:3:4:5:6]",
        "[2001:db8:1:2:3:4:5:6]/repo",
        "tag",
        None,
    ),
    (
        f"[2001:db8::1]:5000/repo:tag@{SHA256}",
        "[2001:db8::1]:5000",
        "[2001:db8::1]:5000/repo",
        "tag",
        SHA256,
    ),
    ("[::1]:5000/repo", "[::1]:5000", "[::1]:5000/repo", None, None),
    ("example.com/" + "a" * 255 + ":tag", "example.com", "example.com/" + "a" * 255, "tag", None),
]

# reference_test.go TestReferenceParse: inputs Parse refuses, and with which error.
PARSE_INVALID = [
    ("", ERR_NAME_EMPTY),
    (":justtag", ERR_REFERENCE_INVALID_FORMAT),
    (f"@{SHA256}", ERR_REFERENCE_INVALID_FORMAT),
    ("repo@sha256:" + "f" * 34, ERR_DIGEST_INVALID_FORMAT),  # go-digest: ErrDigestInvalidLength
    (f"validname@invaliddigest:{F64}", ERR_DIGEST_UNSUPPORTED),
    ("Uppercase:tag", ERR_NAME_CONTAINS_UPPERCASE),
    ("test:5000/Uppercase/lowercase:tag", ERR_NAME_CONTAINS_UPPERCASE),
    ("domain/" + "a" * 256 + ":tag", ERR_NAME_TOO_LONG),
    ("aa/asdf$$^/aa", ERR_REFERENCE_INVALID_FORMAT),
    ("[2001:db8::1]", ERR_REFERENCE_INVALID_FORMAT),
    ("[2001:db8::1]:5000", ERR_REFERENCE_INVALID_FORMAT),
    ("[2001:db8::1]:tag", ERR_REFERENCE_INVALID_FORMAT),
    ("[fe80::1%eth0]:5000/repo", ERR_REFERENCE_INVALID_FORMAT),
    ("[fe80::1%@invalidzone]:5000/repo", ERR_REFERENCE_INVALID_FORMAT),
]


@pytest.mark.parametrize(("text", "domain", "name", "tag", "digest"), PARSE_VALID)
def test_parse_splits_a_reference_like_the_reference_implementation(
    text, domain, name, tag, digest
):
    parsed_domain, path, parsed_tag, parsed_digest = parse_reference(text)
    assert (parsed_domain, f"{parsed_domain}/{path}" if parsed_domain else path) == (domain, name)
    assert (parsed_tag, parsed_digest) == (tag, digest)


@pytest.mark.parametrize(("text", "error"), PARSE_INVALID)
def test_parse_refuses_with_the_reference_implementations_error(text, error):
    with pytest.raises(InvalidReference) as raised:
        parse_reference(text)
    assert str(raised.value) == error


# normalize_test.go TestValidateReferenceName and TestValidateRemoteName.
NORMALIZED_VALID = [
    "docker/docker",
    "library/debian",
    "debian",
    "docker.io/docker/docker",
    "docker.io/library/debian",
    "docker.io/debian",
    "index.docker.io/docker/docker",
    "index.docker.io/library/debian",
    "index.docker.io/debian",
    "127.0.0.1:5000/docker/docker",
    "127.0.0.1:5000/library/debian",
    "127.0.0.1:5000/debian",
    "192.168.0.1",
    "192.168.0.1:80",
    "192.168.0.1:8/debian",
    "192.168.0.2:25000/debian",
    "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
    "[fc00::1]:5000/docker",
    "[fc00::1]:5000/docker/docker",
    "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
    "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
    "Docker/docker",
    "DOCKER/docker",
    "docker-rules/docker",
    "docker---rules/docker",
    "doc/docker",
    "d/docker",
    "jess/t",
    "dock__er/docker",
]
NORMALIZED_INVALID = [
    "https://github.com/docker/docker",
    "docker/Docker",
    "-docker",
    "-docker/docker",
    "-docker.io/docker/docker",
    "docker///docker",
    "docker.io/docker/Docker",
    "docker.io/docker///docker",
    "[fc00::1]",
    "[fc00::1]:5000",
    "fc00::1:5000/debian",
    "[fe80::1%eth0]:5000/debian",
    "[2001:db8:3:4::192.0.2.33]:5000/debian",
    "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
    "docker-/docker",
    "-docker-/docker",
    "____/____",
    "_docker/_docker",
    "dock..er/docker",
    "dock_.er/docker",
    "dock-.er/docker",
    "docker/",
    "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_" * 4 + "/docker",
]


@pytest.mark.parametrize("text", NORMALIZED_VALID)
def test_names_docker_accepts(text):
    assert explain(text).valid, explain(text).error


@pytest.mark.parametrize("text", NORMALIZED_INVALID)
def test_names_docker_refuses(text):
    result = explain(text)
    assert not result.valid
    assert result.error


# normalize_test.go TestParseRepositoryInfo: every spelling gives the same domain and path.
REPOSITORY_INFO = [
    (["fooo/bar", "docker.io/fooo/bar", "index.docker.io/fooo/bar"], "docker.io", "fooo/bar"),
    (["ubuntu", "docker.io/library/ubuntu", "library/ubuntu"], "docker.io", "library/ubuntu"),
    (["nonlibrary/ubuntu", "docker.io/nonlibrary/ubuntu"], "docker.io", "nonlibrary/ubuntu"),
    (["other/library", "docker.io/other/library"], "docker.io", "other/library"),
    (["127.0.0.1:8000/private/moonbase"], "127.0.0.1:8000", "private/moonbase"),
    (["127.0.0.1:8000/privatebase"], "127.0.0.1:8000", "privatebase"),
    (["example.com/private/moonbase"], "example.com", "private/moonbase"),
    (["example.com:8000/privatebasee"], "example.com:8000", "privatebasee"),
    (
        ["ubuntu-12.04-base", "docker.io/library/ubuntu-12.04-base"],
        "docker.io",
        "library/ubuntu-12.04-base",
    ),
    (["foo", "docker.io/library/foo", "docker.io/foo"], "docker.io", "library/foo"),
    (["library/foo/bar", "docker.io/library/foo/bar"], "docker.io", "library/foo/bar"),
    (["store/foo/bar", "docker.io/store/foo/bar"], "docker.io", "store/foo/bar"),
    (["Foo/bar"], "Foo", "bar"),
    (["FOO/bar"], "FOO", "bar"),
    (["test_com/foo"], "docker.io", "test_com/foo"),
    (["docker/migrator"], "docker.io", "docker/migrator"),
    (["test-com:8080/foo"], "test-com:8080", "foo"),
    (["xn--n3h.com:18080/foo"], "xn--n3h.com:18080", "foo"),
]


@pytest.mark.parametrize(
    ("text", "domain", "path"),
    [(text, domain, path) for spellings, domain, path in REPOSITORY_INFO for text in spellings],
)
def test_short_names_normalise_to_domain_and_path(text, domain, path):
    result = explain(text)
    assert (result.domain, result.path) == (domain, path)


def test_a_tag_and_a_digest_are_both_kept():
    # normalize_test.go TestParseReferenceWithTagAndDigest
    short = "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa"
    result = explain(short)
    assert result.normalized == "docker.io/library/" + short
    assert result.tag == "latest"
    assert result.digest.startswith("sha256:86e0e0")


# Lesson 07's table, from Docker's docs: what you type and what Docker resolves it to.
LESSON_TABLE = [
    ("nginx", "docker.io/library/nginx:latest"),
    ("nginx:1.27", "docker.io/library/nginx:1.27"),
    ("acme/api", "docker.io/acme/api:latest"),
    ("ghcr.io/acme/api:1.4.2", "ghcr.io/acme/api:1.4.2"),
    ("localhost/api", "localhost/api:latest"),
    ("localhost:5000/api", "localhost:5000/api:latest"),
    ("registry/api", "docker.io/registry/api:latest"),
    ("docker.io/ubuntu", "docker.io/library/ubuntu:latest"),
]


@pytest.mark.parametrize(("text", "normalized"), LESSON_TABLE)
def test_the_lessons_table(text, normalized):
    assert explain(text).normalized == normalized


def test_a_port_without_a_slash_is_a_tag():
    result = explain("app:5000")
    assert (result.domain, result.path, result.tag) == ("docker.io", "library/app", "5000")


def test_a_digest_alone_gets_no_default_tag():
    result = explain(f"alpine@{SHA256}")
    assert result.normalized == f"docker.io/library/alpine@{SHA256}"
    assert result.tag is None


def test_an_upper_case_path_gives_dockers_message():
    assert (
        explain("Uppercase:tag").error
        == "invalid reference format: repository name (library/Uppercase) must be lowercase"
    )


def test_sixty_four_hex_digits_alone_are_refused_as_an_image_id():
    text = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a"
    assert explain(text).error == (
        f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings"
    )


def test_a_digest_must_have_its_exact_length():
    assert explain("alpine@sha256:" + "f" * 63).error == ERR_DIGEST_INVALID_FORMAT


def test_an_upper_case_digest_is_refused():
    assert explain("alpine@sha256:" + "F" * 64).error == ERR_DIGEST_INVALID_FORMAT


def test_a_trailing_newline_is_not_part_of_a_valid_reference():
    assert not explain("nginx\n").valid


def test_a_tag_is_at_most_128_characters():
    assert explain("nginx:" + "a" * 128).valid
    assert not explain("nginx:" + "a" * 129).valid


def test_the_registry_requests_for_docker_hub_go_to_registry_1():
    result = explain("nginx:1.27")
    assert [(request.method, request.url) for request in result.requests] == [
        ("HEAD", "https://registry-1.docker.io/v2/library/nginx/manifests/1.27"),
        ("GET", "https://registry-1.docker.io/v2/library/nginx/manifests/1.27"),
    ]


def test_the_registry_requests_use_the_digest_when_there_is_one():
    result = explain(f"ghcr.io/acme/api:1.4.2@{SHA256}")
    assert result.requests[1].url == f"https://ghcr.io/v2/acme/api/manifests/{SHA256}"


def test_each_part_names_the_rule_that_decided_it():
    result = explain("registry/api")
    host = result.parts[0]
    assert host.value == "docker.io"
    assert "no “.” or “:”" in host.rule


def test_the_command_dictionary_has_exactly_the_eight_keys():
    assert list(explain("nginx").as_dict()) == [
        "input",
        "valid",
        "domain",
        "path",
        "tag",
        "digest",
        "normalized",
        "error",
    ]


# Docker CLI reference, `docker image tag` and `docker image pull`: the references in their examples.
DOCKER_DOCS = [
    ("fedora/httpd:version1.0", "docker.io", "fedora/httpd", "version1.0", None),
    (
        "myregistryhost:5000/fedora/httpd:version1.0",
        "myregistryhost:5000",
        "fedora/httpd",
        "version1.0",
        None,
    ),
    (
        "myregistry.local:5000/testing/test-image",
        "myregistry.local:5000",
        "testing/test-image",
        None,
        None,
    ),
    (
        "ubuntu@sha256:2e863c44b718727c860746568e1d54afd13b2fa71b160f5cd9058fc436217b30",
        "docker.io",
        "library/ubuntu",
        None,
        "sha256:2e863c44b718727c860746568e1d54afd13b2fa71b160f5cd9058fc436217b30",
    ),
]


@pytest.mark.parametrize(("text", "domain", "path", "tag", "digest"), DOCKER_DOCS)
def test_the_docker_docs_examples(text, domain, path, tag, digest):
    result = explain(text)
    assert (result.domain, result.path, result.tag, result.digest) == (domain, path, tag, digest)
