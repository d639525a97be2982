"""The network reachability model against the cases Docker documents.

Sources (each test names the one it follows):
- "Networking overview", https://docs.docker.com/engine/network/ ("User-defined networks",
  "Connecting to multiple networks", "Published ports", "DNS services", "Container networks")
- "Bridge network driver", https://docs.docker.com/engine/network/drivers/bridge/ ("Differences between
  user-defined bridges and the default bridge")
- "Host network driver", https://docs.docker.com/engine/network/drivers/host/
- "None network driver", https://docs.docker.com/engine/network/drivers/none/
- "Port publishing and mapping", https://docs.docker.com/engine/network/port-publishing/ ("Publishing
  ports", "Direct routing", "Setting the default bind address for containers")
- Dockerfile reference, EXPOSE, https://docs.docker.com/reference/dockerfile/#expose
- Docker Engine 28 release notes, https://docs.docker.com/engine/release-notes/28/#2800 ("Port
  publishing in bridge networks": moby/moby#48724, moby/moby#49325)
"""

from __future__ import annotations

import pytest

from labs.simulators.networks import (
    ISOLATE_DATABASE,
    ISOLATE_DATABASE_SOLUTION,
    SCENARIOS,
    Container,
    NetworkError,
    Topology,
    addresses,
    answer,
    check_isolation_commands,
    host_reaches,
    parse_commands,
    parse_publish,
    reach_by_ip,
    reach_by_name,
    remote_reaches,
)

DEFAULT_BRIDGE_PAIR = "docker run -d --name web nginx\ndocker run -d --name db postgres:17\n"
USER_DEFINED_PAIR = (
    "docker network create app\n"
    "docker run -d --name web --network app nginx\n"
    "docker run -d --name db --network app postgres:17\n"
)


# --- Names and addresses between containers -------------------------------------------------------


def test_default_bridge_containers_reach_each_other_by_ip():
    """overview, "User-defined networks": containers on the default bridge "have unrestricted network
    access to each other using container IP addresses"."""
    result = reach_by_ip(parse_commands(DEFAULT_BRIDGE_PAIR), "web", "db", 5432)
    assert (result.reachable, result.address) == (True, "172.17.0.3:5432")


def test_default_bridge_containers_cannot_use_names():
    """overview, "User-defined networks": "They cannot refer to each other by name"."""
    result = reach_by_name(parse_commands(DEFAULT_BRIDGE_PAIR), "web", "db", 5432)
    assert (result.reachable, result.rule) == (False, "default-bridge-no-dns")


def test_user_defined_network_containers_reach_each_other_by_name():
    """overview, "User-defined networks": containers "can communicate with each other using container IP
    addresses or container names"."""
    result = reach_by_name(parse_commands(USER_DEFINED_PAIR), "web", "db", 5432)
    assert (result.reachable, result.address) == (True, "db:5432")


def test_names_are_answered_by_the_embedded_dns_server():
    """overview, "DNS services": "The embedded DNS server address is 127.0.0.11"."""
    result = reach_by_name(parse_commands(USER_DEFINED_PAIR), "web", "db")
    assert "127.0.0.11" in result.explanation


def test_a_network_alias_resolves_like_the_name():
    """overview, "IP address and hostname": `docker network connect --alias` adds a network alias."""
    topology = parse_commands(
        "docker network create app\n"
        "docker run -d --name web --network app nginx\n"
        "docker run -d --name db postgres:17\n"
        "docker network connect --alias database app db\n"
    )
    assert reach_by_name(topology, "web", "database", 5432).address == "database:5432"


def test_every_port_is_open_between_containers_on_one_network():
    """bridge, "Containers connected to the same user-defined bridge network effectively expose all ports
    to each other": db publishes nothing, web still reaches 5432."""
    result = reach_by_ip(parse_commands(USER_DEFINED_PAIR), "web", "db", 5432)
    assert (result.reachable, result.rule) == (True, "same-network")


def test_a_port_nothing_listens_on_is_refused():
    result = reach_by_name(parse_commands(USER_DEFINED_PAIR), "web", "db", 3306)
    assert (result.reachable, result.rule) == (False, "nothing-listens")


