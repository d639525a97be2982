"""Who can reach whom: Docker Engine's networking rules on a Linux host, one question at a time.

The model is a set of containers, each attached to networks the way `docker run --network` attaches it:

  bridge          the default bridge (what a container joins when no --network is given)
  <name>          a user-defined bridge network (`docker network create <name>`); a container can join
                  several
  host            the host's own network stack: no container IP, no port mapping (-p is discarded
                  with a warning), the app's ports are the host's ports
  none            only a loopback interface
  container:<x>   the network stack of container x: same addresses, same ports, localhost is shared

Each answer names the rule that decided it (and the page that documents it):

  - Containers on the same network reach each other by IP on every port the app listens on;
    EXPOSE and -p do not matter inside a network.
  - Names resolve only on user-defined networks, through Docker's embedded DNS server at 127.0.0.11;
    on the default bridge containers have each other's IP only (legacy --link aside).
  - Containers on different bridge networks are isolated: neither names nor IPs work across them.
    A published port is reachable from other networks through a host address.
  - -p 8080:80 publishes on every host address (0.0.0.0 and [::]), so other machines can connect;
    -p 127.0.0.1:8080:80 only on the loopback, so only the host (and its host-network containers)
    can. EXPOSE only documents a port; -P publishes every exposed port on a random high port.
  - The Docker host reaches any bridge container's IP directly, published or not.
  - Direct routing from another machine to a container's IP (it needs a route to the bridge
    subnet): Docker Engine 28.0.0 blocks it (moby/moby#48724 for unpublished ports, #49325 for
    published ports and for ports published to 127.0.0.1, which hosts on the same L2 segment could
    reach before, moby/moby#45610). Other machines then reach only ports published to host
    addresses. Before 28.0.0 the host's FORWARD policy decided; the simulator answers "reachable"
    with that caveat.
  - An app that listens on 127.0.0.1 inside its container answers only from its own network stack
    (itself and containers sharing it with container:<x>).

The simulator is about Docker Engine on Linux with the default settings (gateway mode nat, userland
proxy on, no allow-direct-routing); Docker Desktop runs the engine in a VM, where the host cannot reach
container IPs.
"""

from __future__ import annotations

import ipaddress
import re
import shlex
from dataclasses import dataclass, field, replace

DEFAULT_BRIDGE = "bridge"
HOST = "host"
NONE = "none"
CONTAINER_PREFIX = "container:"
DEFAULT_ENGINE_VERSION = "28.0.0"
DEFAULT_HOST_ADDRESS = "192.168.1.10"  # the Docker host's address on its LAN (an example)
EPHEMERAL_PORT_START = 32768  # Linux's ip_local_port_range starts here; -P picks free ports from it
MAX_CONTAINERS = 12
MAX_NETWORKS = 8
MAX_COMMANDS_LENGTH = 4000
NAME_RE = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]*")

# Ports the official images' apps listen on (and EXPOSE), for topologies written as docker commands.
KNOWN_IMAGES: dict[str, tuple[int, ...]] = {
    "nginx": (80,),
    "httpd": (80,),
    "caddy": (80, 443),
    "traefik": (80,),
    "postgres": (5432,),
    "mysql": (3306,),
    "mariadb": (3306,),
    "redis": (6379,),
    "valkey": (6379,),
    "mongo": (27017,),
    "rabbitmq": (5672,),
    "adminer": (8080,),
    "memcached": (11211,),
    "node": (),
    "python": (),
    "alpine": (),
    "busybox": (),
    "ubuntu": (),
    "debian": (),
}

DOCS = {
    "overview": "https://docs.docker.com/engine/network/",
    "bridge": "https://docs.docker.com/engine/network/drivers/bridge/",
    "host": "https://docs.docker.com/engine/network/drivers/host/",
    "none": "https://docs.docker.com/engine/network/drivers/none/",
    "publishing": "https://docs.docker.com/engine/network/port-publishing/",
    "dns": "https://docs.docker.com/engine/network/#dns-services",
    "container": "https://docs.docker.com/engine/network/#container-networks",
    "expose": "https://docs.docker.com/reference/dockerfile/#expose",
    "engine-28": "https://docs.docker.com/engine/release-notes/28/#2800",
}

# rule id -> (title, documentation page)
RULES: dict[str, tuple[str, str]] = {
    "user-defined-dns": (
        "Embedded DNS (127.0.0.11) resolves names on user-defined networks",
        DOCS["dns"],
    ),
    "default-bridge-no-dns": ("No name resolution on the default bridge", DOCS["bridge"]),
    "same-network": ("Containers on the same network reach every port", DOCS["bridge"]),
    "separate-networks": ("Different bridge networks are isolated", DOCS["bridge"]),
    "none-loopback-only": ("--network none has only a loopback interface", DOCS["none"]),
    "host-mode": ("--network host shares the host's stack: no IP, no port mapping", DOCS["host"]),
    "host-mode-no-dns": ("A host-network container uses the host's DNS", DOCS["host"]),
    "shared-namespace": ("container:<name> shares one network stack", DOCS["container"]),
    "shared-namespace-no-name": ("A shared network stack is reached on localhost", DOCS["container"]),
    "host-reaches-container-ip": ("The Docker host reaches container IPs directly", DOCS["publishing"]),
    "published-all-addresses": ("-p without an address publishes on every host address", DOCS["publishing"]),
    "published-address": ("-p ADDRESS:HOST:CONTAINER publishes on that address only", DOCS["publishing"]),
    "published-loopback": ("-p 127.0.0.1:… is reachable from the host only", DOCS["publishing"]),
    "loopback-before-28": ("Before Engine 28.0.0, L2 neighbours reached loopback-published ports", DOCS["publishing"]),
    "published-via-host-address": ("Published ports are reachable from other networks via a host address", DOCS["publishing"]),
    "not-published": ("Only published ports are reachable from outside the host", DOCS["publishing"]),
    "expose-does-not-publish": ("EXPOSE documents a port; it does not publish it", DOCS["expose"]),
    "direct-routing-blocked": ("Engine 28.0.0 blocks direct routing to container IPs", DOCS["engine-28"]),
    "direct-routing-before-28": ("Before Engine 28.0.0, direct routing could reach container ports", DOCS["engine-28"]),
    "nothing-listens": ("Nothing listens on that port", DOCS["overview"]),
    "loopback-app": ("An app bound to 127.0.0.1 answers only inside its own network stack", DOCS["container"]),
    "no-such-port": ("No published port matches", DOCS["publishing"]),
}  # fmt: skip


