// SPDX-License-Identifier: GPL-2.0-or-later
// What parse_topology refuses: one line each, FILE:LINE:COLUMN: KEY: what is wrong.
#include <gtest/gtest.h>

#include <string>

#include "lab/topology.h"

namespace nsctl::lab {
namespace {

// The message of a topology that must not parse (code 0: the context is the whole line).
std::string error_of(std::string_view yaml) {
    auto t = parse_topology(yaml, "lab.clab.yml");
    if (t) return "(parsed)";
    EXPECT_EQ(t.error().code, 0);
    EXPECT_EQ(t.error().message(), t.error().context);
    return t.error().context;
}

// A topology of two linux nodes a and b, with the links given.
std::string links_error(std::string_view links) {
    return error_of(
        "name: l\ntopology:\n  nodes:\n    a: {kind: linux}\n    b: {kind: linux}\n"
        "  links:\n" +
        std::string(links));
}

TEST(LabTopologyErrors, YamlThatDoesNotParse) {
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes: [a, b\n"),
              "lab.clab.yml:4:1: end of sequence flow not found");
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    a: *nowhere\n"),
              "lab.clab.yml:4:8: the referenced anchor is not defined");
    EXPECT_EQ(error_of("name: x\n  topology: 1\n"), "lab.clab.yml:2:11: illegal map value");
    EXPECT_EQ(error_of("- a\n- b\n"), "lab.clab.yml:1:1: expected a mapping, found a sequence");
}

TEST(LabTopologyErrors, NameMissingOrNotUsable) {
    EXPECT_EQ(error_of("topology:\n  nodes: {a: {kind: linux}}\n"),
              "lab.clab.yml:1:1: name: missing: a lab needs a name (clab-NAME-NODE)");
    EXPECT_EQ(error_of(""), "lab.clab.yml:1:1: name: missing: a lab needs a name (clab-NAME-NODE)");
    EXPECT_EQ(error_of("name: my lab\ntopology:\n  nodes: {a: {kind: linux}}\n"),
              "lab.clab.yml:1:7: name: \"my lab\" is not a usable lab name: letters, digits, '-', "
              "'.' and '_', starting with a letter or digit, at most 255 bytes (containerlab's "
              "rule)");
    EXPECT_EQ(error_of("name: a/b\ntopology:\n  nodes: {a: {kind: linux}}\n"),
              "lab.clab.yml:1:7: name: \"a/b\" is not a usable lab name: letters, digits, '-', "
              "'.' and '_', starting with a letter or digit, at most 255 bytes (containerlab's "
              "rule)");
    EXPECT_NE(error_of("name: .hidden\ntopology:\n  nodes: {a: {kind: linux}}\n")
                  .find("is not a usable lab name"),
              std::string::npos);
    EXPECT_EQ(error_of("name: x\nprefix: \"a b\"\ntopology:\n  nodes: {a: {kind: linux}}\n"),
              "lab.clab.yml:2:9: prefix: \"a b\" is not a usable prefix: \"\", \"__lab-name\" or "
              "letters, digits, '-', '.' and '_', starting with a letter or digit, at most 255 "
              "bytes (containerlab's rule)");
    EXPECT_EQ(error_of("name: x\n"),
              "lab.clab.yml:1:1: topology: missing: a lab needs topology.nodes");
    EXPECT_EQ(error_of("name: x\ntopology:\n  links: []\n"),
              "lab.clab.yml:3:3: topology.nodes: missing: a lab needs nodes");
}

TEST(LabTopologyErrors, UnknownKind) {
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    r1:\n      kind: srl\n"),
              "lab.clab.yml:5:13: topology.nodes.r1.kind: unknown kind \"srl\" (nsctl lab "
              "supports linux, bridge, host)");
    EXPECT_EQ(error_of("name: x\ntopology:\n  kinds:\n    ovs-bridge: {}\n  nodes: {}\n"),
              "lab.clab.yml:4:5: topology.kinds.ovs-bridge: unknown kind \"ovs-bridge\" (nsctl "
              "lab supports linux, bridge, host)");
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    r1: {}\n"),
              "lab.clab.yml:4:5: topology.nodes.r1: no kind: set kind here, in its group or in "
              "topology.defaults (nsctl lab supports linux, bridge, host)");
}

