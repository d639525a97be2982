"""`docker run` resource flags, parsed as the Docker CLI does and checked as the daemon does.

- Sizes (`--memory/-m`, `--memory-swap`) go through docker/go-units `RAMInBytes`: a number (Go's
  `strconv.ParseFloat` syntax), an optional space, then an optional case-insensitive suffix ``b``,
  ``k``, ``m``, ``g``, ``t`` or ``p`` with an optional ``b`` or ``ib`` after it; every prefix is a
  power of 1024 and the product is truncated to whole bytes. ``--memory-swap=-1`` means unlimited.
- `--cpus` is exact: the CLI multiplies the decimal by 10^9 (nano CPUs) and refuses a value that
  does not come out whole ("value is too precise").
- The daemon then refuses what the kernel cannot do (memory below 6 MiB, swap below memory, quota
  below 1 ms, `--cpus` together with `--cpu-period`/`--cpu-quota`), with the messages it prints.

What runc then writes on cgroup v2 (`memory.max`, `memory.swap.max`, `cpu.max`, `cpu.weight`) is in
`cgroup_files`. `--memory` without `--memory-swap` makes the daemon set memory+swap to twice the
memory, so the container may use as much again in swap; `--cpus=1.5` becomes a CFS quota of 150000
µs per 100000 µs period; `--cpu-shares` becomes a `cpu.weight` through runc's conversion.
"""

from __future__ import annotations

import math
import re
import shlex
from dataclasses import dataclass, field
from fractions import Fraction

KIB = 1024
BINARY_PREFIXES = {"k": KIB, "m": KIB**2, "g": KIB**3, "t": KIB**4, "p": KIB**5}
MAX_INT64 = 2**63 - 1
MIN_MEMORY = 6 * KIB**2  # linuxMinMemory in the daemon
DEFAULT_CFS_PERIOD = 100_000  # µs: the kernel's default, used by the daemon for --cpus
MAX_FLAGS_LENGTH = 500

# Flag name -> (long name, short name) as pflag prints them in errors.
FLAG_NAMES = {
    "memory": ("memory", "m"),
    "memory-swap": ("memory-swap", None),
    "cpus": ("cpus", None),
    "cpu-period": ("cpu-period", None),
    "cpu-quota": ("cpu-quota", None),
    "cpu-shares": ("cpu-shares", "c"),
}
SHORT_FLAGS = {short: name for name, (_, short) in FLAG_NAMES.items() if short}

_GO_DECIMAL_FLOAT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_GO_HEX_FLOAT = re.compile(
    r"[+-]?0[xX](?:[0-9a-fA-F]+(?:\.[0-9a-fA-F]*)?|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+"
)


class FlagError(ValueError):
    """Docker refuses the flags; `str()` is the message Docker prints."""


def _parse_go_float(text: str) -> float:
    """strconv.ParseFloat(text, 64), with Go's error messages."""
    if _GO_DECIMAL_FLOAT.fullmatch(text):
        value = float(text)
    elif _GO_HEX_FLOAT.fullmatch(text):
        value = float.fromhex(text)
    else:
        raise FlagError(f'strconv.ParseFloat: parsing "{text}": invalid syntax')
    if math.isinf(value):
        raise FlagError(f'strconv.ParseFloat: parsing "{text}": value out of range')
    return value


def ram_in_bytes(text: str) -> int:
    """go-units RAMInBytes: bytes, or FlagError with go-units' message."""
    separator = max(text.rfind(character) for character in "0123456789. ")
    if separator == -1:
        raise FlagError(f"invalid size: '{text}'")
    if text[separator] == " ":
        number, suffix = text[:separator], text[separator + 1 :]
    else:
        number, suffix = text[: separator + 1], text[separator + 1 :]
    size = _parse_go_float(number)
    if size < 0:
        raise FlagError(f"invalid size: '{text}'")
    lowered = suffix.lower()
    if lowered:
        bad = FlagError(f"invalid suffix: '{lowered if len(suffix) <= 3 else suffix}'")
        if len(suffix) > 3:
            raise bad
        if lowered[0] == "b":
            if len(lowered) > 1:
                raise bad
        elif lowered[0] in BINARY_PREFIXES:
            if (len(lowered) == 2 and lowered[1] != "b") or (
                len(lowered) == 3 and lowered[1:] != "ib"
            ):
                raise bad
            size *= BINARY_PREFIXES[lowered[0]]
        else:
            raise bad
    if size > MAX_INT64:
        raise FlagError(f'strconv.ParseFloat: parsing "{number}": value out of range')
    return int(size)  # Go's int64(float) truncates toward zero