def test_containers_on_different_networks_are_isolated_even_by_ip():
    """bridge, "User-defined bridges provide better isolation"; overview, "Published ports": ports "are not
    accessible ... from containers in other networks"."""
    topology = parse_commands(
        "docker network create a\ndocker network create b\n"
        "docker run -d --name web --network a nginx\ndocker run -d --name db --network b postgres:17\n"
    )
    result = reach_by_ip(topology, "web", "db", 5432)
    assert (result.reachable, result.rule) == (False, "separate-networks")


def test_a_published_port_is_reachable_from_another_network_through_a_host_address():
    """overview, "Published ports": -p makes a port available "to containers in other bridge networks"."""
    topology = parse_commands(
        "docker network create a\ndocker network create b\n"
        "docker run -d --name web --network a nginx\n"
        "docker run -d --name db --network b -p 5433:5432 postgres:17\n"
    )
    result = reach_by_ip(topology, "web", "db", 5432)
    assert result.notes == (
        "Its published port is reachable through a host address: 172.18.0.1:5433 (-p 5433:5432).",
    )


def test_a_container_on_two_networks_reaches_both_sides():
    """overview, "Connecting to multiple networks": a frontend on one network and a backend on another."""
    topology = parse_commands(SCENARIOS["two-networks"].commands)
    assert reach_by_name(topology, "api", "db", 5432).reachable
    assert reach_by_name(topology, "proxy", "api", 3000).reachable


def test_a_container_on_two_networks_does_not_bridge_them():
    topology = parse_commands(SCENARIOS["two-networks"].commands)
    assert not reach_by_name(topology, "proxy", "db", 5432).reachable


def test_addresses_follow_the_default_address_pools():
    """overview, "Automatic subnet allocation": 172.17.0.0/16, then 172.18.0.0/16, ..."""
    topology = parse_commands(SCENARIOS["two-networks"].commands)
    assert addresses(topology)["api"] == {"front": "172.18.0.3", "back": "172.19.0.2"}


# --- host, none, container: -----------------------------------------------------------------------


def test_a_host_network_app_is_on_the_hosts_own_port():
    """host driver: a container binding port 80 with host networking "is available on port 80 on the host's
    IP address"."""
    topology = parse_commands("docker run -d --name edge --network host nginx\n")
    result = remote_reaches(topology, "edge", 80)
    assert (result.reachable, result.address) == (True, "192.168.1.10:80")


def test_publishing_with_host_networking_is_discarded_with_a_warning():
    """host driver: "-p, --publish, -P, and --publish-all option are ignored, producing a warning"."""
    topology = parse_commands("docker run -d --name edge --network host -p 8080:80 nginx\n")
    assert topology.warnings == (
        "edge: WARNING: Published ports are discarded when using host network mode",
    )
    assert not remote_reaches(topology, "edge", 8080).reachable


def test_a_host_network_container_has_no_name_in_dns():
    topology = parse_commands(
        "docker network create app\ndocker run -d --name edge --network host nginx\ndocker run -d --name web --network app nginx\n"
    )
    assert reach_by_name(topology, "web", "edge", 80).rule == "host-mode"


def test_a_none_container_reaches_nothing():
    """none driver: "Within the container, only the loopback device is created"."""
    topology = parse_commands(
        "docker run -d --name offline --network none alpine\ndocker run -d --name web nginx\n"
    )
    assert reach_by_ip(topology, "offline", "web", 80).rule == "none-loopback-only"


def test_a_none_container_cannot_be_reached():
    topology = parse_commands("docker run -d --name offline --network none --expose 80 alpine\n")
    assert not host_reaches(topology, "offline", 80).reachable


REDIS_SHARED = Topology(
    (
        Container("redis", listens=(6379,), listens_on_loopback=True, image="redis"),
        Container("cli", networks=("container:redis",), image="redis"),
        Container("other", image="redis"),
    )
)


def test_containers_sharing_a_network_stack_meet_on_localhost():
    """overview, "Container networks": Redis binds 127.0.0.1 and `--network container:redis` runs
    `redis-cli -h 127.0.0.1` against it."""
    result = reach_by_ip(REDIS_SHARED, "cli", "redis", 6379)
    assert (result.reachable, result.address) == (True, "127.0.0.1:6379")