TEST(LabTopologyErrors, ImageMustBeALocalDirectory) {
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    r1: {kind: linux, image: alpine:3}\n"),
              "lab.clab.yml:4:30: topology.nodes.r1.image: \"alpine:3\" is not a directory: nsctl "
              "lab takes image as a local rootfs directory");
    EXPECT_EQ(error_of("name: x\ntopology:\n  defaults:\n    image: /etc/hostname\n  nodes: {}\n"),
              "lab.clab.yml:4:12: topology.defaults.image: \"/etc/hostname\" is not a directory: "
              "nsctl lab takes image as a local rootfs directory");
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    br: {kind: bridge, image: /}\n"),
              "lab.clab.yml:4:24: topology.nodes.br.image: image applies to linux nodes only (a "
              "bridge node is a Linux bridge on the host)");
    EXPECT_EQ(error_of("name: x\ntopology:\n  kinds:\n    host: {cmd: sleep 1}\n  nodes: {}\n"),
              "lab.clab.yml:4:12: topology.kinds.host.cmd: cmd applies to linux nodes only (a "
              "host node is the host itself: it takes exec and labels)");
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    br: {kind: bridge, exec: [true]}\n"),
              "lab.clab.yml:4:24: topology.nodes.br.exec: exec applies to linux and host nodes "
              "only (a bridge node is a Linux bridge on the host)");
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    r1: {kind: linux, binds: [/a:/b]}\n"),
              "lab.clab.yml:4:23: topology.nodes.r1.binds: binds need image (a local rootfs "
              "directory): a node without image has the host's file system");
    EXPECT_EQ(error_of("name: x\ntopology:\n  defaults:\n    binds: [/a]\n  nodes: {}\n"),
              "lab.clab.yml:4:13: topology.defaults.binds[0]: malformed bind \"/a\" (want "
              "SOURCE:DESTINATION[:OPTIONS])");
}

TEST(LabTopologyErrors, KeysThatNeedAContainerEngineOrANetworkOs) {
    auto node_key = [](const std::string& kv) {
        return error_of("name: x\ntopology:\n  nodes:\n    r1:\n      kind: linux\n      " + kv +
                        "\n");
    };
    EXPECT_EQ(node_key("startup-config: r1.cfg"),
              "lab.clab.yml:6:7: topology.nodes.r1.startup-config: not supported: it needs a "
              "network OS (nsctl lab nodes are plain Linux namespaces)");
    EXPECT_EQ(node_key("ports: [\"80:8080\"]"),
              "lab.clab.yml:6:7: topology.nodes.r1.ports: not supported: it needs a container "
              "engine (nsctl lab nodes are namespaces, not containers)");
    EXPECT_EQ(node_key("publish: [tcp/80]"),
              "lab.clab.yml:6:7: topology.nodes.r1.publish: not supported: it needs a container "
              "engine (nsctl lab nodes are namespaces, not containers)");
    EXPECT_EQ(node_key("mgmt-ipv4: 172.20.20.3"),
              "lab.clab.yml:6:7: topology.nodes.r1.mgmt-ipv4: not supported: it needs a "
              "management network (nsctl lab makes none)");
    EXPECT_EQ(node_key("env-files: [a.env]"),
              "lab.clab.yml:6:7: topology.nodes.r1.env-files: not supported by nsctl lab");
    EXPECT_EQ(error_of("name: x\nsettings: {}\ntopology:\n  nodes: {}\n"),
              "lab.clab.yml:2:1: settings: not supported: certificate settings need a container "
              "engine");
}

