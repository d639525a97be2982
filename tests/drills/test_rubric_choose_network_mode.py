"""The choose-network-mode rubric on classes of answers a careful interviewer credits (or does not).

Each test is a class of expression found while tuning on the corpus's tune split, written afresh here:
one behaviour per test, asserted as the level the candidate would see.
"""

from __future__ import annotations

from tests.drills.rubrics import RubricProbe

drill = RubricProbe("choose-network-mode")
level = drill.level


# --- database-unpublished -------------------------------------------------------------------------


def test_nothing_published_for_the_database_names_the_idea():
    assert level("Nothing gets published for Postgres.", "database-unpublished") == 1
    assert level("For the database, none of its ports are published.", "database-unpublished") == 1


def test_the_database_port_left_unpublished_names_the_idea():
    assert level("Leave 5432 unpublished.", "database-unpublished") == 1
    assert level("The Postgres container just stays unpublished.", "database-unpublished") == 1


def test_outside_with_no_route_in_is_a_reason():
    answer = "The database gets no published port, so the outside world has no route to it."
    assert level(answer, "database-unpublished") == 2
    answer = "Postgres publishes nothing: external machines should not be able to reach it at all."
    assert level(answer, "database-unpublished") == 2


def test_the_api_as_the_only_client_is_a_reason():
    answer = (
        "I would not publish the database, since the API is the only thing that ever talks to it."
    )
    assert level(answer, "database-unpublished") == 2


def test_a_comment_saying_no_ports_under_the_database_service_counts():
    answer = (
        "```yaml\nservices:\n  api:\n    ports: ['443:8443']\n  db:\n    image: postgres:18\n"
        "    # no ports, so nothing outside the host can connect to it\n```"
    )
    assert level(answer, "database-unpublished") == 2


def test_no_port_mappings_under_host_networking_is_not_the_idea():
    answer = "With --network host there are no port mappings at all, so it is simpler."
    assert level(answer, "database-unpublished") == 0


def test_code_that_publishes_only_the_api_shows_the_idea():
    answer = (
        "```\ndocker network create backend\n"
        "docker run -d --name db --network backend postgres:18\n"
        "docker run -d --name api --network backend -p 443:8443 api:2.0\n```"
    )
    assert level(answer, "database-unpublished") == 1


def test_code_that_publishes_the_database_too_earns_nothing():
    answer = (
        "```\ndocker run -d --name db -p 5432:5432 postgres:18\n"
        "docker run -d --name api -p 443:8443 api:2.0\n```"
    )
    assert level(answer, "database-unpublished") == 0


# --- publish-api-only -----------------------------------------------------------------------------


def test_the_container_port_published_as_the_host_port_names_the_mapping():
    answer = "The API's port 8443 is mapped to 443 on the host."
    assert level(answer, "publish-api-only") == 1


def test_traffic_getting_in_through_the_mapping_is_a_reason():
    answer = "Only the API gets -p 443:8443. That mapping is how traffic from other hosts gets in."
    assert level(answer, "publish-api-only") == 2
    answer = "Publish 443:8443 on the API: it is the single door in from the outside."
    assert level(answer, "publish-api-only") == 2


def test_binding_all_of_the_hosts_interfaces_is_a_reason():
    answer = "The API gets -p 443:8443, which listens on all the host's interfaces."
    assert level(answer, "publish-api-only") == 2


def test_the_api_on_port_443_without_how_is_partial():
    assert level("Clients should find the API on port 443.", "publish-api-only") == 1


def test_expose_publishes_nothing():
    answer = "I'd start the API with --expose 443 for the clients."
    assert level(answer, "publish-api-only") == 0


def test_a_kubernetes_service_port_is_not_docker_publishing():
    answer = "A Kubernetes Service for the API with port: 443 and targetPort: 8443."
    assert level(answer, "publish-api-only") == 0


# --- avoid-host-default-link ----------------------------------------------------------------------


def test_staying_off_host_networking_rules_it_out():
    answer = "I'd stay off --network host, since the containers would lose their isolation."
    assert level(answer, "avoid-host-default-link") == 2
    answer = "Keep clear of the default bridge: it has no DNS for container names."
    assert level(answer, "avoid-host-default-link") == 2


def test_not_sharing_the_hosts_own_stack_rules_out_host_networking():
    answer = "I wouldn't let the API share the host's own network stack; there'd be no isolation."
    assert level(answer, "avoid-host-default-link") == 2


