"""The resource-limit model against the reference implementations' own test cases.

- Kubernetes quantities: kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/api/resource/
  `quantity_test.go` (TestQuantityParse's table and its `invalid` list, TestQuantityParseEmit,
  TestQuantityString's canonical forms, TestParseQuantityString).
- Docker sizes: docker/go-units `size_test.go` (TestRAMInBytes).
- cgroup values: runc's shares->weight conversion (opencontainers/cgroups
  ConvertCPUSharesToCgroupV2Value, runc >= 1.3.2), and the Docker docs and lesson 06 (`--cpus=1.5`
  is `cpu.max` 150000 100000; `--memory=512m --memory-swap=512m` is 536870912 and swap 0).
- Kubernetes docs "Resource Management for Pods and Containers" and "Pod Quality of Service
  Classes" (QoS rules, 128974848 = 129e6 = 129M = 123Mi, the lowercase m on memory).
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from labs.simulators.docker_limits import (
    FlagError,
    cgroup_files,
    daemon_problems,
    parse_docker_flags,
    ram_in_bytes,
    shares_to_weight,
    shares_to_weight_linear,
)
from labs.simulators.quantities import (
    ERR_FORMAT_WRONG,
    ERR_SUFFIX,
    QuantityError,
    parse_quantity,
)
from labs.simulators.resource_limits import (
    ContainerResources,
    convert,
    kubernetes_cgroup_files,
    kubernetes_value,
    qos_class,
    traps,
)

KI, MI, GI, TI, PI = (1024**power for power in range(1, 6))

# quantity_test.go TestQuantityParse: (input, exact value).
PARSE_VALUES = [
    ("0", 0),
    ("0n", 0),
    ("0Ki", 0),
    ("1", 1),
    ("1Ki", 1024),
    ("7Mi", 7 * MI),
    ("6Gi", 6 * GI),
    ("3Ei", 3 * 1024**6),
    ("5n", Fraction(5, 10**9)),
    ("4u", Fraction(4, 10**6)),
    ("3m", Fraction(3, 1000)),
    ("50k", 50_000),
    ("40T", 40 * 10**12),
    ("1E", 10**18),
    ("1E-3", Fraction(1, 1000)),
    ("1e3", 1000),
    ("100.035k", 100_035),
    ("0.0005k", Fraction(1, 2)),
    ("0.5e-2", Fraction(5, 1000)),
    ("1.3E+6", 1_300_000),
    ("7.123456M", 7_123_456),
    ("1.01E", 101 * 10**16),
    ("3.001n", Fraction(4, 10**9)),  # rounds up to the next nano
    ("0.0000000001", Fraction(1, 10**9)),
    ("0.00000012345", Fraction(124, 10**9)),
    ("9Ei", 2**63 - 1),  # BinarySI is capped at the largest int64
    ("100.035Ki", Fraction(10243584, 100)),
    ("0.05Gi", Fraction(536870912, 10)),
    ("0.000000000001Ki", Fraction(2, 10**9)),
    (".001", Fraction(1, 1000)),
    ("1.", 1),
    ("1.G", 10**9),
]


@pytest.mark.parametrize(("text", "value"), PARSE_VALUES)
def test_quantities_parse_to_kubernetes_exact_values(text, value):
    assert parse_quantity(text).exact() == value


# quantity_test.go TestQuantityParse `invalid`, plus the error each gets.
INVALID = [
    ("1.1.M", ERR_FORMAT_WRONG),
    ("1+1.0M", ERR_FORMAT_WRONG),
    ("0.1mi", ERR_SUFFIX),
    ("0.1am", ERR_FORMAT_WRONG),
    ("aoeu", ERR_FORMAT_WRONG),
    (".5i", ERR_SUFFIX),
    ("1i", ERR_SUFFIX),
    ("-3.01i", ERR_SUFFIX),
    ("-3.01e-", ERR_SUFFIX),
    ("1e4294967297", ERR_SUFFIX),
    (" 1", ERR_FORMAT_WRONG),
    ("1 ", ERR_FORMAT_WRONG),
    ("", ERR_FORMAT_WRONG),
]


@pytest.mark.parametrize(("text", "error"), INVALID)
def test_quantities_kubernetes_refuses(text, error):
    with pytest.raises(QuantityError) as raised:
        parse_quantity(text)
    assert str(raised.value) == error


# quantity_test.go TestQuantityParseEmit and TestQuantityString (the canonical strings), and the
# issue's own examples.
CANONICAL = [
    ("1Ki", "1Ki"),
    ("1024Mi", "1Gi"),
    ("1000M", "1G"),
    (".001Ki", "1024m"),
    (".000001Ki", "1024u"),
    (".000000001Ki", "1024n"),
    (".000000000001Ki", "2n"),
    ("307200Ki", "300Mi"),
    ("1025024Mi", "1001Gi"),
    ("5000m", "5"),
    ("0.5", "500m"),
    ("1000u", "1m"),
    ("1.08", "1080m"),
    ("1080000000n", "1080m"),
    ("0.001T", "1G"),
    ("1000E", "1e21"),
    (".001e12", "1e9"),
    ("0.001e0", "1e-3"),
    ("1000e-12", "1e-9"),
    ("00", "0"),
    ("1.5Gi", "1536Mi"),
    ("2000m", "2"),
    ("1.5m", "1500u"),
    ("-1.5Gi", "-1536Mi"),
]


@pytest.mark.parametrize(("text", "canonical"), CANONICAL)
def test_canonical_forms(text, canonical):
    assert parse_quantity(text).canonical == canonical


def test_a_string_already_in_canonical_form_is_kept_as_typed():
    # ParseQuantity's fast path stores the typed string when it is canonical: "+5Mi" stays.
    assert parse_quantity("+5Mi").canonical == "+5Mi"


def test_one_and_a_half_millicores_is_used_as_two():
    value = kubernetes_value("requests.cpu", "1.5m")
    assert (value.quantity.canonical, value.millicores) == ("1500u", 2)


def test_memory_with_a_lowercase_m_is_thousandths_of_a_byte():
    value = kubernetes_value("limits.memory", "512m")
    assert value.quantity.exact() == Fraction(512, 1000)
    assert value.bytes == 1


def test_the_docs_four_spellings_of_the_same_memory():
    # Kubernetes docs: 128974848, 129e6, 129M, 123Mi are roughly the same value.
    assert kubernetes_value("limits.memory", "129e6").bytes == 129_000_000
    assert kubernetes_value("limits.memory", "129M").bytes == 129_000_000
    assert kubernetes_value("limits.memory", "123Mi").bytes == 128_974_848


def test_a_negative_amount_is_not_a_valid_resource():
    value = kubernetes_value("limits.cpu", "-1")
    assert not value.valid
    assert value.error == "must be greater than or equal to 0"


# go-units size_test.go TestRAMInBytes.
RAM = [
    ("32", 32),
    ("32b", 32),
    ("32B", 32),
    ("32k", 32 * KI),
    ("32K", 32 * KI),
    ("32kb", 32 * KI),
    ("32Kb", 32 * KI),
    ("32Kib", 32 * KI),
    ("32KIB", 32 * KI),
    ("32Mb", 32 * MI),
    ("32Gb", 32 * GI),
    ("32Tb", 32 * TI),
    ("32Pb", 32 * PI),
    ("32PB", 32 * PI),
    ("32P", 32 * PI),
    ("32.3", 32),
    ("32.3 mb", int(32.3 * MI)),
    ("0.3MB", int(0.3 * MI)),
]


@pytest.mark.parametrize(("text", "size"), RAM)
def test_docker_sizes_are_powers_of_1024(text, size):
    assert ram_in_bytes(text) == size


@pytest.mark.parametrize("text", ["", "hello", "-32", " 32 ", "32m b", "32bm"])
def test_docker_refuses_these_sizes(text):
    with pytest.raises(FlagError):
        ram_in_bytes(text)


def test_a_bad_memory_flag_names_the_flag_like_docker():
    with pytest.raises(FlagError) as raised:
        parse_docker_flags("--memory=512x")
    assert str(raised.value) == (
        'invalid argument "512x" for "-m, --memory" flag: invalid suffix: \'x\''
    )


def test_cpus_finer_than_a_nano_cpu_is_too_precise():
    with pytest.raises(FlagError) as raised:
        parse_docker_flags("--cpus=0.0000000001")
    assert str(raised.value).endswith("value is too precise")


def test_the_lessons_docker_run_line_writes_the_lessons_cgroup_values():
    limits = parse_docker_flags(
        "docker run --memory=512m --memory-swap=512m --cpus=1.5 example/api"
    )
    files = {file.name: file.value for file in cgroup_files(limits)}
    assert files == {"memory.max": "536870912", "memory.swap.max": "0", "cpu.max": "150000 100000"}


def test_memory_alone_allows_as_much_again_in_swap():
    files = {file.name: file.value for file in cgroup_files(parse_docker_flags("-m 300m"))}
    assert files["memory.swap.max"] == str(300 * MI)


def test_memory_swap_is_memory_plus_swap():
    limits = parse_docker_flags("-m 300m --memory-swap 1g")
    files = {file.name: file.value for file in cgroup_files(limits)}
    assert files["memory.swap.max"] == str(GI - 300 * MI)


def test_the_daemon_refuses_less_than_six_megabytes():
    assert daemon_problems(parse_docker_flags("-m 4m")) == ["Minimum memory limit allowed is 6MB"]


def test_the_daemon_refuses_cpus_with_a_quota():
    assert daemon_problems(parse_docker_flags("--cpus=1 --cpu-quota=50000")) == [
        "Conflicting options: Nano CPUs and CPU Quota cannot both be set"
    ]


@pytest.mark.parametrize(
    ("shares", "weight"), [(2, 1), (1024, 100), (262_144, 10_000), (512, 59), (0, 0)]
)
def test_shares_to_weight_fits_the_minimum_default_and_maximum(shares, weight):
    assert shares_to_weight(shares) == weight


def test_the_old_linear_conversion_gave_1024_shares_a_weight_of_39():
    assert shares_to_weight_linear(1024) == 39


def test_a_cpu_limit_becomes_a_quota_per_100_ms():
    [file] = kubernetes_cgroup_files(kubernetes_value("limits.cpu", "500m"))
    assert (file.name, file.value) == ("cpu.max", "50000 100000")


def test_a_cpu_limit_below_10m_gets_the_minimum_quota():
    [file] = kubernetes_cgroup_files(kubernetes_value("limits.cpu", "5m"))
    assert file.value == "1000 100000"


def test_a_cpu_request_becomes_a_weight_through_shares():
    [file] = kubernetes_cgroup_files(kubernetes_value("requests.cpu", "1"))
    assert (file.name, file.value) == ("cpu.weight", "100")


def test_512M_warns_that_512Mi_is_more():
    [warning] = traps(kubernetes_value("limits.memory", "512M"))
    assert "“512Mi” would be 536,870,912 bytes, 4.6% more" in warning


def container(name, requests=None, limits=None):
    def amounts(values):
        return {key: parse_quantity(text).exact() for key, text in (values or {}).items()}

    return ContainerResources(name, amounts(requests), amounts(limits))


def test_no_requests_or_limits_is_best_effort():
    assert qos_class([container("app")]).qos_class == "BestEffort"


def test_limits_only_are_guaranteed_because_requests_default_to_limits():
    pod = [container("app", limits={"cpu": "500m", "memory": "256Mi"})]
    assert qos_class(pod).qos_class == "Guaranteed"


def test_a_request_below_its_limit_is_burstable():
    pod = [container("app", {"cpu": "250m", "memory": "256Mi"}, {"cpu": "500m", "memory": "256Mi"})]
    assert qos_class(pod).qos_class == "Burstable"


def test_a_sidecar_without_resources_makes_the_pod_burstable():
    pod = [container("app", limits={"cpu": "1", "memory": "1Gi"}), container("sidecar")]
    verdict = qos_class(pod)
    assert verdict.qos_class == "Burstable"
    assert "sidecar" in verdict.reason


CONVERT = [
    (
        {"docker": "--memory=512m", "k8s": "512Mi", "field": "limits.memory"},
        {
            "docker": {"bytes": 536870912},
            "k8s": {"valid": True, "canonical": "512Mi", "bytes": 536870912},
            "equivalent": True,
        },
    ),
    (
        {"docker": "--cpus=1.5", "k8s": "1500m", "field": "limits.cpu"},
        {
            "docker": {
                "nano_cpus": 1500000000,
                "cfs_period_us": None,
                "cfs_quota_us": None,
                "cpu_shares": None,
            },
            "k8s": {"valid": True, "canonical": "1500m", "millicores": 1500},
            "equivalent": True,
        },
    ),
    (
        {"docker": "-m 512M", "k8s": "512M", "field": "limits.memory"},
        {
            "docker": {"bytes": 536870912},
            "k8s": {"valid": True, "canonical": "512M", "bytes": 512000000},
            "equivalent": False,
        },
    ),
    (
        {"docker": "--cpu-shares=512", "k8s": "500m", "field": "requests.cpu"},
        {
            "docker": {
                "nano_cpus": None,
                "cfs_period_us": None,
                "cfs_quota_us": None,
                "cpu_shares": 512,
            },
            "k8s": {"valid": True, "canonical": "500m", "millicores": 500},
            "equivalent": True,
        },
    ),
]


@pytest.mark.parametrize(("line", "answer"), CONVERT)
def test_convert_answers_in_the_issues_format(line, answer):
    assert convert(line) == answer


def test_convert_with_a_quota_over_a_shorter_period_is_still_equivalent():
    line = {"docker": "--cpu-period=50000 --cpu-quota=25000", "k8s": "0.5", "field": "limits.cpu"}
    assert convert(line)["equivalent"] is True


def test_convert_refuses_an_unknown_field():
    with pytest.raises(ValueError, match="field must be one of"):
        convert({"docker": "-m 1g", "k8s": "1Gi", "field": "limits.disk"})


def test_negative_shares_are_raised_to_the_minimum_with_a_warning():
    # moby daemon/daemon_unix.go adaptContainerSettings clamps CPUShares, it does not refuse them.
    limits = parse_docker_flags("--cpu-shares=-5")
    assert daemon_problems(limits) == []
    [file] = cgroup_files(limits)
    assert (file.name, file.value) == ("cpu.weight", "1")
    assert "minimum allowed of 2" in file.why