TEST(LabTopologyErrors, UnknownKeys) {
    EXPECT_EQ(
        error_of("name: x\ntopology:\n  nodes:\n    r1:\n      kind: linux\n      imgae: /\n"),
        "lab.clab.yml:6:7: topology.nodes.r1.imgae: unknown key (a node takes kind, group, "
        "image, exec, cmd, env, binds, sysctls, labels)");
    EXPECT_EQ(error_of("name: x\ntopolgy: {}\n"),
              "lab.clab.yml:2:1: topolgy: unknown key (a topology file takes name, prefix, mgmt, "
              "topology)");
    EXPECT_EQ(error_of("name: x\n\"to\\npology\": {}\n"),  // stays one line
              "lab.clab.yml:2:1: to\\npology: unknown key (a topology file takes name, prefix, "
              "mgmt, topology)");
    EXPECT_EQ(error_of("name: x\ntopology:\n  node: {}\n"),
              "lab.clab.yml:3:3: topology.node: unknown key (topology takes nodes, links, kinds, "
              "defaults, groups)");
    EXPECT_EQ(error_of("name: x\nmgmt: {netwrk: m}\ntopology:\n  nodes: {}\n"),
              "lab.clab.yml:2:8: mgmt.netwrk: unknown key (containerlab's mgmt keys are network, "
              "bridge, ipv4-subnet, ipv6-subnet, ...)");
    EXPECT_EQ(links_error("    - endpoints: [a:eth1, b:eth1]\n      mut: 1500\n"),
              "lab.clab.yml:8:7: topology.links[0].mut: unknown key (a brief link takes "
              "endpoints, mtu, x-nsctl-netem)");
    EXPECT_EQ(links_error("    - type: vxlan\n      endpoint: {node: a, interface: vx0}\n"
                          "      remote: 192.0.2.1\n      vni: 5\n      mode: bridge\n"),
              "lab.clab.yml:11:7: topology.links[0].mode: unknown key (a vxlan link takes type, "
              "endpoint, remote, vni, dst-port, udp-port, src-port, mtu, x-nsctl-netem)");
    EXPECT_EQ(links_error("    - type: veth\n      endpoints:\n        - {node: a, iface: eth1}\n"
                          "        - {node: b, interface: eth1}\n"),
              "lab.clab.yml:9:21: topology.links[0].endpoints[0].iface: unknown key (an endpoint "
              "takes node, interface, mac)");
    EXPECT_EQ(links_error("    - endpoints: [a:eth1, b:eth1]\n      x-nsctl-netme: {}\n"),
              "lab.clab.yml:8:7: topology.links[0].x-nsctl-netme: unknown key (a brief link "
              "takes endpoints, mtu, x-nsctl-netem)");
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    r1: {kind: linux, x-nsctl-netem: {}}\n"),
              "lab.clab.yml:4:23: topology.nodes.r1.x-nsctl-netem: x-nsctl-netem belongs to a "
              "link (topology.links)");
    EXPECT_EQ(links_error("    - endpoints: [a:eth1, b:eth1]\n      ipv4: [10.0.0.1/24]\n"),
              "lab.clab.yml:8:7: topology.links[0].ipv4: not supported: containerlab sets "
              "addresses on network OS nodes only; on a linux node, add it with exec (ip address "
              "add ...)");
}

TEST(LabTopologyErrors, KeysGivenTwiceAndWrongTypes) {
    EXPECT_EQ(error_of("name: x\nname: y\ntopology:\n  nodes: {}\n"),
              "lab.clab.yml:2:1: name: the key is given twice");
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    r1: {kind: linux}\n    r1: {}\n"),
              "lab.clab.yml:5:5: topology.nodes.r1: the key is given twice");
    EXPECT_EQ(error_of("name: [x]\ntopology:\n  nodes: {}\n"),
              "lab.clab.yml:1:7: name: expected a string, found a sequence");
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    r1: {kind: linux, exec: ls}\n"),
              "lab.clab.yml:4:29: topology.nodes.r1.exec: expected a sequence, found a scalar");
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    r1: {kind: linux, env: [A]}\n"),
              "lab.clab.yml:4:28: topology.nodes.r1.env: expected a mapping, found a sequence");
}

