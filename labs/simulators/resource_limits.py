"""The resource-limit calculator: Docker flags and Kubernetes quantities side by side.

Builds on `docker_limits` (what `docker run` flags mean) and `quantities` (Kubernetes'
`resource.Quantity`) and adds what the kubelet does with a quantity:

- `limits.memory` becomes `memory.max`, in bytes rounded up (`Value()`);
- `limits.cpu` becomes `cpu.max` = "<millicores x 100> 100000" (MilliCPUToQuota), never below
  1000 µs, so any limit under 10m acts as 10m;
- `requests.cpu` becomes cgroup v1 shares, millicores x 1024 / 1000 with a floor of 2
  (MilliCPUToShares), which runc turns into `cpu.weight`;
- `requests.memory` only steers the scheduler and eviction: no cgroup file gets it by default.

`qos_class` applies the Pod QoS rules, including the defaulting that copies a limit into a missing
request. `convert` is one line of the `convert_units` command, and `traps` names the classic
mistakes a value falls into (512M vs 512Mi, 512m of memory, sub-millicore CPU, swap by default).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from labs.simulators import docker_limits
from labs.simulators.quantities import Quantity, QuantityError, decimal_string, parse_quantity

MEMORY_FIELDS = ("limits.memory", "requests.memory")
CPU_FIELDS = ("limits.cpu", "requests.cpu")
FIELDS = MEMORY_FIELDS + CPU_FIELDS
QUOTA_PERIOD = 100_000
MIN_QUOTA = 1000
MIN_SHARES, MAX_SHARES, SHARES_PER_CPU = 2, 262_144, 1024


def is_memory(field_name: str) -> bool:
    return field_name.endswith(".memory")


@dataclass(frozen=True)
class KubernetesValue:
    field: str
    text: str
    quantity: Quantity | None
    error: str | None

    @property
    def valid(self) -> bool:
        return self.quantity is not None and self.error is None

    @property
    def bytes(self) -> int | None:
        return self.quantity.rounded_up(0) if self.valid and is_memory(self.field) else None

    @property
    def millicores(self) -> int | None:
        return self.quantity.rounded_up(-3) if self.valid and not is_memory(self.field) else None

    def as_dict(self) -> dict:
        amount = "bytes" if is_memory(self.field) else "millicores"
        return {
            "valid": self.valid,
            "canonical": self.quantity.canonical if self.quantity else None,
            amount: self.bytes if amount == "bytes" else self.millicores,
        }


def kubernetes_value(field_name: str, text: str) -> KubernetesValue:
    """A quantity for one resource field; negative amounts parse but the API server refuses them."""
    try:
        quantity = parse_quantity(text)
    except QuantityError as error:
        return KubernetesValue(field_name, text, None, str(error))
    if quantity.is_negative:
        return KubernetesValue(field_name, text, quantity, "must be greater than or equal to 0")
    return KubernetesValue(field_name, text, quantity, None)


def milli_cpu_to_quota(millicores: int) -> int:
    if millicores == 0:
        return 0
    return max(MIN_QUOTA, millicores * QUOTA_PERIOD // 1000)


def milli_cpu_to_shares(millicores: int) -> int:
    if millicores == 0:
        return MIN_SHARES
    return min(MAX_SHARES, max(MIN_SHARES, millicores * SHARES_PER_CPU // 1000))


def kubernetes_cgroup_files(value: KubernetesValue) -> list[docker_limits.CgroupFile]:
    """What the kubelet and runc write for one field."""
    CgroupFile = docker_limits.CgroupFile
    if not value.valid:
        return []
    if value.field == "limits.memory":
        return [CgroupFile("memory.max", str(value.bytes), "limits.memory in bytes, rounded up.")]
    if value.field == "requests.memory":
        return []
    millicores = value.millicores or 0
    if value.field == "limits.cpu":
        if not millicores:
            return []
        quota = milli_cpu_to_quota(millicores)
        return [
            CgroupFile(
                "cpu.max",
                f"{quota} {QUOTA_PERIOD}",
                f"{millicores}m x 100 µs per 100 ms period"
                + (" (raised to the 1000 µs minimum)." if quota > millicores * 100 else "."),
            )
        ]
    shares = milli_cpu_to_shares(millicores)
    weight = docker_limits.shares_to_weight(shares)
    return [
        CgroupFile(
            "cpu.weight",
            str(weight),
            f"requests.cpu {millicores}m = {shares} shares (x 1024 / 1000, at least 2), then "
            f"runc's conversion to a weight (runc before 1.3.2: "
            f"{docker_limits.shares_to_weight_linear(shares)}).",
        )
    ]


def traps(value: KubernetesValue) -> list[str]:
    """The classic mistakes this value falls into, in words."""
    found = []
    if not value.valid:
        return found
    text = value.text.strip()
    if is_memory(value.field):
        if text.endswith("m"):
            found.append(
                f"“{text}” of memory means {decimal_string(value.quantity.exact())} bytes: in "
                "Kubernetes “m” is "
                "a thousandth. Docker's -m 512m is 512 MiB; write 512Mi (or 512M) here."
            )
        elif text[-1:] in {"k", "M", "G", "T", "P", "E"}:
            binary = text[:-1] + ("Ki" if text[-1] == "k" else text[-1] + "i")
            try:
                other = parse_quantity(binary).rounded_up(0)
            except QuantityError:
                other = None
            if other:
                found.append(
                    f"“{text}” is powers of 1000 ({value.bytes:,} bytes); “{binary}” would be "
                    f"{other:,} bytes, {100 * (other - value.bytes) / other:.1f}% more."
                )
    else:
        exact = value.quantity.exact()
        if exact is not None and (exact * 1000).denominator != 1:
            found.append(
                f"“{text}” is finer than a millicore: the kubelet rounds it up to "
                f"{value.millicores}m (Kubernetes docs: CPU precision finer than 1m is not allowed)."
            )
        if value.field == "limits.cpu" and value.millicores and value.millicores < 10:
            found.append(
                "A CPU limit under 10m still gets the minimum quota of 1000 µs per 100 ms, "
                "which is 10m."
            )
    return found


def docker_traps(limits: docker_limits.DockerLimits) -> list[str]:
    found = []
    if limits.memory and not limits.memory_swap:
        found.append(
            "--memory alone lets the container use as much again in swap (memory+swap defaults "
            "to twice --memory). Set --memory-swap to the same value to forbid swap."
        )
    return found


def docker_as_dict(field_name: str, limits: docker_limits.DockerLimits | None) -> dict:
    if is_memory(field_name):
        return {"bytes": limits.memory if limits else None}
    return {
        "nano_cpus": limits.nano_cpus if limits else None,
        "cfs_period_us": limits.cpu_period if limits else None,
        "cfs_quota_us": limits.cpu_quota if limits else None,
        "cpu_shares": limits.cpu_shares if limits else None,
    }


def docker_cpus(limits: docker_limits.DockerLimits) -> Fraction | None:
    """The CPU ceiling the flags give, in CPUs, or None without one."""
    if limits.nano_cpus:
        return Fraction(limits.nano_cpus, 10**9)
    if limits.cpu_quota and limits.cpu_quota > 0:
        return Fraction(limits.cpu_quota, limits.cpu_period or QUOTA_PERIOD)
    return None


def equivalent(
    field_name: str, limits: docker_limits.DockerLimits | None, value: KubernetesValue | None
) -> bool:
    """Whether both give the container the same amount of the resource.

    Memory: the same bytes (--memory against the quantity's bytes). limits.cpu: the same CPU
    ceiling (--cpus or quota/period against millicores). requests.cpu: the same shares
    (--cpu-shares against the kubelet's millicores x 1024 / 1000).
    """
    if limits is None or value is None or not value.valid:
        return False
    if is_memory(field_name):
        return limits.memory is not None and limits.memory == value.bytes
    if field_name == "limits.cpu":
        cpus = docker_cpus(limits)
        return cpus is not None and cpus * 1000 == value.millicores
    return limits.cpu_shares is not None and limits.cpu_shares == milli_cpu_to_shares(
        value.millicores or 0
    )


def convert(line: dict) -> dict:
    """One `convert_units` answer for {"docker": FLAGS, "k8s": QUANTITY, "field": FIELD}.

    Raises ValueError (with a message for the person) when the line itself is unusable.
    """
    field_name = line.get("field")
    if field_name not in FIELDS:
        raise ValueError(f"field must be one of {', '.join(FIELDS)}")
    flags, quantity_text = line.get("docker"), line.get("k8s")
    for key, given in (("docker", flags), ("k8s", quantity_text)):
        if given is not None and not isinstance(given, str):
            raise ValueError(f"{key} must be a string")
    answer: dict = {"docker": None, "k8s": None, "equivalent": False}
    limits = None
    if flags is not None:
        try:
            limits = docker_limits.parse_docker_flags(flags)
        except docker_limits.FlagError as error:
            answer["docker"] = docker_as_dict(field_name, None) | {"error": str(error)}
        else:
            answer["docker"] = docker_as_dict(field_name, limits)
            problems = docker_limits.daemon_problems(limits)
            if problems:
                answer["docker"]["error"] = problems[0]
                limits = None
    value = None
    if quantity_text is not None:
        value = kubernetes_value(field_name, quantity_text)
        answer["k8s"] = value.as_dict()
        if value.error:
            answer["k8s"]["error"] = value.error
    answer["equivalent"] = equivalent(field_name, limits, value)
    return answer


# --- Pod QoS -------------------------------------------------------------------------------------

QOS_RESOURCES = ("cpu", "memory")


@dataclass(frozen=True)
class ContainerResources:
    name: str
    requests: dict  # resource -> Fraction
    limits: dict


@dataclass(frozen=True)
class QosVerdict:
    qos_class: str
    reason: str


def qos_class(containers: list[ContainerResources]) -> QosVerdict:
    """The Pod's QoS class as GetPodQOS computes it, after defaulting copies limits into requests.

    Like the kubelet, it compares the *sums* of the containers' requests and limits per resource,
    and zero amounts count as unset.
    """
    requests: dict = {}
    limits: dict = {}
    missing_limit = None
    for container in containers:
        for resource in QOS_RESOURCES:
            limit = container.limits.get(resource) or 0
            request = container.requests.get(resource)
            request = limit if request is None else request
            if request > 0:
                requests[resource] = requests.get(resource, 0) + request
            if limit > 0:
                limits[resource] = limits.get(resource, 0) + limit
            elif missing_limit is None:
                missing_limit = (container.name, resource)
    if not requests and not limits:
        return QosVerdict(
            "BestEffort", "No container sets a CPU or memory request or limit: first to be evicted."
        )
    if missing_limit is not None:
        name, resource = missing_limit
        return QosVerdict(
            "Burstable",
            f"Container “{name}” has no {resource} limit, so the Pod cannot be Guaranteed; "
            "something is set, so it is not BestEffort.",
        )
    for resource, requested in requests.items():
        if limits.get(resource) != requested:
            return QosVerdict(
                "Burstable", f"The {resource} requests do not add up to the {resource} limits."
            )
    return QosVerdict(
        "Guaranteed",
        "Every container has CPU and memory limits, and the requests equal the limits (a "
        "missing request is copied from its limit).",
    )