def test_an_app_bound_to_loopback_is_unreachable_from_other_containers():
    result = reach_by_ip(REDIS_SHARED, "other", "redis", 6379)
    assert (result.reachable, result.rule) == (False, "loopback-app")


def test_a_shared_network_stack_cannot_publish_ports():
    """overview, "Container networks": --publish is not supported with container:<name>."""
    with pytest.raises(
        NetworkError, match="conflicting options: port publishing and the container type"
    ):
        parse_commands(
            "docker run -d --name a nginx\ndocker run -d --name b --network container:a -p 80:80 nginx\n"
        )


# --- Published ports ------------------------------------------------------------------------------


def test_publishing_without_an_address_binds_every_host_address():
    """port publishing, "Setting the default bind address": ports are published "to all host addresses
    (0.0.0.0 and [::])"."""
    assert parse_publish("8080:80").every_address


def test_the_host_reaches_a_port_published_on_every_address():
    """port publishing, table: `-p 8080:80` maps "port 8080 on the Docker host to TCP port 80"."""
    topology = parse_commands("docker run -d --name web -p 8080:80 nginx\n")
    assert host_reaches(topology, "web", 8080).address == "127.0.0.1:8080"


def test_other_machines_reach_a_port_published_on_every_address():
    """port publishing, IMPORTANT: a published port is available "not only to the Docker host, but to the
    outside world as well"."""
    topology = parse_commands("docker run -d --name web -p 8080:80 nginx\n")
    result = remote_reaches(topology, "web", 8080)
    assert (result.reachable, result.rule) == (True, "published-all-addresses")


def test_a_port_published_on_one_host_address_is_reached_there():
    """port publishing, table: `-p 192.168.1.100:8080:80`."""
    topology = parse_commands("docker run -d --name web -p 192.168.1.100:8080:80 nginx\n")
    assert remote_reaches(topology, "web", 8080).address == "192.168.1.100:8080"


def test_a_port_published_on_loopback_is_reachable_from_the_host():
    """port publishing: with 127.0.0.1 "only the Docker host and its containers can access the published
    container port"."""
    topology = parse_commands("docker run -d --name web -p 127.0.0.1:8080:80 nginx\n")
    assert host_reaches(topology, "web", 8080).reachable


def test_a_port_published_on_loopback_is_not_reachable_from_other_machines():
    topology = parse_commands("docker run -d --name web -p 127.0.0.1:8080:80 nginx\n")
    result = remote_reaches(topology, "web", 8080, direct_routing=True)
    assert (result.reachable, result.rule) == (False, "published-loopback")


def test_before_engine_28_l2_neighbours_reached_loopback_published_ports():
    """port publishing, WARNING: "In releases older than 28.0.0, hosts within the same L2 segment ... can
    reach ports published to localhost" (moby/moby#45610)."""
    commands = "docker run -d --name web -p 127.0.0.1:8080:80 nginx\n"
    result = remote_reaches(
        parse_commands(commands, engine="27.5.1"), "web", 8080, direct_routing=True
    )
    assert (result.reachable, result.rule) == (True, "loopback-before-28")


def test_an_ipv6_loopback_mapping_is_read():
    """port publishing: `-p '[::1]:8080:80'`."""
    mapping = parse_publish("[::1]:8080:80")
    assert (mapping.host_ip, mapping.host_port, mapping.container_port, mapping.loopback) == (
        "::1",
        8080,
        80,
        True,
    )


def test_a_udp_mapping_keeps_its_protocol():
    """port publishing, table: `-p 8080:80/udp`."""
    assert parse_publish("8080:80/udp").protocol == "udp"


def test_a_mapping_without_a_host_port_gets_an_ephemeral_port():
    topology = parse_commands("docker run -d --name web -p 127.0.0.1::80 nginx\n")
    assert host_reaches(topology, "web", 32768).reachable


def test_a_malformed_mapping_is_refused_with_the_reason():
    with pytest.raises(NetworkError, match="a port is a number from 1 to 65535"):
        parse_publish("8080:99999")


def test_two_containers_cannot_publish_the_same_host_port():
    with pytest.raises(
        NetworkError, match=r"Bind for 0\.0\.0\.0:8080 failed: port is already allocated"
    ):
        parse_commands(
            "docker run -d --name a -p 8080:80 nginx\ndocker run -d --name b -p 8080:80 nginx\n"
        )


