"""Code in answers read as evidence: drills/grading/code.py, and the text reader's spelling and layout."""

from __future__ import annotations

import pytest

from drills.grading.code import code_facts
from drills.grading.text import read_document, spelling_map


def facts(text: str) -> set[str]:
    return {fact.name for fact in code_facts(text)}


def shown(text: str, name: str) -> list[str]:
    return [text[f.start : f.end] for f in code_facts(text) if f.name == name]


MULTI_STAGE = """```dockerfile
FROM node:22-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
FROM node:22-slim
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY src ./src
USER node
CMD ["node", "src/server.js"]
```"""


def test_a_dockerfile_is_judged_by_the_dockerfile_drills_own_checks():
    assert {"minimal-base", "pinned-base", "multi-stage", "deps-before-source", "prod-deps",
            "non-root-user", "exec-form"} <= facts(MULTI_STAGE)  # fmt: skip


def test_each_fact_points_at_the_line_that_shows_it():
    assert shown(MULTI_STAGE, "non-root-user") == ["USER node"]


def test_copying_the_source_before_the_install_is_the_opposite_order():
    text = "```dockerfile\nFROM node:22\nCOPY . .\nRUN npm ci\n```"
    assert "source-before-deps" in facts(text)
    assert "deps-before-source" not in facts(text)


def test_latest_or_no_tag_is_the_latest_base():
    assert "latest-base" in facts("```dockerfile\nFROM node:latest\n```")
    assert "latest-base" in facts("```dockerfile\nFROM node\n```")
    assert "latest-base" not in facts("```dockerfile\nFROM node:22-slim\n```")


def test_user_root_is_root():
    assert facts("```dockerfile\nFROM node:22-slim\nUSER root\n```") >= {"root-user"}


def test_a_trailing_comment_does_not_break_the_instruction():
    text = "```\nFROM node:22-slim\nCOPY package.json ./   # cached\nRUN npm ci   # reinstall only on change\nCOPY src ./src\n```"
    assert "deps-before-source" in facts(text)


def test_instructions_outside_a_fence_are_read_as_code():
    assert "non-root-user" in facts('My Dockerfile ends with:\nUSER node\nCMD ["node", "s.js"]')


def test_a_line_of_prose_that_starts_with_from_is_not_code():
    text = "The final stage starts\nFROM the same slim tag, copies the modules and switches user."
    assert facts(text) == set()


def test_inline_code_is_read():
    assert "non-root-user" in facts("Then `USER node` at the end.")


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("docker run -m 512m api", {"memory-limit"}),
        ("docker run --cpus=1.5 api", {"cpu-limit"}),
        ("docker run -p 127.0.0.1:8080:80 api", {"published-port", "published-localhost"}),
        ("docker run --network host api", {"host-network"}),
        ("docker run --network backend api", {"user-network"}),
        ("docker run -v pgdata:/var/lib/postgresql api", {"named-volume"}),
        ("docker run -v $(pwd):/app api", {"bind-mount"}),
        ("docker run --tmpfs /tmp api", {"tmpfs"}),
        ("docker run --user 1000 api", {"non-root-user"}),
        ("docker network create backend", {"user-network"}),
    ],
)
def test_docker_run_flags(command, expected):
    assert facts(f"```bash\n{command}\n```") == expected


def test_a_command_continued_over_lines_is_one_command():
    text = "```\ndocker run -d \\\n  --memory=256m \\\n  api:1.0\n```"
    assert facts(text) == {"memory-limit"}


def test_compose_limits_user_networks_and_volumes():
    text = """```yaml
services:
  db:
    image: postgres:18
    user: "999"
    mem_limit: 1g
    networks: [backend]
    volumes:
      - pgdata:/var/lib/postgresql
    depends_on:
      api:
        condition: service_healthy
```"""
    assert {"non-root-user", "memory-limit", "named-volume", "depends-on-healthy"} <= facts(text)


def test_kubernetes_limits_requests_and_security_context():
    text = """```yaml
securityContext:
  runAsNonRoot: true
resources:
  requests:
    cpu: 250m
  limits:
    memory: 512Mi
```"""
    assert {"non-root-user", "resource-requests", "memory-limit"} <= facts(text)
    assert "cpu-limit" not in facts(text)  # a CPU request is not a limit


def test_flags_in_a_sentence_are_code_facts():
    text = "I'd give it --memory=512m and --cpus 1, and publish with -p 127.0.0.1:8080:80."
    assert {"memory-limit", "cpu-limit", "published-localhost"} <= facts(text)


def test_a_dash_in_prose_is_not_a_flag():
    assert facts("Slim - smaller, and -m is not here either.") == set()


def test_a_misspelt_rubric_word_reads_as_the_rubric_word():
    vocabulary = frozenset({"layers", "privilege", "image", "multistage"})
    found = spelling_map({"lyers", "previlege", "imagen", "later", "the"}, vocabulary)
    assert found == {"lyers": "layers", "previlege": "privilege", "imagen": "image"}


def test_a_common_word_one_letter_from_a_rubric_word_is_left_alone():
    # "later" is one letter from "layer" but changing letters is forgiven only in long words.
    assert spelling_map({"later"}, frozenset({"layer"})) == {}


def test_accents_are_folded_away():
    doc = read_document("usuário não root")
    assert [token.text for token in doc.tokens] == ["usuario", "nao", "root"]


def test_every_line_of_code_is_a_sentence_of_its_own():
    doc = read_document("```\nCOPY a b\nRUN npm ci\n```")
    sentences = {token.sentence for token in doc.tokens if token.text in {"copy", "run"}}
    assert len(sentences) == 2
