"""The free-text grader on the oom-killed rubric: how a careful interviewer would judge.

Every answer here was written for these tests (none is taken from the labelled corpus), one class of
expression per test, as the labelling guide (docs/grading/oom-killed.md) grades it.
"""

from __future__ import annotations

import pytest

from tests.drills.rubrics import RubricProbe

drill = RubricProbe("oom-killed")
level = drill.level
flags = drill.flags


# --- what-happened: the limit and the kill ------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "It got OOM-killed.",
        "Classic OOMKilled, so it's memory.",
        "An out-of-memory crash.",
        "A memory issue.",
    ],
)
def test_naming_the_oom_alone_earns_one(answer):
    assert level(answer, "what-happened") == 1


@pytest.mark.parametrize(
    "answer", ["zz OOM ??? qwe -- 0x1", "Exit 137 is always OOM, nothing to look into."]
)
def test_a_bare_oom_in_noise_or_in_a_wrong_claim_earns_nothing(answer):
    assert level(answer, "what-happened") == 0


def test_the_oom_kill_counter_in_the_cgroup_is_not_the_mechanism():
    answer = (
        "The OOM killer fired: the cgroup's memory.events file has oom_kill at 4, one per restart."
    )
    assert level(answer, "what-happened") == 1


def test_quoting_the_inspect_field_as_evidence_is_not_saying_what_happened():
    answer = (
        "Exit 137 alone could be a docker kill; `OOMKilled: true` plus the kernel log proves it."
    )
    assert level(answer, "what-happened") == 0


# --- confirm-and-measure: a tool, and what it tells ---------------------------------------------------


def test_a_conditional_about_a_leak_is_not_what_the_tool_tells():
    answer = "I'd run docker stats; if it's a leak, raising the limit only buys time."
    assert level(answer, "confirm-and-measure") == 1


def test_increasing_the_limit_is_not_a_trend_seen_in_the_metrics():
    answer = "Look at Prometheus, then increase the limit to 1 GB."
    assert level(answer, "confirm-and-measure") == 1


def test_building_a_dashboard_for_later_is_not_investigating_now():
    answer = "I'd add a Grafana dashboard for the team."
    assert level(answer, "confirm-and-measure") == 0


def test_a_heap_snapshot_used_to_fix_the_leak_is_not_the_confirmation():
    answer = "I'd track down the leak with a heap snapshot, because the objects keep growing, and fix the code."
    assert level(answer, "confirm-and-measure") == 0


# --- leak-or-limit: a cause, and the evidence that tells it apart --------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "It probably just needs more memory during the holiday traffic peak.",
        "The Black Friday traffic surge pushes it past 512 MiB.",
    ],
)
def test_load_peaks_named_as_the_cause_earn_one(answer):
    assert level(answer, "leak-or-limit") == 1


@pytest.mark.parametrize(
    "answer",
    [
        "Rising baseline after every GC → leak.",
        "A climbing floor between collections means a leak.",
    ],
)
def test_a_rising_floor_tells_a_leak(answer):
    assert level(answer, "leak-or-limit") == 2


# --- fix-the-cause: a fix, and what grounds it -------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "- fix: limit = observed peak + 25% for headroom",
        "Set mem_limit at the measured peak plus a margin.",
    ],
)
def test_a_limit_sized_from_the_peak_earns_it(answer):
    assert level(answer, "fix-the-cause") == 2


def test_a_heap_set_to_a_share_of_the_limit_with_room_earns_it():
    answer = (
        "Heap at about 70% of the limit, which leaves room for native memory and thread stacks."
    )
    assert level(answer, "fix-the-cause") == 2


@pytest.mark.parametrize(
    "answer",
    [
        "```dockerfile\nFROM node:22-slim\n# V8 must collect before the kernel kills it at 512 MiB\n"
        "ENV NODE_OPTIONS=--max-old-space-size=400\n```",
        "```dockerfile\nFROM eclipse-temurin:21-jre\n# leaves a quarter of the limit for thread stacks and buffers\n"
        "ENV JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75\n```",
    ],
)
def test_a_heap_flag_set_in_the_image_with_a_comment_earns_it(answer):
    assert level(answer, "fix-the-cause") == 2


@pytest.mark.parametrize(
    "answer",
    [
        "Take a heap dump, see which objects pile up, and patch the code.",
        "A profiler run shows what keeps growing; then we fix it.",
    ],
)
def test_a_leak_fix_found_with_a_heap_dump_earns_it(answer):
    assert level(answer, "fix-the-cause") == 2


def test_a_load_test_for_next_time_does_not_ground_todays_fix():
    answer = "**Fix:** more memory.\n\n**Later:** a load test in CI that reports peak memory."
    assert level(answer, "fix-the-cause") == 1


def test_more_ram_alone_names_a_fix():
    assert level("OOM. More RAM.", "fix-the-cause") == 1


def test_using_more_memory_than_allowed_is_not_a_fix():
    assert level("It used more memory than the container allows.", "fix-the-cause") == 0


# --- prevent-recurrence: a safeguard, and what it buys -------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "OOM. Alerting.",
        "Then alerts.",
        "We'd keep an eye on memory going forward.",
        "I'd add a Grafana dashboard for the team.",
        "dmesg / loadtest",
    ],
)
def test_a_safeguard_named_alone_earns_one(answer):
    assert level(answer, "prevent-recurrence") == 1