TEST(LabTopologyErrors, GroupsAndNodeNames) {
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    r1: {kind: linux, group: web}\n"),
              "lab.clab.yml:4:30: topology.nodes.r1.group: no group \"web\" in topology.groups");
    EXPECT_EQ(error_of("name: x\ntopology:\n  defaults: {group: web}\n  nodes: {}\n"),
              "lab.clab.yml:3:21: topology.defaults.group: no group \"web\" in topology.groups");
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    -r1: {kind: linux}\n"),
              "lab.clab.yml:4:5: topology.nodes.-r1: a node name is letters, digits, '-', '.' and "
              "'_', starting with a letter or digit (containerlab's rule)");
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    host: {kind: linux}\n"),
              "lab.clab.yml:4:5: topology.nodes.host: \"host\" is reserved (\"host\" is the host, "
              "kind host)");
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    macvlan: {kind: linux}\n"),
              "lab.clab.yml:4:5: topology.nodes.macvlan: \"macvlan\" is reserved (\"host\" is the "
              "host, kind host)");
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    host: {kind: host}\n"), "(parsed)");
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    bridge-too-long0: {kind: bridge}\n"),
              "lab.clab.yml:4:5: topology.nodes.bridge-too-long0: a bridge node's name is its "
              "interface's: 'bridge-too-long0' is not a valid interface name (1 to 15 bytes; no "
              "'/', ':' or white space; not '.' or '..')");
    std::string n65(65, 'n');
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    " + n65 + ": {kind: linux}\n"),
              "lab.clab.yml:4:5: topology.nodes." + n65 +
                  ": a linux node's name is its host name, at most 64 bytes (HOST_NAME_MAX)");
}

TEST(LabTopologyErrors, NamespaceNameTooLongForTheRegistry) {
    // clab-<lab>-<node>: 5 + 200 + 1 + 50 = 256 bytes, one more than a name in /run/netns.
    std::string lab(200, 'l');
    std::string node(50, 'n');
    std::string ns = "clab-" + lab + "-" + node;
    EXPECT_EQ(error_of("name: " + lab + "\ntopology:\n  nodes:\n    " + node + ": {kind: linux}\n"),
              "lab.clab.yml:4:5: topology.nodes." + node + ": its namespace name \"" + ns +
                  "\" is 256 bytes, more than /run/netns takes (255, NAME_MAX)");
    // One byte shorter fits; so does any name with the empty prefix.
    EXPECT_EQ(error_of("name: " + lab + "\ntopology:\n  nodes:\n    " + node.substr(1) +
                       ": {kind: linux}\n"),
              "(parsed)");
    // A bridge has no namespace of its own.
    EXPECT_EQ(error_of("name: " + lab + "\ntopology:\n  nodes:\n    br" + std::string(13, 'b') +
                       ": {kind: bridge}\n"),
              "(parsed)");
}

TEST(LabTopologyErrors, Endpoints) {
    EXPECT_EQ(links_error("    - endpoints: [\"a:eth1\", \"c:eth1\"]\n"),
              "lab.clab.yml:7:29: topology.links[0].endpoints[1]: no node \"c\" in "
              "topology.nodes");
    EXPECT_EQ(links_error("    - endpoints: [\"a-eth1\", \"b:eth1\"]\n"),
              "lab.clab.yml:7:19: topology.links[0].endpoints[0]: malformed endpoint \"a-eth1\" "
              "(want NODE:INTERFACE)");
    EXPECT_EQ(links_error("    - endpoints: [\"a:\", \"b:eth1\"]\n"),
              "lab.clab.yml:7:19: topology.links[0].endpoints[0]: malformed endpoint \"a:\" "
              "(want NODE:INTERFACE)");
    EXPECT_EQ(links_error("    - endpoints: [\"a:eth1\"]\n"),
              "lab.clab.yml:7:18: topology.links[0].endpoints: a link has two endpoints: "
              "[\"NODE:INTERFACE\", ...]");
    EXPECT_EQ(links_error("    - endpoints: [\"a:eth1\", \"b:eth1\"]\n"
                          "    - endpoints: [\"b:eth2\", \"a:eth1\"]\n"),
              "lab.clab.yml:8:29: topology.links[1].endpoints[1]: a:eth1 is used twice (first at "
              "7:19)");
    EXPECT_EQ(
        links_error("    - type: veth\n      endpoints:\n        - {node: a, interface: eth1}\n"
                    "        - {node: a, interface: eth1}\n"),
        "lab.clab.yml:10:11: topology.links[0].endpoints[1]: a:eth1 is used twice (first "
        "at 9:11)");
    EXPECT_EQ(links_error("    - endpoints: [\"a:eth1\", \"host:a-eth1\"]\n"
                          "    - endpoints: [\"b:eth1\", \"host:a-eth1\"]\n"),
              "lab.clab.yml:8:29: topology.links[1].endpoints[1]: host:a-eth1: the host's "
              "namespace has an interface \"a-eth1\" of the lab already (at 7:29)");
    EXPECT_EQ(links_error("    - endpoints: [\"host:a1\", \"host:a2\"]\n"),
              "lab.clab.yml:7:7: topology.links[0]: both ends are on the host: a link needs a "
              "node at one end");
    EXPECT_EQ(links_error("    - endpoints: [\"a:eth1\", \"mgmt-net:a-eth1\"]\n"),
              "lab.clab.yml:7:29: topology.links[0].endpoints[1]: not supported: mgmt-net needs "
              "a management network (nsctl lab makes none)");
}

