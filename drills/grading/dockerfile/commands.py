"""What the shell commands in RUN lines do, and what names and values look like secrets.

The Dockerfile checks ask questions such as "is this the project's dependency install?" about RUN lines.
Words are not enough for that (`yarn build` is not an install, nor is `yarn` inside a URL, nor is
`npm install -g pnpm`), so a RUN's shell text is split into simple commands (at `&&`, `||`, `;`, `|`,
newlines and parentheses, with quoted strings kept whole) and each command is classified by its first
word and sub-command:

- a **project install** installs the dependencies a manifest lists: `npm ci`, `npm install` without package
  names, bare `yarn` / `yarn install` / `yarn workspaces focus`, `pnpm install|fetch`, `bun install`,
  `pip install -r …` or `pip install .`, `poetry install`, `pipenv install`, `uv sync`, `uv pip sync`,
  `go mod download`, `bundle install`, `composer install`, `dotnet restore`, `mvn dependency:go-offline`;
- a **global or tool install** (`npm install -g pm2`, `pip install --upgrade pip`, `corepack enable`,
  `go install x@v`) and a **single-package install** (`npm install cheerio`, `yarn add x`, `pip install gunicorn`)
  are neither the project's install nor a sign that its dependencies were installed late.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

TOKEN_RE = re.compile(
    r"(?P<op>&&|\|\||[;|&()\n])|(?P<word>(?:[^\s;|&()\"'\\]|\\.|\"(?:\\.|[^\"\\])*\"?|'[^']*'?)+)"
)
SHELL_KEYWORDS = frozenset(
    {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!"}
)
PREFIX_COMMANDS = frozenset({"sudo", "exec", "command", "time", "nice", "nohup", "env"})
ASSIGNMENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "/bin/sh", "/bin/bash", "/bin/ash"})
# Flags whose value may follow as a separate word (`--omit dev`), so it is not read as a package name.
NODE_VALUE_FLAGS = frozenset(
    {"--omit", "--include", "--only", "--registry", "--cache", "--prefix", "--loglevel", "-w",
     "--workspace", "--filter", "-F", "--userconfig", "--network-timeout", "--modules-folder",
     "--cache-folder", "--mutex", "--store-dir"}
)  # fmt: skip
INFO_FLAGS = frozenset({"--version", "-v", "--help", "-h"})
PIP_TOOLS = frozenset({"pip", "setuptools", "wheel", "pipenv", "poetry", "uv", "virtualenv"})


@dataclass(frozen=True)
class Command:
    words: tuple[str, ...]  # without leading VAR=value assignments and sudo/exec/env
    assignments: dict[str, str]  # VAR=value set for this command only

    @functools.cached_property
    def plain(self) -> tuple[str, ...]:
        """The words with their quotes removed."""
        return tuple(word.replace('"', "").replace("'", "") for word in self.words)


@dataclass(frozen=True)
class Install:
    manager: str  # npm, yarn, pnpm, bun, pip, poetry, uv, go, ...
    kind: str  # project, global, package, tool
    flags: tuple[str, ...]
    node: bool  # fills node_modules (npm, yarn, pnpm, bun)
    command: Command


def simple_commands(script: str) -> list[Command]:
    """The simple commands of a shell script, in order."""
    commands: list[Command] = []
    words: list[str] = []
    for match in TOKEN_RE.finditer(script):
        if match["op"]:
            if words:
                commands.append(_command(words))
            words = []
        else:
            words.append(match["word"])
    if words:
        commands.append(_command(words))
    return [command for command in commands if command.words]


def _command(words: list[str]) -> Command:
    assignments: dict[str, str] = {}
    index = 0
    while index < len(words):
        word = words[index]
        if word in SHELL_KEYWORDS or word in PREFIX_COMMANDS:
            index += 1
        elif ASSIGNMENT_RE.match(word):
            name, _, value = word.partition("=")
            assignments[name] = value.strip("\"'")
            index += 1
        elif word.startswith("-") and index > 0 and words[index - 1] in PREFIX_COMMANDS:
            index += 1  # sudo -E, env -i
        else:
            break
    return Command(tuple(words[index:]), assignments)


def _split(words: tuple[str, ...], value_flags: frozenset[str] = frozenset()):
    """(flags, positional words) after the sub-command."""
    flags, positional = [], []
    skip = False
    for word in words:
        if skip:
            skip = False
            flags.append(word)
        elif word.startswith("-"):
            flags.append(word)
            skip = word in value_flags
        else:
            positional.append(word)
    return tuple(flags), positional


def _program(word: str) -> str:
    """The program's name: /usr/local/bin/npm -> npm, C:\\node\\npm.cmd -> npm."""
    name = re.split(r"[/\\]", word)[-1]
    return re.sub(r"\.(cmd|exe|ps1|bat)$", "", name, flags=re.I).lower()