class NetworkError(ValueError):
    """The topology or a command is not valid; the message says why (and names the line if any)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(f"Line {line}: {message}" if line else message)
        self.line = line


# --- Topology -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortMapping:
    """One -p/--publish value: [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]."""

    container_port: int
    host_port: int | None = None  # None: Docker picks a free ephemeral port
    host_ip: str = ""  # "": every host address (0.0.0.0 and [::])
    protocol: str = "tcp"
    spec: str = ""

    @property
    def flag(self) -> str:
        """How it was asked for: "-p 8080:80", or "-P (port 80)" for a port -P published."""
        return self.spec if self.spec.startswith("-P") else f"-p {self.spec}"

    @property
    def every_address(self) -> bool:
        return self.host_ip in {"", "0.0.0.0", "::"}

    @property
    def loopback(self) -> bool:
        return bool(self.host_ip) and ipaddress.ip_address(self.host_ip).is_loopback


def _port(text: str, what: str, spec: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise NetworkError(
            f"invalid {what} '{text}' in -p {spec}: a port is a number from 1 to 65535"
        )
    return int(text)


def parse_publish(spec: str) -> PortMapping:
    """A -p value as Docker reads it (go-connections' nat.ParsePortSpec); port ranges are not simulated.

    The last two ":"-separated parts are the host port and the container port; whatever comes before
    is the host address, so an IPv6 address works with or without brackets.
    """
    text = spec.strip()
    parts = text.split(":")
    host_ip = ":".join(parts[:-2])
    host_port_text = parts[-2] if len(parts) >= 2 else ""
    container_text, _, protocol = parts[-1].partition("/")
    protocol = protocol.lower() or "tcp"
    if not container_text:
        raise NetworkError(f"no port specified: {spec}<empty>")
    if protocol not in {"tcp", "udp", "sctp"}:
        raise NetworkError(f"invalid proto: {protocol} (in -p {spec}: use tcp, udp or sctp)")
    if host_ip.startswith("[") and host_ip.endswith("]"):
        host_ip = host_ip[1:-1]
    if "-" in host_port_text or "-" in container_text:
        raise NetworkError(f"port ranges (-p {spec}) are not simulated: publish one port at a time")
    if host_ip:
        try:
            ipaddress.ip_address(host_ip)
        except ValueError:
            raise NetworkError(f"invalid IP address: {host_ip} (in -p {spec})") from None
    return PortMapping(
        container_port=_port(container_text, "container port", spec),
        host_port=_port(host_port_text, "host port", spec) if host_port_text else None,
        host_ip=host_ip,
        protocol=protocol,
        spec=text,
    )


@dataclass(frozen=True)
class Container:
    """One `docker run`: where it is attached, what it publishes, what its app listens on."""

    name: str
    networks: tuple[str, ...] = (DEFAULT_BRIDGE,)
    publish: tuple[PortMapping, ...] = ()
    publish_all: bool = False  # -P
    expose: tuple[int, ...] = ()  # EXPOSE in the image, or --expose
    listens: tuple[int, ...] = ()  # ports the app listens on
    listens_on_loopback: bool = False  # the app binds 127.0.0.1 instead of every address
    aliases: tuple[str, ...] = ()  # --network-alias
    image: str = ""


@dataclass(frozen=True)
class Topology:
    containers: tuple[Container, ...]
    networks: tuple[str, ...] = ()  # user-defined bridge networks, in creation order
    engine_version: str = DEFAULT_ENGINE_VERSION
    host_address: str = DEFAULT_HOST_ADDRESS
    warnings: tuple[str, ...] = ()

    def container(self, name: str) -> Container:
        for container in self.containers:
            if container.name == name:
                return container
        raise NetworkError(f"there is no container named '{name}'")


def engine_version(text: str) -> tuple[int, int, int]:
    match = re.fullmatch(r"v?(\d+)(?:\.(\d+))?(?:\.(\d+))?", text.strip())
    if not match:
        raise NetworkError(f"'{text}' is not a Docker Engine version (for example 28.0.0)")
    return int(match[1]), int(match[2] or 0), int(match[3] or 0)


def _blocks_direct_routing(topology: Topology) -> bool:
    return engine_version(topology.engine_version) >= (28, 0, 0)


def validate(topology: Topology) -> Topology:
    """The topology, checked: unique names, existing networks, modes that cannot be combined, host
    ports published twice. Raises NetworkError with Docker's own wording where it has one."""
    if len(topology.containers) > MAX_CONTAINERS:
        raise NetworkError(f"at most {MAX_CONTAINERS} containers")
    if len(topology.networks) > MAX_NETWORKS:
        raise NetworkError(f"at most {MAX_NETWORKS} networks")
    engine_version(topology.engine_version)
    for network in topology.networks:
        if not NAME_RE.fullmatch(network) or network in {DEFAULT_BRIDGE, HOST, NONE}:
            raise NetworkError(f"'{network}' cannot be the name of a user-defined network")
    if len(set(topology.networks)) != len(topology.networks):
        raise NetworkError("two networks have the same name")
    names = [container.name for container in topology.containers]
    for container in topology.containers:
        if names.count(container.name) > 1:
            raise NetworkError(f'the container name "{container.name}" is already in use')
        _check_attachments(topology, container, names)
    for container in topology.containers:
        _owner(topology, container)  # refuses cycles of container:<name>
    _check_port_conflicts(topology)
    return topology


def _check_attachments(topology: Topology, container: Container, names: list[str]) -> None:
    if not NAME_RE.fullmatch(container.name):
        raise NetworkError(f"'{container.name}' is not a valid container name")
    if not container.networks:
        raise NetworkError(f"{container.name} is attached to no network")
    special = [n for n in container.networks if n in {HOST, NONE} or n.startswith(CONTAINER_PREFIX)]
    if special and len(container.networks) > 1:
        raise NetworkError(
            f"{container.name}: --network {special[0]} cannot be combined with other networks"
        )
    if container.aliases and not any(n in topology.networks for n in container.networks):
        raise NetworkError(
            f"{container.name}: network-scoped alias is supported only for containers in user defined "
            "networks"
        )
    for network in container.networks:
        if network.startswith(CONTAINER_PREFIX):
            owner = network.removeprefix(CONTAINER_PREFIX)
            if owner == container.name or owner not in names:
                raise NetworkError(
                    f"{container.name}: --network {network} names no other container"
                )
            if container.publish or container.publish_all:
                raise NetworkError(
                    f"{container.name}: conflicting options: port publishing and the container type "
                    "network mode"
                )
        elif network not in {DEFAULT_BRIDGE, HOST, NONE} and network not in topology.networks:
            raise NetworkError(f"{container.name}: network {network} not found")


def _check_port_conflicts(topology: Topology) -> None:
    """Two mappings cannot bind one host port and protocol on overlapping host addresses."""
    bound: list[tuple[PortMapping, str]] = []
    for container in topology.containers:
        if _mode(_owner(topology, container)) != "bridge":
            continue
        for mapping in container.publish:
            for other, holder in bound:
                same_port = (mapping.host_port, mapping.protocol) == (
                    other.host_port,
                    other.protocol,
                )
                overlapping = (
                    mapping.every_address or other.every_address or mapping.host_ip == other.host_ip
                )
                if mapping.host_port and same_port and overlapping:
                    address = _bracket(mapping.host_ip or "0.0.0.0")
                    raise NetworkError(
                        f"{container.name}: Bind for {address}:{mapping.host_port} failed: port is "
                        f"already allocated (by {holder})"
                    )
            bound.append((mapping, container.name))


def _owner(topology: Topology, container: Container) -> Container:
    """The container whose network stack this one uses (itself unless --network container:<x>)."""
    seen = {container.name}
    current = container
    while current.networks[0].startswith(CONTAINER_PREFIX):
        current = topology.container(current.networks[0].removeprefix(CONTAINER_PREFIX))
        if current.name in seen:
            raise NetworkError(f"{container.name}: --network container:… goes round in a circle")
        seen.add(current.name)
    return current


def _mode(owner: Container) -> str:
    return owner.networks[0] if owner.networks[0] in {HOST, NONE} else "bridge"


def _stack(topology: Topology, owner: Container) -> list[Container]:
    """Every container using this network stack: the owner and those attached with container:<owner>."""
    return [c for c in topology.containers if _owner(topology, c).name == owner.name]


def addresses(topology: Topology) -> dict[str, dict[str, str]]:
    """Each container's IP address on each of its networks (container:<x> members share x's).

    Subnets follow Docker's default address pools: 172.17.0.0/16 for the default bridge, then
    172.18.0.0/16, 172.19.0.0/16, ... for user-defined networks in creation order; addresses are
    handed out from .2 in the order containers are listed (.1 is the gateway, the host's side).
    """
    subnets = {
        DEFAULT_BRIDGE: 17,
        **{name: 18 + index for index, name in enumerate(topology.networks)},
    }
    used: dict[str, int] = {}
    found: dict[str, dict[str, str]] = {}
    for container in topology.containers:
        owner = _owner(topology, container)
        if owner.name != container.name:
            continue
        found[container.name] = {}
        if _mode(container) != "bridge":
            continue
        for network in container.networks:
            used[network] = used.get(network, 1) + 1
            found[container.name][network] = f"172.{subnets[network]}.0.{used[network]}"
    for container in topology.containers:
        found[container.name] = found[_owner(topology, container).name]
    return found


def gateway(topology: Topology, network: str) -> str:
    """The host's address on a bridge network (the network's gateway)."""
    second = 17 if network == DEFAULT_BRIDGE else 18 + topology.networks.index(network)
    return f"172.{second}.0.1"


def _all_mappings(topology: Topology) -> dict[str, list[PortMapping]]:
    """Every network stack's port mappings, with ephemeral host ports handed out.

    -p CONTAINER_PORT and -P (every EXPOSEd port) get a free port from the ephemeral range; Docker picks
    any free one, the simulator the lowest, in the order the containers are listed.
    """
    taken = {m.host_port for c in topology.containers for m in c.publish if m.host_port}
    next_port = EPHEMERAL_PORT_START
    found: dict[str, list[PortMapping]] = {}
    for container in topology.containers:
        if _owner(topology, container).name != container.name or _mode(container) != "bridge":
            found[container.name] = []
            continue
        wanted = list(container.publish)
        if container.publish_all:
            wanted += [
                PortMapping(port, None, "", "tcp", f"-P (port {port})") for port in container.expose
            ]
        mappings = []
        for mapping in wanted:
            if mapping.host_port is None:
                while next_port in taken:
                    next_port += 1
                mapping = replace(mapping, host_port=next_port)
                taken.add(next_port)
            mappings.append(mapping)
        found[container.name] = mappings
    return found


def published(topology: Topology, owner: Container) -> list[PortMapping]:
    """The port mappings of a network stack (none for host, none and container:<x> members)."""
    return _all_mappings(topology).get(owner.name, [])


# --- Answers ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """A yes or no, the rule that decided it, and what to connect to when it works."""

    reachable: bool
    rule: str
    explanation: str
    address: str = ""  # what the client connects to, when reachable
    notes: tuple[str, ...] = ()

    @property
    def rule_title(self) -> str:
        return RULES[self.rule][0]

    @property
    def source_url(self) -> str:
        return RULES[self.rule][1]


def _port_text(port: int | None) -> str:
    return f" on port {port}" if port else ""


def _listening(
    topology: Topology, owner: Container, port: int | None, inside: bool
) -> Answer | None:
    """None when the stack answers on `port` for this client; otherwise the refusal."""
    if port is None:
        return None
    stack = _stack(topology, owner)
    listeners = [c for c in stack if port in c.listens]
    if not listeners:
        listening = sorted({p for c in stack for p in c.listens})
        return Answer(
            False,
            "nothing-listens",
            f"Nothing in {owner.name} listens on port {port}"
            + (f" (it listens on {', '.join(map(str, listening))})" if listening else "")
            + ": the connection is refused.",
        )
    if not inside and all(c.listens_on_loopback for c in listeners):
        return Answer(
            False,
            "loopback-app",
            f"The app in {listeners[0].name} listens on 127.0.0.1:{port} inside its container, so only its "
            "own network stack reaches it; make it listen on 0.0.0.0.",
        )
    return None


def _inputs(topology: Topology, *names: str) -> list[Container]:
    validate(topology)
    return [topology.container(name) for name in names]


def _named(topology: Topology, name: str) -> Container:
    """The container with this name, or else the one with this --network-alias."""
    for container in topology.containers:
        if container.name == name:
            return container
    for container in topology.containers:
        if name in container.aliases:
            return container
    raise NetworkError(f"there is no container named '{name}'")


def reach_by_name(topology: Topology, source: str, target: str, port: int | None = None) -> Answer:
    """Can container `source` connect to container `target` by its name (or one of its aliases)?"""
    (client,) = _inputs(topology, source)
    server = _named(topology, target)
    client_owner, server_owner = _owner(topology, client), _owner(topology, server)
    if client.name == server.name:
        return Answer(
            False,
            "shared-namespace-no-name",
            f"{source} is the container itself: it reaches its own app on localhost{_port_text(port)}.",
            notes=(f"localhost:{port}" if port else "localhost",),
        )
    if client_owner.name == server_owner.name:
        return Answer(
            False,
            "shared-namespace-no-name",
            f"{source} and {target} share one network stack (--network container:…): "
            f"{target}'s name is not how to reach it; use localhost{_port_text(port)}.",
            notes=(f"localhost:{port}" if port else "localhost",),
        )
    if _mode(client_owner) == NONE or _mode(server_owner) == NONE:
        none_side = source if _mode(client_owner) == NONE else target
        return Answer(
            False,
            "none-loopback-only",
            f"{none_side} runs with --network none: it has only a loopback interface, nothing to connect through.",
        )
    if _mode(client_owner) == HOST:
        return Answer(
            False,
            "host-mode-no-dns",
            f"{source} uses the host's network and the host's DNS settings; Docker's embedded DNS, which "
            "knows container names, only serves containers on user-defined networks.",
            notes=(f"Like the host, it can reach {target} by its IP address.",),
        )
    if _mode(server_owner) == HOST:
        return Answer(
            False,
            "host-mode",
            f"{target} uses the host's network: it has no container IP and no name in Docker's DNS. Reach "
            "it through a host address instead.",
        )
    if server_owner.name != server.name:
        return Answer(
            False,
            "shared-namespace",
            f"{target} has no network endpoint of its own (--network container:{server_owner.name}), so "
            f"no DNS record: connect to {server_owner.name}, whose network stack it shares.",
        )
    shared = [n for n in client_owner.networks if n in server_owner.networks]
    user_defined = [n for n in shared if n != DEFAULT_BRIDGE]
    if user_defined:
        refused = _listening(topology, server_owner, port, inside=False)
        if refused:
            return refused
        names = " and ".join(dict.fromkeys((server.name, *server.aliases)))
        return Answer(
            True,
            "user-defined-dns",
            f"{source} and {server.name} are both on the user-defined network {user_defined[0]}: Docker's "
            f"embedded DNS server (127.0.0.11) answers {names} with {server.name}'s address there.",
            address=f"{target}:{port}" if port else target,
        )
    if shared:
        ip = addresses(topology)[target][DEFAULT_BRIDGE]
        return Answer(
            False,
            "default-bridge-no-dns",
            f"{source} and {target} share only the default bridge, which has no name resolution between "
            "containers (only the legacy --link adds names). Put both on a user-defined network.",
            notes=(f"By IP it works: {ip}{':' + str(port) if port else ''}.",),
        )
    return Answer(
        False,
        "separate-networks",
        f"{source} and {target} share no network: {source}'s DNS does not know {target}, and different "
        "bridge networks are isolated from each other.",
        notes=_published_hint(topology, client_owner, server_owner, port),
    )


def _published_hint(
    topology: Topology, client_owner: Container, server_owner: Container, port: int | None
) -> tuple[str, ...]:
    if _mode(client_owner) != "bridge":
        return ()
    ways = [
        m
        for m in published(topology, server_owner)
        if not m.loopback and (port is None or m.container_port == port)
    ]
    if not ways:
        return ()
    host = gateway(topology, client_owner.networks[0])
    return tuple(
        f"Its published port is reachable through a host address: {host}:{m.host_port} ({m.flag})."
        for m in ways
    )


def reach_by_ip(topology: Topology, source: str, target: str, port: int | None = None) -> Answer:
    """Can container `source` connect to container `target`'s IP address?"""
    client, server = _inputs(topology, source, target)
    client_owner, server_owner = _owner(topology, client), _owner(topology, server)
    if client_owner.name == server_owner.name:
        refused = _listening(topology, server_owner, port, inside=True)
        if refused:
            return refused
        return Answer(
            True,
            "shared-namespace",
            f"{source} and {target} share one network stack: the same addresses and ports, and localhost "
            "reaches both.",
            address=f"127.0.0.1:{port}" if port else "127.0.0.1",
        )
    if _mode(client_owner) == NONE or _mode(server_owner) == NONE:
        none_side = source if _mode(client_owner) == NONE else target
        return Answer(
            False,
            "none-loopback-only",
            f"{none_side} runs with --network none: only a loopback interface, no address others can reach.",
        )
    server_ips = addresses(topology)[server_owner.name]
    if _mode(server_owner) == HOST:
        refused = _listening(topology, server_owner, port, inside=False)
        if refused:
            return refused
        host = (
            DEFAULT_HOST_ADDRESS
            if _mode(client_owner) == HOST
            else gateway(topology, client_owner.networks[0])
        )
        return Answer(
            True,
            "host-mode",
            f"{target} has no IP of its own (--network host): its app listens on the host's addresses, "
            f"so {source} connects to a host address.",
            address=f"{host}:{port}" if port else host,
        )
    if _mode(client_owner) == HOST:
        refused = _listening(topology, server_owner, port, inside=False)
        if refused:
            return refused
        ip = next(iter(server_ips.values()))
        return Answer(
            True,
            "host-reaches-container-ip",
            f"{source} uses the host's network, and the Docker host reaches every bridge container's IP "
            "directly, published or not.",
            address=f"{ip}:{port}" if port else ip,
        )
    shared = [n for n in client_owner.networks if n in server_owner.networks]
    if shared:
        refused = _listening(topology, server_owner, port, inside=False)
        if refused:
            return refused
        ip = server_ips[shared[0]]
        return Answer(
            True,
            "same-network",
            f"{source} and {target} are both on {shared[0]}: containers on one network reach each other on "
            "every port the app listens on (EXPOSE and -p do not matter there).",
            address=f"{ip}:{port}" if port else ip,
        )
    return Answer(
        False,
        "separate-networks",
        f"{source} and {target} share no network, and containers on different bridge networks are "
        "isolated from each other, even by IP.",
        notes=_published_hint(topology, client_owner, server_owner, port),
    )


def _expose_note(owner: Container, port: int) -> tuple[str, ...]:
    if port in owner.expose:
        return (
            f"Port {port} is only EXPOSEd: EXPOSE documents a port, it does not publish it. Use -p "
            f"(or -P to publish every exposed port on a random high port).",
        )
    return ()


def host_reaches(topology: Topology, target: str, port: int) -> Answer:
    """Can a program on the Docker host open a TCP connection to `target` on `port` (a published host
    port, or the container's own port on its IP)?"""
    (server,) = _inputs(topology, target)
    owner = _owner(topology, server)
    mode = _mode(owner)
    if mode == NONE:
        return Answer(
            False,
            "none-loopback-only",
            f"{target} runs with --network none: only a loopback interface.",
        )
    if mode == HOST:
        refused = _listening(topology, owner, port, inside=True)
        if refused:
            return refused
        return Answer(
            True,
            "host-mode",
            f"{target} shares the host's network: its app's port {port} is the host's port {port}, with no "
            "mapping.",
            address=f"127.0.0.1:{port}",
        )
    for mapping in published(topology, owner):
        if mapping.host_port != port or mapping.protocol != "tcp":
            continue
        refused = _listening(topology, owner, mapping.container_port, inside=False)
        if refused:
            return replace(
                refused,
                explanation=f"{mapping.flag} forwards host port {port} to container port "
                f"{mapping.container_port}, but: {refused.explanation}",
            )
        host_ip = "127.0.0.1" if mapping.every_address else mapping.host_ip
        return Answer(
            True,
            "published-loopback"
            if mapping.loopback
            else "published-all-addresses"
            if mapping.every_address
            else "published-address",
            f"{mapping.flag} publishes container port {mapping.container_port} on host port {port}"
            + (" (every host address)" if mapping.every_address else f" of {mapping.host_ip}")
            + ".",
            address=f"{_bracket(host_ip)}:{port}",
        )
    refused = _listening(topology, owner, port, inside=False)
    if refused is None:
        ip = next(iter(addresses(topology)[owner.name].values()))
        return Answer(
            True,
            "host-reaches-container-ip",
            f"No host port {port} is published, but the Docker host reaches {target}'s IP directly: every "
            "port of a bridge container is accessible from the host.",
            address=f"{ip}:{port}",
            notes=_expose_note(owner, port) + _protocol_note(topology, owner, port),
        )
    return replace(
        refused,
        notes=refused.notes + _expose_note(owner, port) + _protocol_note(topology, owner, port),
    )


def _protocol_note(topology: Topology, owner: Container, port: int) -> tuple[str, ...]:
    """The questions are TCP connections: say so when the port is published for UDP or SCTP only."""
    return tuple(
        f"{m.flag} publishes {m.protocol.upper()} only: a TCP connection to port {port} finds nothing."
        for m in published(topology, owner)
        if m.host_port == port and m.protocol != "tcp"
    )


def _bracket(address: str) -> str:
    return f"[{address}]" if ":" in address else address


def remote_reaches(
    topology: Topology, target: str, port: int, direct_routing: bool = False
) -> Answer:
    """Can another machine on the LAN open a TCP connection to `target` on `port`?

    It connects to a host address on a published host port; with direct_routing it also has a route to
    the container subnets through the Docker host and tries the container's IP on the container port.
    """
    (server,) = _inputs(topology, target)
    owner = _owner(topology, server)
    mode = _mode(owner)
    host = topology.host_address
    if mode == NONE:
        return Answer(
            False,
            "none-loopback-only",
            f"{target} runs with --network none: only a loopback interface.",
        )
    if mode == HOST:
        refused = _listening(topology, owner, port, inside=False)
        if refused:
            return refused
        notes = ()
        if server.publish or server.publish_all:
            notes = (
                'Its -p options are discarded: "Published ports are discarded when using host network mode".',
            )
        return Answer(
            True,
            "host-mode",
            f"{target} shares the host's network: its app listens on the host's addresses, so port {port} is "
            "open on the host itself (unless the host's firewall closes it).",
            address=f"{host}:{port}",
            notes=notes,
        )
    blocked = _blocks_direct_routing(topology)
    for mapping in published(topology, owner):
        if mapping.host_port != port or mapping.protocol != "tcp":
            continue
        refused = _listening(topology, owner, mapping.container_port, inside=False)
        if refused:
            return refused
        if mapping.loopback:
            if not blocked and direct_routing:
                return Answer(
                    True,
                    "loopback-before-28",
                    f"{mapping.flag} publishes on the loopback only, but before Docker Engine 28.0.0 hosts on "
                    "the same L2 segment could still reach ports published to localhost (moby/moby#45610).",
                    address=f"{_bracket(mapping.host_ip)}:{port} (via the Docker host)",
                )
            return Answer(
                False,
                "published-loopback",
                f"{mapping.flag} publishes on the host's loopback address only: programs on the Docker host "
                "reach it, other machines do not"
                + (
                    " (since Engine 28.0.0 not even hosts on the same L2 segment)."
                    if blocked
                    else "."
                ),
            )
        address = host if mapping.every_address else mapping.host_ip
        return Answer(
            True,
            "published-all-addresses" if mapping.every_address else "published-address",
            f"{mapping.flag} publishes container port {mapping.container_port} on host port {port}"
            + (" on every host address" if mapping.every_address else f" of {mapping.host_ip}")
            + ": other machines connect to the host.",
            address=f"{_bracket(address)}:{port}",
        )
    if direct_routing:
        refused = _listening(topology, owner, port, inside=False)
        if refused is None:
            ip = next(iter(addresses(topology)[owner.name].values()))
            if blocked:
                return Answer(
                    False,
                    "direct-routing-blocked",
                    f"Even with a route to {ip}, Docker Engine 28.0.0 and later drop packets from other machines "
                    "addressed directly to a container (unpublished ports: moby/moby#48724; published ports: "
                    "moby/moby#49325). They reach only ports published to host addresses.",
                )
            return Answer(
                True,
                "direct-routing-before-28",
                f"Before Docker Engine 28.0.0 a machine with a route to the bridge subnet could connect to {ip}:{port} "
                "directly, published or not, when the host's FORWARD policy let it through (Docker sets it to "
                "DROP only when it enables IP forwarding itself). 28.0.0 blocks this.",
                address=f"{ip}:{port}",
            )
    return Answer(
        False,
        "not-published",
        f"Nothing publishes host port {port} for {target}: other machines only reach ports published with -p "
        "(or -P).",
        notes=_expose_note(owner, port) + _protocol_note(topology, owner, port),
    )


# --- Topologies written as docker commands --------------------------------------------------------


def _image_ports(image: str) -> tuple[int, ...]:
    name = image.split("@")[0].rsplit("/", 1)[-1].split(":")[0].lower()
    return KNOWN_IMAGES.get(name, ())


RUN_FLAGS_WITHOUT_VALUE = {
    "-d",
    "--detach",
    "--rm",
    "-i",
    "-t",
    "-it",
    "-ti",
    "--interactive",
    "--tty",
    "--init",
}
RUN_FLAGS_IGNORED_VALUE = {"-e", "--env", "-v", "--volume", "--restart", "--env-file", "-w", "--workdir", "--user", "-u", "--memory", "-m", "--cpus", "--mount", "--label", "-l", "--hostname", "-h"}  # fmt: skip
RUN_BOOLEAN_FLAGS = frozenset({*RUN_FLAGS_WITHOUT_VALUE, "-P", "--publish-all"})
NETWORK_BOOLEAN_FLAGS = frozenset({"--internal", "--attachable", "--ipv6"})


def _split_option(
    words: list[str], index: int, line: int, booleans: frozenset[str] = RUN_BOOLEAN_FLAGS
) -> tuple[str, str | None, int]:
    """The option at words[index], its value (from --opt=value or the next word) and the next index."""
    word = words[index]
    if word.startswith("--") and "=" in word:
        option, value = word.split("=", 1)
        return option, value, index + 1
    if word in booleans:
        return word, None, index + 1
    if re.fullmatch(r"-[dit]{2,3}", word):  # -dit, -itd: boolean short flags run together
        return "-d", None, index + 1
    if re.match(r"-[a-zA-Z].", word) and not word.startswith("--"):  # -p8080:80, -p=8080:80
        return word[:2], word[2:].removeprefix("="), index + 1
    if index + 1 >= len(words):
        raise NetworkError(f"{word} needs a value", line)
    return word, words[index + 1], index + 2


def _logical_lines(text: str) -> list[tuple[int, str]]:
    lines, buffer, start = [], "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not buffer:
            start = number
            if not stripped or stripped.startswith("#"):
                continue
        if stripped.endswith("\\"):
            buffer += stripped[:-1] + " "
            continue
        lines.append((start, buffer + stripped))
        buffer = ""
    if buffer:
        lines.append((start, buffer))
    return lines


def parse_commands(text: str, engine: str = DEFAULT_ENGINE_VERSION) -> Topology:
    """A topology from `docker network create`, `docker run` and `docker network connect` lines.

    The apps' ports come from the official image (nginx 80, postgres 5432, redis 6379, ...: see
    KNOWN_IMAGES); an unknown image listens on nothing unless it is --expose'd (taken as its app's port).
    """
    if len(text) > MAX_COMMANDS_LENGTH:
        raise NetworkError(f"the commands are limited to {MAX_COMMANDS_LENGTH:,} characters")
    networks: list[str] = []
    containers: list[Container] = []
    warnings: list[str] = []
    for line, command in _logical_lines(text):
        try:
            words = shlex.split(command)
        except ValueError:
            raise NetworkError("unclosed quote", line) from None
        if words[:1] != ["docker"]:
            raise NetworkError(f"'{words[0]}' is not a docker command", line)
        if words[1:3] == ["network", "create"]:
            networks.append(_network_create(words[3:], networks, line))
        elif words[1:3] == ["network", "connect"]:
            _network_connect(words[3:], networks, containers, line)
        elif words[1:2] == ["run"] or words[1:3] == ["container", "run"]:
            start = 2 if words[1] == "run" else 3
            container, warning = _run(words[start:], networks, containers, line)
            containers.append(container)
            if warning:
                warnings.append(warning)
        else:
            raise NetworkError(
                "only `docker network create`, `docker network connect` and `docker run` are simulated",
                line,
            )
    if not containers:
        raise NetworkError("no container: add a `docker run` line")
    return validate(Topology(tuple(containers), tuple(networks), engine, warnings=tuple(warnings)))


def _network_create(words: list[str], networks: list[str], line: int) -> str:
    name = ""
    index = 0
    while index < len(words):
        word = words[index]
        if word.startswith("-"):
            option, value, index = _split_option(words, index, line, NETWORK_BOOLEAN_FLAGS)
            if option in {"-d", "--driver"}:
                if value != "bridge":
                    raise NetworkError(f"only bridge networks are simulated (not {value})", line)
            elif option == "--internal":
                raise NetworkError("--internal networks are not simulated here", line)
            else:
                raise NetworkError(f"docker network create {option} is not simulated", line)
            continue
        if name:
            raise NetworkError("docker network create takes one network name", line)
        name = word
        index += 1
    if not name:
        raise NetworkError("docker network create needs a name", line)
    if not NAME_RE.fullmatch(name) or name in {DEFAULT_BRIDGE, HOST, NONE}:
        raise NetworkError(f"'{name}' cannot be the name of a user-defined network", line)
    if name in networks:
        raise NetworkError(f"network with name {name} already exists", line)
    return name


def _network_connect(
    words: list[str], networks: list[str], containers: list[Container], line: int
) -> None:
    aliases, positional, index = [], [], 0
    while index < len(words):
        if words[index].startswith("-"):
            option, value, index = _split_option(words, index, line, frozenset())
            if option != "--alias":
                raise NetworkError(f"docker network connect {option} is not simulated", line)
            aliases.append(value or "")
            continue
        positional.append(words[index])
        index += 1
    if len(positional) != 2:
        raise NetworkError("docker network connect NETWORK CONTAINER", line)
    network, name = positional
    if network not in networks and network != DEFAULT_BRIDGE:
        raise NetworkError(f"network {network} not found", line)
    for position, container in enumerate(containers):
        if container.name == name:
            if container.networks[0] in {HOST, NONE} or container.networks[0].startswith(
                CONTAINER_PREFIX
            ):
                raise NetworkError(
                    f"{name} uses --network {container.networks[0]} and cannot join other networks",
                    line,
                )
            if network in container.networks:
                raise NetworkError(f"{name} is already on {network}", line)
            containers[position] = replace(
                container,
                networks=(*container.networks, network),
                aliases=(*container.aliases, *aliases),
            )
            return
    raise NetworkError(f"no such container: {name}", line)


def _run(
    words: list[str], networks: list[str], containers: list[Container], line: int
) -> tuple[Container, str]:
    name, image = "", ""
    attached: list[str] = []
    publish: list[PortMapping] = []
    expose: list[int] = []
    aliases: list[str] = []
    publish_all = False
    index = 0
    while index < len(words) and words[index].startswith("-"):
        option, value, index = _split_option(words, index, line)
        if option in RUN_FLAGS_WITHOUT_VALUE or option in RUN_FLAGS_IGNORED_VALUE:
            continue
        if option == "--name":
            name = value or ""
        elif option in {"--network", "--net"}:
            attached.append(value or "")
        elif option in {"--network-alias", "--alias"}:
            aliases.append(value or "")
        elif option in {"-p", "--publish"}:
            try:
                publish.append(parse_publish(value or ""))
            except NetworkError as error:
                raise NetworkError(str(error), line) from None
        elif option in {"-P", "--publish-all"}:
            publish_all = True
        elif option == "--expose":
            expose.append(_port(value or "", "port", f"--expose {value}"))
        else:
            raise NetworkError(f"docker run {option} is not simulated", line)
    if index >= len(words):
        raise NetworkError("docker run needs an image", line)
    image = words[index]
    if not name:
        raise NetworkError("give the container a --name so the questions can refer to it", line)
    if any(c.name == name for c in containers):
        raise NetworkError(f'Conflict. The container name "/{name}" is already in use', line)
    for network in attached:
        if network.startswith(CONTAINER_PREFIX):
            if not any(c.name == network.removeprefix(CONTAINER_PREFIX) for c in containers):
                raise NetworkError(
                    f"no such container: {network.removeprefix(CONTAINER_PREFIX)}", line
                )
        elif network not in {DEFAULT_BRIDGE, HOST, NONE} and network not in networks:
            raise NetworkError(f"network {network} not found", line)
    image_ports = _image_ports(image)
    warning = ""
    if attached[:1] == [HOST] and (publish or publish_all):
        warning = f"{name}: WARNING: Published ports are discarded when using host network mode"
        publish, publish_all = [], False
    container = Container(
        name=name,
        networks=tuple(attached) or (DEFAULT_BRIDGE,),
        publish=tuple(publish),
        publish_all=publish_all,
        expose=tuple(dict.fromkeys((*image_ports, *expose))),
        listens=image_ports or tuple(expose),
        aliases=tuple(aliases),
        image=image,
    )
    try:
        validate(Topology((*containers, container), tuple(networks)))
    except NetworkError as error:
        raise NetworkError(str(error), line) from None
    return container, warning


# --- Exercise -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    title: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class ExerciseResult:
    solved: bool
    checks: tuple[Check, ...]

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(f"{c.title}: {c.detail}" for c in self.checks if not c.passed)


@dataclass(frozen=True)
class IsolationExercise:
    slug: str
    title: str
    task: str
    starting_commands: str
    web: str = "web"
    database: str = "db"
    database_port: int = 5432
    web_port: int = 8080


ISOLATE_DATABASE = IsolationExercise(
    "isolate-the-database",
    "Only the web container may talk to the database",
    "Change these commands so that web reaches the database by the name db, while nothing else reaches "
    "it: no other container, no published port, no other machine. web must still serve port 8080 to "
    "other machines.",
    "docker run -d --name db -p 5432:5432 postgres:17\n"
    "docker run -d --name web -p 8080:80 nginx\n"
    "docker run -d --name cache redis:7\n",
)

ISOLATE_DATABASE_SOLUTION = (
    "docker network create backend\n"
    "docker run -d --name db --network backend postgres:17\n"
    "docker run -d --name web --network backend -p 8080:80 nginx\n"
    "docker run -d --name cache redis:7\n"
)


def check_isolation(
    topology: Topology, exercise: IsolationExercise = ISOLATE_DATABASE
) -> ExerciseResult:
    """web reaches the database by name; nothing else reaches it; web still serves other machines."""
    web, db, port = exercise.web, exercise.database, exercise.database_port
    names = {c.name for c in topology.containers}
    missing = [name for name in (web, db) if name not in names]
    if missing:
        return ExerciseResult(
            False,
            (Check("Containers", False, f"keep the containers named {' and '.join(missing)}"),),
        )
    validate(topology)
    checks = []
    by_name = reach_by_name(topology, web, db, port)
    checks.append(Check(f"{web} reaches {db} by name", by_name.reachable, by_name.explanation))
    others = [c.name for c in topology.containers if c.name not in {web, db}]
    leaks = []
    for other in others:
        for answer in (
            reach_by_name(topology, other, db, port),
            reach_by_ip(topology, other, db, port),
        ):
            if answer.reachable:
                leaks.append(f"{other}: {answer.explanation}")
                break
    checks.append(
        Check(
            f"No other container reaches {db}",
            not leaks,
            "; ".join(leaks)
            if leaks
            else f"{', '.join(others) or 'No other container'} cannot reach {db}.",
        )
    )
    owner = _owner(topology, topology.container(db))
    mappings = published(topology, owner)
    checks.append(
        Check(
            f"{db} publishes no port",
            not mappings,
            (
                f"{', '.join(m.flag for m in mappings)} makes it reachable through the host"
                if mappings
                else "Nothing is published (the Docker host itself can always reach a bridge container's IP)."
            ),
        )
    )
    remote = [
        remote_reaches(topology, db, p, direct_routing=True)
        for p in {port, *(m.host_port or 0 for m in mappings)}
        if p
    ]
    reachable_remote = [answer for answer in remote if answer.reachable]
    checks.append(
        Check(
            "Other machines cannot reach it",
            not reachable_remote,
            reachable_remote[0].explanation if reachable_remote else remote[0].explanation,
        )
    )
    served = remote_reaches(topology, web, exercise.web_port)
    checks.append(
        Check(f"{web} still serves port {exercise.web_port}", served.reachable, served.explanation)
    )
    return ExerciseResult(all(check.passed for check in checks), tuple(checks))


def check_isolation_commands(
    commands: str, exercise: IsolationExercise = ISOLATE_DATABASE
) -> ExerciseResult:
    """The exercise checker for commands typed by the learner; a command error is one failed check."""
    try:
        topology = parse_commands(commands)
    except NetworkError as error:
        return ExerciseResult(False, (Check("Commands", False, str(error)),))
    return check_isolation(topology, exercise)


@dataclass(frozen=True)
class Scenario:
    slug: str
    title: str
    commands: str
    questions: tuple[tuple[str, str, str, int | None], ...] = field(
        default=()
    )  # (kind, source, target, port)


SCENARIOS: dict[str, Scenario] = {
    scenario.slug: scenario
    for scenario in (
        Scenario(
            "default-bridge",
            "Two containers on the default bridge",
            "docker run -d --name web -p 8080:80 nginx\ndocker run -d --name db postgres:17\n",
            (("name", "web", "db", 5432), ("ip", "web", "db", 5432), ("remote", "", "web", 8080)),
        ),
        Scenario(
            "user-defined",
            "A user-defined network",
            "docker network create app\n"
            "docker run -d --name web --network app -p 127.0.0.1:8080:80 nginx\n"
            "docker run -d --name db --network app postgres:17\n",
            (("name", "web", "db", 5432), ("host", "", "web", 8080), ("remote", "", "web", 8080)),
        ),
        Scenario(
            "two-networks",
            "Two networks and a container on both",
            "docker network create front\n"
            "docker network create back\n"
            "docker run -d --name proxy --network front -p 80:80 nginx\n"
            "docker run -d --name api --network front --network back --expose 3000 node:22\n"
            "docker run -d --name db --network back postgres:17\n",
            (
                ("name", "proxy", "api", 3000),
                ("name", "api", "db", 5432),
                ("ip", "proxy", "db", 5432),
            ),
        ),
        Scenario(
            "special-modes",
            "host, none and container:",
            "docker run -d --name edge --network host nginx\n"
            "docker run -d --name offline --network none alpine\n"
            "docker run -d --name cache redis:7\n"
            "docker run -d --name sidecar --network container:cache alpine\n",
            (
                ("remote", "", "edge", 80),
                ("ip", "sidecar", "cache", 6379),
                ("name", "offline", "cache", 6379),
            ),
        ),
    )
}


def answer(
    topology: Topology,
    kind: str,
    source: str,
    target: str,
    port: int | None = None,
    direct_routing: bool = False,
) -> Answer:
    """One question by kind: name, ip (container to container), host or remote (to a container)."""
    if kind == "name":
        return reach_by_name(topology, source, target, port)
    if kind == "ip":
        return reach_by_ip(topology, source, target, port)
    if kind in {"host", "remote"} and port is None:
        raise NetworkError("say which port to connect to")
    if kind == "host":
        return host_reaches(topology, target, port or 0)
    if kind == "remote":
        return remote_reaches(topology, target, port or 0, direct_routing)
    raise NetworkError(f"unknown question '{kind}': ask name, ip, host or remote")
