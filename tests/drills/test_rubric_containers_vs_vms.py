"""The free-text grader on the containers-vs-vms rubric: how a careful interviewer would judge.

Every answer here was written for these tests (none is taken from the labelled corpus), one class of
expression per test, as the labelling guide (docs/grading/containers-vs-vms.md) grades it.
"""

from __future__ import annotations

import pytest

from tests.conftest import real_course
from tests.drills.rubrics import RubricProbe

drill = RubricProbe("containers-vs-vms")
level = drill.level
flags = drill.flags


# --- kernel: both sides of the comparison, said any way and anywhere --------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "Each VM brings a complete guest OS. Containers, by contrast, use the kernel the host already runs.",
        "A virtual machine boots a kernel of its own.\nA container runs on the node's kernel like any "
        "other process.",
        "Containers borrow the host's kernel; a VM never shares it with anyone.",
        "The container uses the host's. VMs each have their own kernel and operating system.",
    ],
)
def test_the_two_sides_of_the_kernel_comparison_earn_it(answer):
    assert level(answer, "kernel") == 2


@pytest.mark.parametrize(
    "answer",
    [
        "- VM: runs its own guest kernel on virtual hardware\n- container: a process on the host kernel",
        "**VMs.** Every guest boots a full operating system.\n**Containers.** They share the host OS.",
    ],
)
def test_the_two_sides_in_separate_bullets_earn_the_comparison(answer):
    assert level(answer, "kernel") == 2


@pytest.mark.parametrize(
    "answer",
    [
        "Containers share the host's kernel. Since every container uses that single kernel, they are "
        "cheap.",
        "A VM has its own kernel. Each virtual machine boots a separate operating system.",
    ],
)
def test_one_side_said_twice_is_one_side(answer):
    assert level(answer, "kernel") == 1


@pytest.mark.parametrize(
    "answer",
    [
        "Containers are tiny virtual machines with their own kernel, and VMs are the big ones.",
        "Every container gets its own small guest OS, while a VM gets a large one.",
    ],
)
def test_containers_with_a_kernel_of_their_own_is_a_factual_error(answer):
    assert level(answer, "kernel") == 0


# --- primitives ------------------------------------------------------------------------------------


def test_cgroups_limiting_memory_by_default_is_a_wrong_fact_that_caps_at_one():
    answer = (
        "Namespaces give each container its own process list and network, and cgroups cap every "
        "container's memory by default so nothing can starve the host."
    )
    assert level(answer, "primitives") == 1


def test_kubernetes_namespaces_per_tenant_are_not_the_kernel_feature():
    answer = (
        "Every customer gets a Kubernetes namespace of their own, so their pods are isolated from "
        "each other."
    )
    assert level(answer, "primitives") == 0


# --- tradeoffs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "A container is up in about the time its process takes, and a single server runs far more "
        "containers than VMs.",
        "Containers come up in about a second and they are small, since the image is only user space.",
        "Nothing has to boot, so a container starts right away; the image is tiny next to a VM disk "
        "image.",
    ],
)
def test_two_different_practical_differences_earn_the_tradeoffs(answer):
    assert level(answer, "tradeoffs") == 2


def test_a_wrong_direction_stated_as_fact_earns_nothing():
    answer = "Containers start quicker, but they use more memory than VMs because of the layers."
    assert level(answer, "tradeoffs") == 0


def test_lightweight_as_a_bare_adjective_in_a_definition_earns_nothing():
    answer = "A container is a lightweight, portable bundle of an app and its dependencies."
    assert level(answer, "tradeoffs") == 0


# --- isolation -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "VMs are more secure because they have antivirus in the guest.",
        "Security: VM better.",
        "A VM is the safer choice, and it runs on a hypervisor.",
    ],
)
def test_the_comparison_without_a_real_reason_earns_one(answer):
    assert level(answer, "isolation") == 1