# --- user-defined-bridge --------------------------------------------------------------------------


def test_networks_defined_in_compose_code_name_the_idea():
    answer = (
        "```yaml\nservices:\n  api:\n    networks: [front, back]\n  db:\n    networks: [back]\n"
        "networks:\n  front: {}\n  back: {}\n```"
    )
    assert level(answer, "user-defined-bridge") == 1


# --- compose-networks -----------------------------------------------------------------------------


def test_compose_restarting_containers_is_not_a_network_reason():
    answer = "I'd use docker compose because it restarts the containers automatically."
    assert level(answer, "compose-networks") == 1


def test_compose_creating_the_network_automatically_is_a_reason():
    answer = "With docker compose the project network is set up automatically."
    assert level(answer, "compose-networks") == 2


def test_a_denial_followed_by_a_colon_and_only_is_not_a_loopback_binding():
    answer = "Don't publish the database port: only the API needs to talk to it."
    assert level(answer, "database-unpublished") == 2


def test_publishing_the_database_only_on_loopback_is_not_the_idea():
    answer = "Publish the database port only on 127.0.0.1 so I can debug from the host."
    assert level(answer, "database-unpublished") == 0


def test_the_database_keeping_its_port_private_names_the_idea():
    assert level("Postgres keeps its port private.", "database-unpublished") == 1


def test_the_network_compose_creates_is_a_user_defined_network():
    answer = (
        "Compose puts both services on a network it creates, so they resolve each other by name."
    )
    assert level(answer, "user-defined-bridge") == 2
    answer = "Both services join the project network, where db resolves by its service name."
    assert level(answer, "user-defined-bridge") == 2


def test_a_kubernetes_ingress_on_443_is_not_partial_credit():
    answer = "In Kubernetes the API gets an Ingress with TLS on 443."
    assert level(answer, "publish-api-only") == 0


def test_traffic_from_outside_reaching_the_container_is_a_reason():
    answer = (
        "For the API, -p 443:8443, because that's how requests from the internet get to port 8443."
    )
    assert level(answer, "publish-api-only") == 2


def test_the_default_bridge_without_dns_described_before_the_fix_rules_it_out():
    answer = (
        "Containers start on the default bridge, which has no DNS, so the API couldn't find db "
        "by name. So I'd create my own network."
    )
    assert level(answer, "avoid-host-default-link") == 2
    answer = "On the default bridge containers can't resolve each other by name."
    assert level(answer, "avoid-host-default-link") == 2


def test_calling_host_networking_a_mistake_rules_it_out():
    answer = "Using the host network would be a mistake, since ports would collide with the host's."
    assert level(answer, "avoid-host-default-link") == 2
    answer = "The default bridge is a bad idea here: it gives no name resolution."
    assert level(answer, "avoid-host-default-link") == 2


def test_without_port_mappings_as_a_hypothetical_about_the_api_is_not_the_idea():
    answer = "Without port mappings nobody outside could reach the API, so the API gets one."
    assert level(answer, "database-unpublished") == 0


def test_the_default_bridge_mentioned_near_compose_is_not_a_compose_reason():
    answer = "I'd write a compose file. I wouldn't use the default bridge."
    assert level(answer, "compose-networks") == 1


def test_legacy_is_a_reason_for_dropping_link():
    assert level("Skip --link, it's deprecated.", "avoid-host-default-link") == 2


def test_dns_near_an_avoided_mode_is_a_reason_only_when_its_absence_is_meant():
    answer = "The API finds db by its service name through DNS.\nNo network_mode: host."
    assert level(answer, "avoid-host-default-link") == 1
    answer = "Not the default bridge: there's no embedded DNS on it."
    assert level(answer, "avoid-host-default-link") == 2


def test_the_network_docker_creates_by_default_is_not_a_user_defined_one():
    answer = "Both stay on the network Docker creates by default, docker0."
    assert level(answer, "user-defined-bridge") == 0


def test_dns_on_user_defined_networks_only_is_a_reason_to_avoid_the_default_bridge():
    answer = "Not the default bridge: only user-defined networks get Docker's DNS."
    assert level(answer, "avoid-host-default-link") == 2


def test_a_hypothetical_use_with_its_consequence_rules_the_mode_out():
    answer = (
        "If we ran the pair with host networking, the database would sit right on the host's "
        "ports with no isolation at all."
    )
    assert level(answer, "avoid-host-default-link") == 2
