"""The Dockerfile analysis: one reader and one stage model for the whole project.

- `reading.py` reads the text as BuildKit does (heredocs, parser directives, continuations with empty or
  comment lines, Windows' backtick escape) into instructions, or says which line it cannot read;
- `model.py` groups them into stages with their ancestry and the ARG and ENV values in force, and
  `analyse_snippet` reads a fragment (a few lines quoted in a free-text answer) the same way;
- `images.py` and `commands.py` know image references and shell commands (installs, secrets);
- `checks.py` is the Dockerfile drill's review: twelve checks and the .dockerignore.

The free-text grader reads Dockerfiles quoted in answers through `analyse_snippet`, so a candidate's code
is read by the same rules as the Dockerfile drill's.
"""

from drills.grading.dockerfile.checks import (
    CHECK_TITLES,
    CHECKS,
    MAX_DOCKERFILE_LENGTH,
    MAX_DOCKERIGNORE_LENGTH,
    Build,
    CheckResult,
    DockerfileError,
    DockerfileGrade,
    Instruction,
    Stage,
    analyse_snippet,
    grade_dockerfile,
    parse_dockerfile,
)

__all__ = [
    "CHECKS",
    "CHECK_TITLES",
    "MAX_DOCKERFILE_LENGTH",
    "MAX_DOCKERIGNORE_LENGTH",
    "Build",
    "CheckResult",
    "DockerfileError",
    "DockerfileGrade",
    "Instruction",
    "Stage",
    "analyse_snippet",
    "grade_dockerfile",
    "parse_dockerfile",
]