def _node_install(program: str, words: tuple[str, ...], command: Command) -> Install | None:
    flags_all, positional = _split(words, NODE_VALUE_FLAGS)
    if not positional and any(f in INFO_FLAGS for f in flags_all):
        return None  # yarn --version, npm -v
    sub = positional[0] if positional else ""
    _, rest = _split(words[words.index(sub) + 1 :] if sub else (), NODE_VALUE_FLAGS)
    is_global = any(f in {"-g", "--global", "--location=global"} for f in flags_all)

    def made(kind: str) -> Install:
        return Install(program, "global" if is_global else kind, flags_all, True, command)

    if program == "npm":
        if sub in {"ci", "install", "i", "add", "isntall", "in", "ins", "inst", "insta", "instal"}:
            return made("package" if rest else "project")
        return None
    if program == "yarn":
        if sub == "":
            return made("project")
        if sub == "install":
            return made("project")
        if sub == "workspaces" and rest[:1] == ["focus"]:
            return made("project")
        if sub == "global" and rest[:1] == ["add"]:
            return Install(program, "global", flags_all, True, command)
        if sub == "add":
            return made("package")
        return None
    if program == "pnpm":
        if sub in {"install", "i"}:
            return made("package" if rest else "project")
        if sub == "fetch":
            return Install(program, "project", flags_all, False, command)
        if sub == "add":
            return made("package")
        return None
    if program == "bun":
        if sub in {"install", "i"}:
            return made("package" if rest else "project")
        if sub == "add":
            return made("package")
    return None


def _pip_install(words: tuple[str, ...], command: Command, manager: str) -> Install | None:
    flags, positional = _split(words, frozenset({"-r", "--requirement", "-c", "--constraint",
                                                 "-i", "--index-url", "--extra-index-url",
                                                 "--target", "-t", "--prefix", "--root"}))  # fmt: skip
    if positional[:1] in (["wheel"], ["download"]) and any(
        f in {"-r", "--requirement"} or f.startswith("--requirement=") for f in flags
    ):
        # Building or downloading the requirements' wheels is the dependency step of a wheel build.
        return Install(manager, "project", flags, False, command)
    if not positional or positional[0] != "install":
        return None
    names = positional[1:]
    if any(f in {"-r", "--requirement"} or f.startswith(("--requirement=", "-r")) for f in flags):
        return Install(manager, "project", flags, False, command)
    cleaned = [name.strip("\"'").split("[")[0] for name in names]
    if any(name in {".", "./"} or name.startswith("./") for name in cleaned) or "-e" in flags:
        return Install(manager, "project", flags, False, command)
    if cleaned and all(re.split(r"[<>=~!]", name)[0].lower() in PIP_TOOLS for name in cleaned):
        return Install(manager, "tool", flags, False, command)
    return Install(manager, "package", flags, False, command) if names else None


def classify_install(command: Command) -> Install | None:
    """What kind of install a simple command is, or None when it installs nothing."""
    plain = command.plain
    if not plain:
        return None
    program = _program(plain[0])
    args = plain[1:]
    if program in {"npm", "yarn", "pnpm", "bun"}:
        return _node_install(program, args, command)
    if program in {"npx", "corepack"}:
        return Install(program, "tool", args, False, command) if program == "corepack" else None
    if re.fullmatch(r"pip[\d.]*", program):
        return _pip_install(args, command, "pip")
    if re.fullmatch(r"python[\d.]*", program) and args[:2] == ("-m", "pip"):
        return _pip_install(args[2:], command, "pip")
    if program == "uv":
        if args[:1] == ("sync",):
            return Install("uv", "project", args, False, command)
        if args[:2] == ("pip", "sync"):
            return Install("uv", "project", args, False, command)
        if args[:1] == ("pip",):
            return _pip_install(args[1:], command, "uv")
        if args[:2] == ("tool", "install"):
            return Install("uv", "tool", args, False, command)
        return None
    if program in {"poetry", "pipenv"} and args[:1] == ("install",):
        return Install(program, "project", args, False, command)
    if program == "go":
        if args[:2] == ("mod", "download"):
            return Install("go", "project", args, False, command)
        if args[:1] in {("install",), ("get",)}:
            return Install("go", "tool", args, False, command)
        return None
    if program in {"bundle", "composer"} and args[:1] == ("install",):
        return Install(program, "project", args, False, command)
    if program == "dotnet" and args[:1] == ("restore",):
        return Install("dotnet", "project", args, False, command)
    if program in {"mvn", "mvnw", "./mvnw"} and any(a.startswith("dependency:") for a in args):
        return Install("maven", "project", args, False, command)
    if program == "cargo" and args[:1] == ("fetch",):
        return Install("cargo", "project", args, False, command)
    return None