TEST(LabTopologyErrors, BridgesAndTheHostShareOneNamespace) {
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    a: {kind: linux}\n"
                       "    br0: {kind: bridge}\n    br1: {kind: bridge}\n  links:\n"
                       "    - endpoints: [\"a:eth1\", \"br0:p1\"]\n"
                       "    - endpoints: [\"a:eth2\", \"br1:p1\"]\n"),
              "lab.clab.yml:9:29: topology.links[1].endpoints[1]: br1:p1: the host's namespace "
              "has an interface \"p1\" of the lab already (at 8:29)");
    // A bridge is an interface there itself.
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    a: {kind: linux}\n"
                       "    br0: {kind: bridge}\n  links:\n"
                       "    - endpoints: [\"a:eth1\", \"host:br0\"]\n"),
              "lab.clab.yml:7:29: topology.links[0].endpoints[1]: host:br0: the host's namespace "
              "has an interface \"br0\" of the lab already (at 5:5)");
}

TEST(LabTopologyErrors, InterfaceNames) {
    std::string why =
        " is not a valid interface name (1 to 15 bytes; no '/', ':' or white space; not '.' or "
        "'..')";
    EXPECT_EQ(links_error("    - endpoints: [\"a:eth1-is-too-long\", \"b:eth1\"]\n"),
              "lab.clab.yml:7:19: topology.links[0].endpoints[0]: 'eth1-is-too-long'" + why);
    EXPECT_EQ(links_error("    - endpoints: [\"a:e1/1\", \"b:eth1\"]\n"),
              "lab.clab.yml:7:19: topology.links[0].endpoints[0]: 'e1/1'" + why);
    EXPECT_EQ(links_error("    - endpoints: [\"a:..\", \"b:eth1\"]\n"),
              "lab.clab.yml:7:19: topology.links[0].endpoints[0]: '..'" + why);
    EXPECT_EQ(links_error("    - endpoints: [\"a:eth 1\", \"b:eth1\"]\n"),
              "lab.clab.yml:7:19: topology.links[0].endpoints[0]: 'eth 1'" + why);
    EXPECT_EQ(links_error("    - type: host\n      endpoint: {node: a, interface: eth1}\n"
                          "      host-interface: a-eth1-on-the-host\n"),
              "lab.clab.yml:9:23: topology.links[0].host-interface: 'a-eth1-on-the-host'" + why);
    // 15 bytes is IFNAMSIZ - 1: the longest name.
    EXPECT_EQ(links_error("    - endpoints: [\"a:eth1-15-bytes\", \"b:eth1\"]\n"), "(parsed)");
}