@pytest.mark.parametrize(
    "answer",
    [
        "Isolation with a VM is stronger: an attacker has to get through the hypervisor, whereas in a "
        "container one kernel exploit reaches the host.",
        "Containers sit on one shared kernel, so a single kernel bug lets a process break out; a VM "
        "is the harder boundary.",
        "From inside a container a kernel exploit is enough to escape, while from a VM you would also "
        "need a hypervisor bug.",
    ],
)
def test_the_comparison_with_the_shared_kernel_reason_earns_isolation(answer):
    assert level(answer, "isolation") == 2


def test_a_kernel_explanation_elsewhere_is_not_the_security_reason():
    answer = (
        "A VM has its own kernel on a hypervisor; a container uses the host's kernel. Containers "
        "start faster. VMs are more secure."
    )
    assert level(answer, "isolation") == 1


def test_the_risk_without_the_comparison_earns_one():
    answer = "A bug in the kernel could let a process escape its container and reach the host."
    assert level(answer, "isolation") == 1


def test_accurate_nuance_about_firecracker_is_not_a_wrong_claim():
    answer = (
        "A Firecracker microVM boots in about 125 ms, yet it still puts a guest kernel behind a "
        "hypervisor, so it is a stronger boundary than a container, where one kernel exploit "
        "reaches the host."
    )
    assert level(answer, "isolation") == 2
    assert level(answer, "tradeoffs") != 0


# --- when-vm ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "I'd pick a VM for code our clients upload. A Windows-only service is the other case.",
        "Plugins written by strangers go in VMs. So does anything that needs its own kernel module.",
        "Still a VM for:\n- jobs submitted by customers\n- auditors who demand hardware isolation",
    ],
)
def test_two_different_cases_earn_when_vm_without_a_joining_word(answer):
    assert level(answer, "when-vm") == 2


@pytest.mark.parametrize(
    "answer",
    [
        "I'd use a VM for untrusted code, for example jobs submitted by our customers.",
        "A VM is the answer when the workload needs a custom kernel module or a patched kernel.",
    ],
)
def test_one_case_told_twice_is_one_case(answer):
    assert level(answer, "when-vm") == 1


def test_never_hosting_customer_code_in_a_plain_container_is_the_untrusted_case():
    answer = "I wouldn't put a customer's code in a plain container; a Windows app needs a VM too."
    assert level(answer, "when-vm") == 2


def test_recommending_containers_for_customer_code_earns_nothing():
    answer = "Containers are as isolated as VMs now, so we run all our customers' jobs in plain containers."
    assert level(answer, "when-vm") == 0
    assert level(answer, "isolation") == 0


def test_freebsd_jails_in_a_history_lesson_are_not_a_case():
    answer = "Before Docker there were FreeBSD jails and Solaris zones."
    assert level(answer, "when-vm") == 0


def test_the_model_answer_flags_nothing():
    model = next(d for d in real_course().drills if d.slug == "containers-vs-vms")
    assert flags(model.model_answer) == set()


def test_sharing_the_hosts_network_is_not_the_kernel_side():
    answer = "Containers share the host's network in host mode. A VM runs its own operating system."
    assert level(answer, "kernel") == 1


def test_a_cgroup_role_in_a_code_comment_pairs_with_namespaces_next_to_the_code():
    answer = (
        "```yaml\nresources:\n  limits:\n    memory: 256Mi  # the kernel enforces this in the "
        "container's cgroup: how much RAM it may use\n```\n"
        "What it may see is separate: the container gets its own PID and network namespaces."
    )
    assert level(answer, "primitives") == 2


def test_cgroups_and_namespaces_with_swapped_roles_earn_nothing():
    answer = "The cgroups hide the host's processes, and namespaces are what cap the memory."
    assert level(answer, "primitives") == 0


def test_a_plain_container_for_hostile_code_called_a_mistake_is_the_comparison():
    answer = (
        "Putting hostile code in a plain container is a mistake: every container shares the host "
        "kernel, so one kernel exploit is an escape to the host."
    )
    assert level(answer, "isolation") == 2


def test_what_containers_cannot_run_is_a_case_for_a_vm_not_a_rejection():
    answer = "Containers can't run Windows software on a Linux host, so that needs a VM."
    assert level(answer, "when-vm") == 1