def test_a_load_test_that_sized_the_limit_is_not_a_safeguard():
    answer = "```yaml\nservices:\n  api:\n    mem_limit: 900m   # the load test peaked at 700 MiB, so the kernel won't kill it\n```"
    assert level(answer, "prevent-recurrence") == 0


@pytest.mark.parametrize(
    "answer",
    [
        "With restart: always it recovers on its own, so it's not urgent; I'd add load tests later.",
        "The restart policy heals it automatically and users barely notice, but I'd set up memory alerts.",
    ],
)
def test_trusting_the_restart_policy_outweighs_a_named_safeguard(answer):
    assert level(answer, "prevent-recurrence") == 0
    assert "trusts-restarts" in flags(answer)


def test_requests_in_a_manifest_with_a_comment_earn_prevention():
    answer = (
        "```yaml\nresources:\n  requests:\n"
        "    # from the measured p95, so the scheduler picks a node that really has the memory\n"
        "    memory: 640Mi\n```"
    )
    assert level(answer, "prevent-recurrence") == 2


def test_a_load_test_that_told_the_peak_is_a_measurement_not_a_safeguard():
    answer = "The load test told us the real peak was 700 MiB."
    assert level(answer, "prevent-recurrence") == 0


# --- the guide's decision rules, in new words -------------------------------------------------------------


def test_reading_the_limit_from_the_numbers_and_the_kill_earns_what_happened():
    answer = "HostConfig.Memory 536870912 is 512 MiB; usage went past that and the kernel killed the process."
    assert level(answer, "what-happened") == 2


@pytest.mark.parametrize(
    "answer", ["I doubt it's a leak; it's simply traffic.", "That's no leak, it's only the load."]
)
def test_a_dismissed_leak_names_load_as_the_cause(answer):
    assert level(answer, "leak-or-limit") == 1


def test_a_heap_that_grows_past_the_limit_tells_the_heap_cause():
    answer = "Node is unaware of the cgroup limit, so its heap grows past 512 MiB before V8 ever collects."
    assert level(answer, "leak-or-limit") == 2


@pytest.mark.parametrize(
    "answer",
    [
        "Bumping the limit alone hides the leak; I'd track it down with a heap snapshot instead.",
        "Don't only raise the limit, that masks the leak; find it with a heap profiler.",
    ],
)
def test_not_only_bumping_the_limit_but_finding_the_leak_earns_the_fix(answer):
    assert level(answer, "fix-the-cause") == 2


def test_doubling_the_limit_without_measuring_names_a_fix():
    assert level("Honestly I'd just double the memory limit to be safe.", "fix-the-cause") == 1


def test_letting_docker_deal_with_it_trusts_the_restarts():
    answer = "Set restart: always and let Kubernetes handle it; maybe add some alerts later."
    assert level(answer, "prevent-recurrence") == 0
    assert "trusts-restarts" in flags(answer)


def test_what_most_people_do_is_not_the_candidates_fix():
    answer = "Many engineers just bump the memory limit and move on."
    assert level(answer, "fix-the-cause") == 0


def test_an_alert_at_a_percentage_of_the_limit_with_why_earns_it():
    answer = "I'd alert at 85% so the on-call sees the climb before the next kill."
    assert level(answer, "prevent-recurrence") == 2


def test_an_alert_or_an_eye_kept_on_something_else_is_not_a_safeguard():
    answer = "Sales wants an alert for big orders, and we keep an eye on churn going forward."
    assert level(answer, "prevent-recurrence") == 0


# --- red flags: the bad practice in other words ------------------------------------------------------------


def test_more_cpus_as_the_fix_blames_cpu():
    answer = "I'd double the CPUs with --cpus=4."
    assert level(answer, "fix-the-cause") == 0
    assert "blames-cpu" in flags(answer)


def test_dropping_the_memory_flag_removes_the_limit():
    answer = "I'd drop the `--memory` flag so it can use what the host has."
    assert level(answer, "fix-the-cause") == 0
    assert "removes-limit" in flags(answer)


def test_letting_it_spill_to_swap_reaches_for_swap():
    assert "swap-as-fix" in flags("Raise --memory-swap a lot higher so it can spill into swap.")


# --- fixes shown as commands and flags ----------------------------------------------------------------------


def test_docker_update_to_a_measured_limit_earns_the_fix():
    answer = "`docker update --memory 768m orders-api` (measured peak 600 MiB + headroom)."
    assert level(answer, "fix-the-cause") == 2


def test_a_heap_flag_with_its_purpose_earns_the_fix():
    answer = "Run it with `--max-old-space-size=400` so V8 collects before the kernel acts."
    assert level(answer, "fix-the-cause") == 2


def test_a_heap_flag_above_the_limit_in_a_diagnosis_is_not_a_fix():
    answer = "If NODE_OPTIONS has --max-old-space-size=2048, V8 thinks it has 2 GB and the kernel kills it first."
    assert level(answer, "fix-the-cause") == 0


def test_fixing_the_retaining_code_after_a_heap_snapshot_earns_the_fix():
    answer = "- leak: take a heap snapshot, then fix the retaining code"
    assert level(answer, "fix-the-cause") == 2


def test_the_kubernetes_limit_crossed_and_the_kernel_kill_earn_what_happened():
    answer = "The pod went past limits.memory, so the node's kernel killed it: Exit Code 137."
    assert level(answer, "what-happened") == 2


def test_kubernetes_limits_set_to_the_peak_with_headroom_earn_the_fix():
    answer = "I'd set limits.memory to the peak plus 25% headroom."
    assert level(answer, "fix-the-cause") == 2