def runs_shell_on_heredoc(value: str) -> bool:
    """Whether a RUN's heredoc body is the script itself (`RUN <<EOF`, `RUN bash <<EOF`), not data for a command."""
    words = value.split()
    while words and words[0].startswith("--"):
        words = words[1:]
    return bool(words) and (words[0].startswith("<<") or (words[0] in SHELLS and "-c" not in words))


# --- secrets -------------------------------------------------------------------------------------

SECRET_WORDS = frozenset(
    {"PASSWORD", "PASSWD", "PASS", "PASSPHRASE", "SECRET", "SECRETS", "TOKEN", "APIKEY", "CREDENTIALS",
     "CREDENTIAL", "AUTHTOKEN"}
)  # fmt: skip
SECRET_PAIRS = frozenset(
    {("API", "KEY"), ("PRIVATE", "KEY"), ("ACCESS", "KEY"), ("SECRET", "KEY"), ("ENCRYPTION", "KEY"),
     ("SIGNING", "KEY"), ("MASTER", "KEY"), ("AUTH", "KEY"), ("APP", "KEY"), ("LICENSE", "KEY"),
     ("CLIENT", "SECRET"), ("ACCOUNT", "KEY"), ("SERVICE", "KEY"), ("SESSION", "KEY")}
)  # fmt: skip
# A last word that says the variable describes a secret rather than holding one: SESSION_SECRET_FILE,
# PASSWORD_MIN_LENGTH, TOKEN_TTL, AUTH_TOKEN_HEADER.
DESCRIPTOR_WORDS = frozenset(
    {"FILE", "PATH", "DIR", "LENGTH", "LEN", "MIN", "MAX", "TTL", "EXPIRY", "EXPIRES", "EXPIRATION",
     "TIMEOUT", "HEADER", "ENABLED", "ENABLE", "DISABLED", "REQUIRED", "LIFETIME", "ROUNDS", "ALGORITHM",
     "ALG", "TYPE", "POLICY", "LOCATION", "ENDPOINT", "COUNT", "SIZE", "LIMIT", "PREFIX", "FIELD", "PARAM",
     "NAME", "MODE", "PROVIDER", "STRATEGY", "VERSION", "AGE", "DURATION", "SECONDS", "MINUTES",
     "HOURS", "DAYS", "KIND", "FORMAT", "COMPLEXITY", "STRENGTH", "RESET", "HINT", "URL", "URI", "HOST",
     "PORT", "ISSUER", "AUDIENCE", "SCOPE", "SCOPES", "REALM", "METHOD", "STORE", "BACKEND", "COOKIE"}
)  # fmt: skip
PLACEHOLDER_FREE_VALUE_RE = re.compile(r"^(\d+[smhd]?|true|false|yes|no|on|off|none|null)$", re.I)
CREDENTIALS_IN_URL_RE = re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@'\"]+:([^/\s@'\"]+)@", re.I)


def is_secret_name(name: str) -> bool:
    """Whether a variable's name says it holds a secret (not one that describes a secret: *_FILE, *_TTL)."""
    words = [w for w in re.split(r"[_\-.]+", name.upper()) if w]
    if not words or words[-1] in DESCRIPTOR_WORDS:
        return False
    if any(w in SECRET_WORDS for w in words):
        return True
    return any(pair in SECRET_PAIRS for pair in itertools.pairwise(words))


def is_literal_secret_value(value: str) -> bool:
    """A value that is a literal secret: not empty, not a variable reference, a number, a switch or a path.

    A reference with a literal default (`${JWT_SECRET:-changeme}`) is judged by its default.
    """
    value = value.strip().strip("\"'")
    default = re.fullmatch(r"\$\{\w+:?-([^}]*)\}", value)
    if default:
        value = default[1].strip("\"'")
    if not value or value.startswith("$") or PLACEHOLDER_FREE_VALUE_RE.match(value):
        return False
    if re.match(r"^[a-z][a-z0-9+.-]*://", value, re.I):
        return literal_credentials_in_url(value)  # an address is not a secret; a password in it is
    return not value.startswith("/")


def literal_credentials_in_url(text: str) -> bool:
    """user:password@ in a URL, with a literal password (not a $VARIABLE)."""
    return any(not m[1].startswith("$") for m in CREDENTIALS_IN_URL_RE.finditer(text))