def test_the_host_reaches_an_unpublished_port_on_the_container_ip():
    """Engine 28.0.0 notes: "Unpublished container ports continue to be directly accessible from the Docker
    host via the container's IP address"."""
    result = host_reaches(parse_commands(DEFAULT_BRIDGE_PAIR), "db", 5432)
    assert (result.reachable, result.address) == (True, "172.17.0.3:5432")


def test_expose_does_not_publish():
    """Dockerfile reference, EXPOSE: "The EXPOSE instruction doesn't actually publish the port"."""
    topology = parse_commands("docker run -d --name api --expose 3000 node:22\n")
    result = remote_reaches(topology, "api", 3000)
    assert (result.reachable, result.rule) == (False, "not-published")
    assert "EXPOSE documents a port" in result.notes[0]


def test_publish_all_maps_every_exposed_port_to_a_high_port():
    """Dockerfile reference, EXPOSE: "-P flag to publish all exposed ports and map them to high-order
    ports"."""
    topology = parse_commands("docker run -d --name web -P nginx\n")
    assert remote_reaches(topology, "web", 32768).reachable


# --- Direct routing (Engine 28) -------------------------------------------------------------------


def test_engine_28_blocks_direct_routing_to_unpublished_ports():
    """Engine 28.0.0: "Direct routed access to container ports that are not exposed using -p/--publish is
    now blocked" (moby/moby#48724)."""
    result = remote_reaches(parse_commands(DEFAULT_BRIDGE_PAIR), "db", 5432, direct_routing=True)
    assert (result.reachable, result.rule) == (False, "direct-routing-blocked")


def test_before_engine_28_direct_routing_could_reach_unpublished_ports():
    result = remote_reaches(
        parse_commands(DEFAULT_BRIDGE_PAIR, engine="27.5.1"), "db", 5432, direct_routing=True
    )
    assert (result.reachable, result.address) == (True, "172.17.0.3:5432")


def test_without_a_route_another_machine_only_sees_published_ports():
    """port publishing, "Direct routing": remote hosts "can only access ports published to host IP
    addresses"."""
    result = remote_reaches(parse_commands(DEFAULT_BRIDGE_PAIR, engine="27.5.1"), "db", 5432)
    assert result.rule == "not-published"


def test_an_invalid_engine_version_is_refused():
    with pytest.raises(NetworkError, match="is not a Docker Engine version"):
        parse_commands(DEFAULT_BRIDGE_PAIR, engine="latest")


# --- Commands -------------------------------------------------------------------------------------


def test_a_network_must_exist_before_a_container_joins_it():
    with pytest.raises(NetworkError, match="Line 1: network backend not found"):
        parse_commands("docker run -d --name db --network backend postgres:17\n")


def test_an_option_the_simulator_does_not_know_is_named():
    with pytest.raises(NetworkError, match="Line 1: docker run --privileged is not simulated"):
        parse_commands("docker run -d --privileged --name db postgres:17\n")


def test_a_container_needs_a_name():
    with pytest.raises(NetworkError, match="give the container a --name"):
        parse_commands("docker run -d postgres:17\n")


def test_an_unknown_question_is_refused():
    with pytest.raises(NetworkError, match="unknown question 'ping'"):
        answer(parse_commands(DEFAULT_BRIDGE_PAIR), "ping", "web", "db")


def test_every_scenario_answers_its_questions():
    for scenario in SCENARIOS.values():
        topology = parse_commands(scenario.commands)
        for kind, source, target, port in scenario.questions:
            assert answer(topology, kind, source, target, port).explanation


# --- The exercise ---------------------------------------------------------------------------------


def test_the_starting_commands_do_not_solve_the_exercise():
    result = check_isolation_commands(ISOLATE_DATABASE.starting_commands)
    assert [check.passed for check in result.checks] == [False, False, False, False, True]


def test_the_model_solution_solves_the_exercise():
    assert check_isolation_commands(ISOLATE_DATABASE_SOLUTION).solved


def test_connecting_web_to_a_backend_network_later_also_solves_it():
    commands = (
        "docker network create backend\n"
        "docker run -d --name db --network backend postgres:17\n"
        "docker run -d --name web -p 8080:80 nginx\n"
        "docker run -d --name cache redis:7\n"
        "docker network connect backend web\n"
    )
    assert check_isolation_commands(commands).solved