def test_a_vm_that_carries_an_os_is_the_vm_side():
    answer = "Each VM carries an operating system and its kernel, while containers use the host's kernel."
    assert level(answer, "kernel") == 2


def test_the_hypervisors_smaller_attack_surface_is_the_comparison():
    answer = (
        "The hypervisor is a much smaller attack surface than the kernel every container shares, "
        "where one exploit reaches the host."
    )
    assert level(answer, "isolation") == 2


def test_a_kind_of_lightweight_vm_with_its_own_small_os_raises_the_small_vm_flag():
    answer = (
        "A container is a sort of mini virtual machine, and every container has its own tiny OS."
    )
    assert "container-is-small-vm" in flags(answer)


def test_calling_containers_as_secure_as_vms_raises_the_sandbox_flag():
    answer = "They're equally as safe as VMs once you drop root, so tenants can share a host."
    assert "container-as-sandbox" in flags(answer)


def test_swapped_roles_raise_the_roles_swapped_flag():
    answer = "Namespaces are what cap a container's memory, and cgroups hide the other processes."
    assert "roles-swapped" in flags(answer)


def test_warning_about_a_missing_cgroup_limit_names_the_cgroup_role():
    answer = (
        "With no cgroup limits a single container can consume all the RAM on the node, so I set "
        "them. Namespaces decide what the container can see: its own PIDs and mounts."
    )
    assert level(answer, "primitives") == 2


def test_docker_desktop_therefore_containers_are_vms_is_a_factual_error():
    answer = "On Windows, Docker Desktop uses a VM, so containers are effectively VMs with a kernel each."
    assert level(answer, "kernel") == 0


def test_a_shared_kernel_bug_that_compromises_every_container_is_the_risk():
    answer = "Every container depends on the one kernel, and a single kernel flaw compromises all containers."
    assert level(answer, "isolation") == 1


def test_ready_in_well_under_a_second_is_the_start_up_difference():
    answer = "A container is ready in well under a second, and its image is tens of megabytes."
    assert level(answer, "tradeoffs") == 2


def test_a_vm_reporting_its_own_kernel_version_is_not_a_case_for_a_vm():
    answer = "Inside a VM, `uname -r` shows the guest's kernel version, not the host's."
    assert level(answer, "when-vm") == 0


def test_not_using_containers_for_hostile_code_is_the_untrusted_case():
    answer = "I'd avoid using containers for hostile tenants; VMs are for them."
    assert level(answer, "when-vm") == 1


def test_not_trusting_containers_with_customer_code_because_of_the_kernel_is_isolation():
    answer = (
        "I don't trust containers with customer code: they all share the host kernel, so one "
        "kernel exploit is enough to escape."
    )
    assert level(answer, "isolation") == 2


def test_a_container_that_never_boots_a_kernel_against_a_vm_that_boots_one_earns_kernel():
    answer = "A container never boots a kernel at start-up, whereas each guest boots its own."
    assert level(answer, "kernel") == 2


def test_a_hypothetical_kernel_of_their_own_is_not_a_factual_error():
    answer = (
        "If containers had a kernel of their own they'd be VMs; instead they use the host's kernel."
    )
    assert level(answer, "kernel") == 1


def test_arbitrary_code_from_tenants_is_the_untrusted_case():
    answer = "Tenants who upload arbitrary code get a VM each."
    assert level(answer, "when-vm") == 1


def test_the_namespace_role_without_the_word_namespace_earns_one():
    answer = "The kernel shows each container only its own processes and network, and nothing else."
    assert level(answer, "primitives") == 1


def test_running_on_the_host_is_not_by_itself_the_security_reason():
    answer = "VMs are more secure. Containers run directly on the host, so they start fast."
    assert level(answer, "isolation") == 1


def test_getting_resources_through_the_hypervisor_is_not_the_isolation_comparison():
    answer = (
        "A VM still has to get its CPU time through the hypervisor, and a kernel bug can crash it."
    )
    assert level(answer, "isolation") == 1
