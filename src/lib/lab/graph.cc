// SPDX-License-Identifier: GPL-2.0-or-later
#include "lab/graph.h"

#include <unordered_map>
#include <vector>

namespace nsctl::lab {
namespace {

enum class Shape { kLinux, kBridge, kHost, kRemote };

struct GraphNode {
    std::string name;  // unique: node names hold no blank, "vtep ADDRESS" does
    Shape shape;
};

struct GraphEdge {
    size_t from, to;
    std::string tail, head;  // the labels at each end
    bool dashed = false;
};

struct Graph {
    std::vector<GraphNode> nodes;
    std::vector<GraphEdge> edges;
    std::unordered_map<std::string, size_t> index;

    size_t add(const std::string& name, Shape shape) {
        auto [it, added] = index.emplace(name, nodes.size());
        if (added) nodes.push_back(GraphNode{name, shape});
        return it->second;
    }
};

Shape shape_of(NodeKind kind) {
    switch (kind) {
        case NodeKind::kLinux:
            return Shape::kLinux;
        case NodeKind::kBridge:
            return Shape::kBridge;
        case NodeKind::kHost:
            break;
    }
    return Shape::kHost;
}

// An end names a node of the file, or the host ("host", which needs no node of its own).
size_t end_node(Graph& g, const Endpoint& end) { return g.add(end.node, shape_of(end.kind)); }

Graph build(const Topology& t) {
    Graph g;
    for (const auto& n : t.nodes) g.add(n.name, shape_of(n.kind));
    for (const auto& link : t.links) {
        const Endpoint& a = link.endpoints[0];
        GraphEdge e{end_node(g, a), 0, a.interface, "", false};
        switch (link.type) {
            case LinkType::kVeth:
            case LinkType::kHost:
                e.to = end_node(g, link.endpoints[1]);
                e.head = link.endpoints[1].interface;
                break;
            case LinkType::kMacvlan:
                e.to = g.add("host", Shape::kHost);
                e.head = link.host_interface + " (macvlan)";
                break;
            case LinkType::kVxlan:
                e.to = g.add("vtep " + link.vxlan->remote, Shape::kRemote);
                e.head = "vni " + std::to_string(link.vxlan->vni);
                e.dashed = true;
                break;
        }
        g.edges.push_back(std::move(e));
    }
    return g;
}

// A DOT string: backslash and double quote escaped.
std::string dot_quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// A Mermaid string: a double quote is the entity #quot; (the one character a quoted label
// cannot hold).
std::string mermaid_quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') {
            out += "#quot;";
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string_view dot_shape(Shape shape) {
    switch (shape) {
        case Shape::kLinux:
            return "shape=box";
        case Shape::kBridge:
            return "shape=ellipse";
        case Shape::kHost:
            return "shape=house";
        case Shape::kRemote:
            break;
    }
    return "shape=box, style=dashed";
}

std::string mermaid_node(const std::string& id, const GraphNode& n) {
    std::string label = mermaid_quoted(n.name);
    switch (n.shape) {
        case Shape::kLinux:
            return id + "[" + label + "]";
        case Shape::kBridge:
            return id + "([" + label + "])";
        case Shape::kHost:
            return id + "{{" + label + "}}";
        case Shape::kRemote:
            break;
    }
    return id + "[/" + label + "/]";
}

}  // namespace

std::string to_dot(const Topology& topology) {
    Graph g = build(topology);
    std::string out = "graph " + dot_quoted(topology.name) + " {\n";
    for (const auto& n : g.nodes) {
        out += "    " + dot_quoted(n.name) + " [" + std::string(dot_shape(n.shape)) + "];\n";
    }
    for (const auto& e : g.edges) {
        out += "    " + dot_quoted(g.nodes[e.from].name) + " -- " + dot_quoted(g.nodes[e.to].name) +
               " [taillabel=" + dot_quoted(e.tail) + ", headlabel=" + dot_quoted(e.head) +
               (e.dashed ? ", style=dashed" : "") + "];\n";
    }
    return out + "}\n";
}

std::string to_mermaid(const Topology& topology) {
    Graph g = build(topology);
    std::string out = "graph LR\n";
    for (size_t i = 0; i < g.nodes.size(); ++i) {
        out += "    " + mermaid_node("n" + std::to_string(i), g.nodes[i]) + "\n";
    }
    for (const auto& e : g.edges) {
        out += "    n" + std::to_string(e.from) + (e.dashed ? " -.-|" : " ---|") +
               mermaid_quoted(e.tail + " -- " + e.head) + "| n" + std::to_string(e.to) + "\n";
    }
    return out;
}

}  // namespace nsctl::lab