def _nano_cpus(text: str) -> int:
    """opts.NanoCPUs: the exact decimal times 10^9, which must be whole."""
    if not re.fullmatch(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", text):
        raise FlagError(f"failed to parse {text} as a rational number")
    nano = Fraction(text) * 10**9
    if nano.denominator != 1:
        raise FlagError("value is too precise")
    return int(nano)


def _int64(text: str) -> int:
    """strconv.ParseInt(text, 10, 64), with Go's error messages."""
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        raise FlagError(f'strconv.ParseInt: parsing "{text}": invalid syntax')
    if not -(2**63) <= int(text) <= MAX_INT64:
        raise FlagError(f'strconv.ParseInt: parsing "{text}": value out of range')
    return int(text)


@dataclass
class DockerLimits:
    """What the flags set, None where a flag was not given (as in the container's HostConfig)."""

    memory: int | None = None
    memory_swap: int | None = None
    nano_cpus: int | None = None
    cpu_period: int | None = None
    cpu_quota: int | None = None
    cpu_shares: int | None = None
    given: list[str] = field(default_factory=list)


def _tokens(flags: str) -> list[str]:
    if len(flags) > MAX_FLAGS_LENGTH:
        raise FlagError(f"The flags are limited to {MAX_FLAGS_LENGTH} characters.")
    try:
        tokens = shlex.split(flags)
    except ValueError as error:
        raise FlagError(f"The flags could not be split into words: {error}.") from None
    # Accept a pasted command line: drop `docker run` / `docker container run` in front.
    for prefix in (["docker", "container", "run"], ["docker", "run"], ["docker", "create"]):
        if tokens[: len(prefix)] == prefix:
            return tokens[len(prefix) :]
    return tokens


def _flag_label(name: str) -> str:
    long, short = FLAG_NAMES[name]
    return f"-{short}, --{long}" if short else f"--{long}"


def parse_docker_flags(flags: str) -> DockerLimits:
    """The resource flags of a `docker run` line; FlagError names the flag and the problem.

    Parsing stops at the first word that is not a flag (the image), as Docker's does.
    """
    tokens = _tokens(flags)
    limits = DockerLimits()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if not token.startswith("-") or token == "-":
            break
        if token.startswith("--"):
            name, has_value, value = token[2:].partition("=")
        else:
            short = token[1:2]
            name = SHORT_FLAGS.get(short, "")
            rest = token[2:]
            has_value, value = bool(rest), rest.removeprefix("=")
            if not name:
                raise FlagError(f"unknown shorthand flag: '{short}' in {token}")
        if name not in FLAG_NAMES:
            raise FlagError(f"unknown flag: --{name}")
        if not has_value:
            index += 1
            if index >= len(tokens):
                raise FlagError(f"flag needs an argument: --{name}")
            value = tokens[index]
        _set(limits, name, value)
        index += 1
    return limits


def _set(limits: DockerLimits, name: str, value: str) -> None:
    try:
        if name == "memory":
            limits.memory = ram_in_bytes(value)
        elif name == "memory-swap":
            limits.memory_swap = -1 if value == "-1" else ram_in_bytes(value)
        elif name == "cpus":
            limits.nano_cpus = _nano_cpus(value)
        elif name == "cpu-period":
            limits.cpu_period = _int64(value)
        elif name == "cpu-quota":
            limits.cpu_quota = _int64(value)
        else:
            limits.cpu_shares = _int64(value)
    except FlagError as error:
        raise FlagError(
            f'invalid argument "{value}" for "{_flag_label(name)}" flag: {error}'
        ) from None
    if name not in limits.given:
        limits.given.append(name)


def daemon_problems(limits: DockerLimits) -> list[str]:
    """What the daemon refuses at `docker run` (verifyPlatformContainerResources), in its words."""
    problems = []
    memory, swap = limits.memory or 0, limits.memory_swap or 0
    if memory and memory < MIN_MEMORY:
        problems.append("Minimum memory limit allowed is 6MB")
    if memory > 0 and swap > 0 and swap < memory:
        problems.append("Minimum memoryswap limit should be larger than memory limit, see usage")
    if memory == 0 and swap > 0:
        problems.append(
            "You should always set the Memory limit when using Memoryswap limit, see usage"
        )
    if limits.nano_cpus is not None:
        if limits.cpu_period:
            problems.append("Conflicting options: Nano CPUs and CPU Period cannot both be set")
        if limits.cpu_quota:
            problems.append("Conflicting options: Nano CPUs and CPU Quota cannot both be set")
        if limits.nano_cpus < 0 or 0 < limits.nano_cpus < 10**7:
            problems.append("Range of CPUs is from 0.01 to the number of CPUs on the host")
    if limits.cpu_period and not 1000 <= limits.cpu_period <= 1_000_000:
        problems.append(
            "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)"
        )
    if limits.cpu_quota and 0 < limits.cpu_quota < 1000:
        problems.append("CPU cfs quota can not be less than 1ms (i.e. 1000)")
    return problems


MIN_CPU_SHARES, MAX_CPU_SHARES = 2, 262_144


def effective_cpu_shares(shares: int) -> tuple[int, str]:
    """The shares the daemon keeps (adaptContainerSettings clamps them, with a warning) and why."""
    if shares < 0:
        return MIN_CPU_SHARES, (
            f"The daemon warns “Changing requested CPUShares of {shares} to minimum allowed of "
            f"{MIN_CPU_SHARES}”."
        )
    if shares > MAX_CPU_SHARES:
        return MAX_CPU_SHARES, (
            f"The daemon warns “Changing requested CPUShares of {shares} to maximum allowed of "
            f"{MAX_CPU_SHARES}”."
        )
    return shares, ""


def shares_to_weight(shares: int) -> int:
    """runc (>= 1.3.2) and crun (>= 1.23): cgroup v1 shares to cgroup v2 cpu.weight.

    A quadratic in log2(shares) that maps the minimum (2), the default (1024) and the maximum
    (262144) of shares onto the minimum (1), default (100) and maximum (10000) of cpu.weight.
    """
    if shares == 0:
        return 0
    if shares <= 2:
        return 1
    if shares >= 262_144:
        return 10_000
    log = math.log2(shares)
    exponent = (log * log + 125 * log) / 612.0 - 7.0 / 34.0
    return math.ceil(10**exponent)


def shares_to_weight_linear(shares: int) -> int:
    """The conversion runc used before 1.3.2 (and crun before 1.23): 1024 shares gave weight 39."""
    if shares == 0:
        return 0
    return 1 + ((shares - 2) * 9999) // 262_142


@dataclass(frozen=True)
class CgroupFile:
    name: str
    value: str
    why: str


def cgroup_files(limits: DockerLimits) -> list[CgroupFile]:
    """The cgroup v2 files runc writes for these flags, with the rule behind each value."""
    files = []
    memory = limits.memory or 0
    if memory:
        files.append(CgroupFile("memory.max", str(memory), "--memory in bytes."))
        swap = limits.memory_swap or 0
        if swap == -1:
            files.append(
                CgroupFile("memory.swap.max", "max", "--memory-swap=-1: swap is unlimited.")
            )
        elif swap == 0:
            files.append(
                CgroupFile(
                    "memory.swap.max",
                    str(memory),
                    "No --memory-swap: the daemon sets memory+swap to twice --memory, so the "
                    "container may also use as much again in swap (if the host has swap).",
                )
            )
        elif swap >= memory:
            files.append(
                CgroupFile(
                    "memory.swap.max",
                    str(swap - memory),
                    "--memory-swap is memory plus swap: runc writes the difference"
                    + (", so no swap at all." if swap == memory else "."),
                )
            )
    quota, period = limits.cpu_quota, limits.cpu_period
    if limits.nano_cpus:
        period = DEFAULT_CFS_PERIOD
        quota = limits.nano_cpus * period // 10**9
        files.append(
            CgroupFile(
                "cpu.max",
                f"{quota} {period}",
                f"--cpus: {quota} µs of CPU time in every {period} µs period (the daemon always "
                "uses the default 100 ms period).",
            )
        )
    elif quota and quota > 0:
        period = period or DEFAULT_CFS_PERIOD
        files.append(
            CgroupFile(
                "cpu.max",
                f"{quota} {period}",
                f"--cpu-quota µs of CPU time per --cpu-period ({period} µs): "
                f"{Fraction(quota, period).limit_denominator(1000)} CPUs' worth.",
            )
        )
    elif period:
        files.append(
            CgroupFile("cpu.max", f"max {period}", "A period without a quota limits nothing.")
        )
    if limits.cpu_shares:
        shares, clamped = effective_cpu_shares(limits.cpu_shares)
        files.append(
            CgroupFile(
                "cpu.weight",
                str(shares_to_weight(shares)),
                f"--cpu-shares={shares} through runc's conversion (runc before 1.3.2 wrote "
                f"{shares_to_weight_linear(shares)}). Shares of 1024 are the default weight 100."
                + (f" {clamped}" if clamped else ""),
            )
        )
    return files