TEST(LabTopologyErrors, LinkTypesAndTheirEnds) {
    EXPECT_EQ(links_error("    - type: dummy\n      endpoint: {node: a, interface: d0}\n"),
              "lab.clab.yml:7:13: topology.links[0].type: not supported: link type \"dummy\" "
              "(nsctl lab supports veth, host, macvlan, vxlan)");
    EXPECT_EQ(links_error("    - type: vxlan-stitch\n"),
              "lab.clab.yml:7:13: topology.links[0].type: not supported: link type "
              "\"vxlan-stitch\" (nsctl lab supports veth, host, macvlan, vxlan)");
    EXPECT_EQ(links_error("    - type: wire\n"),
              "lab.clab.yml:7:13: topology.links[0].type: unknown link type \"wire\" (nsctl lab "
              "supports veth, host, macvlan, vxlan)");
    EXPECT_EQ(links_error("    - type: mgmt-net\n"),
              "lab.clab.yml:7:13: topology.links[0].type: not supported: mgmt-net needs a "
              "management network (nsctl lab makes none)");
    EXPECT_EQ(links_error("    - type: host\n      endpoint: {node: a, interface: eth1}\n"),
              "lab.clab.yml:7:7: topology.links[0].host-interface: missing");
    EXPECT_EQ(links_error("    - type: veth\n      endpoints:\n        - {node: a}\n"
                          "        - {node: b, interface: eth1}\n"),
              "lab.clab.yml:9:11: topology.links[0].endpoints[0].interface: missing");
    EXPECT_EQ(error_of("name: x\ntopology:\n  nodes:\n    br0: {kind: bridge}\n  links:\n"
                       "    - endpoints: [\"br0:p1\", \"macvlan:enp0s3\"]\n"),
              "lab.clab.yml:6:19: topology.links[0].endpoints[0]: a macvlan link's endpoint is a "
              "linux node (br0 is a bridge node)");
    EXPECT_EQ(links_error("    - type: macvlan\n      endpoint: {node: a, interface: eth1}\n"
                          "      host-interface: enp0s3\n      mode: open\n"),
              "lab.clab.yml:10:13: topology.links[0].mode: unknown macvlan mode \"open\" (bridge, "
              "private, vepa, passthru, source)");
    EXPECT_EQ(links_error("    - type: host\n      endpoint: {node: host, interface: eth1}\n"
                          "      host-interface: eth2\n"),
              "lab.clab.yml:8:17: topology.links[0].endpoint: a host link's endpoint is a linux "
              "or bridge node (host-interface is the host's end)");
}

TEST(LabTopologyErrors, Vxlan) {
    std::string head = "    - type: vxlan\n      endpoint: {node: a, interface: vx0}\n";
    EXPECT_EQ(links_error(head + "      vni: 10\n"),
              "lab.clab.yml:7:7: topology.links[0].remote: missing: a vxlan link needs the remote "
              "VTEP's address");
    EXPECT_EQ(links_error(head + "      remote: 192.0.2.1\n"),
              "lab.clab.yml:7:7: topology.links[0].vni: missing: a vxlan link needs a vni");
    EXPECT_EQ(links_error(head + "      remote: 192.0.2.1\n      vni: 0\n"),
              "lab.clab.yml:10:12: topology.links[0].vni: 0 is out of range (vni takes 1 to "
              "16777215)");
    EXPECT_EQ(links_error(head + "      remote: 192.0.2.1\n      vni: 16777216\n"),
              "lab.clab.yml:10:12: topology.links[0].vni: 16777216 is out of range (vni takes 1 "
              "to 16777215)");
    EXPECT_EQ(links_error(head + "      remote: 192.0.2.1\n      vni: ten\n"),
              "lab.clab.yml:10:12: topology.links[0].vni: 'ten' is not a number (vni takes 1 to "
              "16777215)");
    EXPECT_EQ(links_error(head + "      remote: peer.example\n      vni: 1\n"),
              "lab.clab.yml:9:15: topology.links[0].remote: \"peer.example\" is not an IPv4 or "
              "IPv6 address");
    EXPECT_EQ(links_error(head + "      remote: 192.0.2.1\n      vni: 1\n      dst-port: 65536\n"),
              "lab.clab.yml:11:17: topology.links[0].dst-port: 65536 is out of range (dst-port "
              "takes 1 to 65535)");
}