def test_another_container_on_the_database_network_fails_the_exercise():
    commands = ISOLATE_DATABASE_SOLUTION.replace(
        "--name cache redis:7", "--name cache --network backend redis:7"
    )
    result = check_isolation_commands(commands)
    assert result.problems == (
        "No other container reaches db: cache: cache and db are both on the user-defined network backend: "
        "Docker's embedded DNS server (127.0.0.11) answers db with db's address there.",
    )


def test_publishing_the_database_on_loopback_still_fails_the_exercise():
    commands = ISOLATE_DATABASE_SOLUTION.replace(
        "--network backend postgres", "--network backend -p 127.0.0.1:5432:5432 postgres"
    )
    result = check_isolation_commands(commands)
    assert [check.title for check in result.checks if not check.passed] == ["db publishes no port"]


def test_taking_web_off_the_internet_fails_the_exercise():
    commands = ISOLATE_DATABASE_SOLUTION.replace(" -p 8080:80", "")
    result = check_isolation_commands(commands)
    assert [check.title for check in result.checks if not check.passed] == [
        "web still serves port 8080"
    ]


def test_commands_that_do_not_parse_fail_the_exercise_with_the_reason():
    result = check_isolation_commands("docker run -d --name db --network backend postgres:17\n")
    assert result.problems == ("Commands: Line 1: network backend not found",)


def test_a_container_reaches_itself_on_localhost():
    result = reach_by_name(parse_commands(USER_DEFINED_PAIR), "db", "db", 5432)
    assert result.notes == ("localhost:5432",)


def test_short_options_with_attached_values_are_read():
    topology = parse_commands("docker run -dit --name web -p8080:80 nginx\n")
    assert remote_reaches(topology, "web", 8080).reachable


def test_an_alias_needs_a_user_defined_network():
    """Docker refuses `--network-alias` on the default bridge: aliases live in the embedded DNS."""
    with pytest.raises(
        NetworkError, match="alias is supported only for containers in user defined"
    ):
        parse_commands("docker run -d --name db --network-alias database postgres:17\n")


def test_network_create_accepts_the_bridge_driver_option():
    topology = parse_commands(
        "docker network create -d bridge app\ndocker run -d --name web --network app nginx\n"
    )
    assert topology.networks == ("app",)


def test_network_create_refuses_other_drivers():
    with pytest.raises(NetworkError, match=r"only bridge networks are simulated \(not overlay\)"):
        parse_commands("docker network create --driver=overlay app\n")


def test_a_udp_only_mapping_does_not_answer_a_tcp_connection():
    """port publishing, table: `-p 8080:80/udp` maps "UDP port 80"; the questions are TCP connections."""
    topology = parse_commands("docker run -d --name dns -p 8053:53/udp --expose 53 alpine\n")
    result = remote_reaches(topology, "dns", 8053)
    assert not result.reachable
    assert result.notes == (
        "-p 8053:53/udp publishes UDP only: a TCP connection to port 8053 finds nothing.",
    )


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("80", ("", None, 80, "tcp")),
        ("8080:80", ("", 8080, 80, "tcp")),
        ("127.0.0.1::80", ("127.0.0.1", None, 80, "tcp")),
        (
            "::1:8080:80",
            ("::1", 8080, 80, "tcp"),
        ),  # everything before the last two parts is the address
        ("[::1]:8080:80", ("::1", 8080, 80, "tcp")),
        ("8080:80/UDP", ("", 8080, 80, "udp")),
    ],
)
def test_publish_values_are_split_like_go_connections_nat(spec, expected):
    """docker/go-connections nat.ParsePortSpec (splitParts, SplitProtoPort, the [] strip)."""
    mapping = parse_publish(spec)
    assert (
        mapping.host_ip,
        mapping.host_port,
        mapping.container_port,
        mapping.protocol,
    ) == expected


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("8080:", "no port specified: 8080:<empty>"),
        ("80/icmp", "invalid proto: icmp"),
        ("localhost:8080:80", "invalid IP address: localhost"),
    ],
)
def test_bad_publish_values_get_docker_s_message(spec, message):
    with pytest.raises(NetworkError, match=message):
        parse_publish(spec)