TEST(LabTopologyErrors, MtuMacAndNetem) {
    std::string link = "    - endpoints: [a:eth1, b:eth1]\n";
    EXPECT_EQ(links_error(link + "      mtu: 67\n"),
              "lab.clab.yml:8:12: topology.links[0].mtu: 67 is out of range (mtu takes 68 to "
              "65535)");
    EXPECT_EQ(links_error(link + "      mtu: 65536\n"),
              "lab.clab.yml:8:12: topology.links[0].mtu: 65536 is out of range (mtu takes 68 to "
              "65535)");
    EXPECT_EQ(links_error(link + "      mtu: -1\n"),
              "lab.clab.yml:8:12: topology.links[0].mtu: '-1' is not a number (mtu takes 68 to "
              "65535)");
    EXPECT_EQ(links_error("    - type: veth\n      endpoints:\n"
                          "        - {node: a, interface: eth1, mac: \"01:00:5e:00:00:01\"}\n"
                          "        - {node: b, interface: eth1, mac: \"02:00:00:00:00:0g\"}\n"),
              "lab.clab.yml:9:43: topology.links[0].endpoints[0].mac: \"01:00:5e:00:00:01\" is not "
              "a unicast MAC address (an interface needs one)");
    EXPECT_EQ(links_error("    - type: veth\n      endpoints:\n"
                          "        - {node: a, interface: eth1}\n"
                          "        - {node: b, interface: eth1, mac: \"02:00:00:00:00:0g\"}\n"),
              "lab.clab.yml:10:43: topology.links[0].endpoints[1].mac: invalid MAC address "
              "\"02:00:00:00:00:0g\" (want six hex pairs: 02:00:00:00:00:01)");
    EXPECT_EQ(links_error(link + "      x-nsctl-netem: {jitter: 1ms}\n"),
              "lab.clab.yml:8:23: topology.links[0].x-nsctl-netem.jitter: jitter needs a delay");
    EXPECT_EQ(links_error(link + "      x-nsctl-netem: {delay: 10}\n"),
              "lab.clab.yml:8:30: topology.links[0].x-nsctl-netem.delay: invalid duration \"10\" "
              "(want a number and us, ms or s, in whole microseconds: 50ms, 1.5s)");
    EXPECT_EQ(links_error(link + "      x-nsctl-netem: {delay: 0.5us}\n"),
              "lab.clab.yml:8:30: topology.links[0].x-nsctl-netem.delay: invalid duration "
              "\"0.5us\" (want a number and us, ms or s, in whole microseconds: 50ms, 1.5s)");
    EXPECT_EQ(links_error(link + "      x-nsctl-netem: {loss: 101%}\n"),
              "lab.clab.yml:8:29: topology.links[0].x-nsctl-netem.loss: invalid loss \"101%\" "
              "(want 0 to 100, percent)");
    EXPECT_EQ(links_error(link + "      x-nsctl-netem: {rate: 0}\n"),
              "lab.clab.yml:8:29: topology.links[0].x-nsctl-netem.rate: invalid rate \"0\" (want "
              "kbit/s above 0: 100, 10mbit, 1gbit)");
    EXPECT_EQ(links_error(link + "      x-nsctl-netem: {}\n"),
              "lab.clab.yml:8:22: topology.links[0].x-nsctl-netem: empty: give delay, jitter, "
              "loss or rate");
    EXPECT_EQ(links_error(link + "      x-nsctl-netem: {corrupt: 1}\n"),
              "lab.clab.yml:8:23: topology.links[0].x-nsctl-netem.corrupt: unknown key "
              "(x-nsctl-netem takes delay, jitter, loss, rate)");
}

TEST(LabTopologyErrors, AFileThatCannotBeRead) {
    auto t = load_topology("/nonexistent/lab.clab.yml");
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().message(), "/nonexistent/lab.clab.yml: No such file or directory");
}

}  // namespace
}  // namespace nsctl::lab
