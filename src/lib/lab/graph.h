// SPDX-License-Identifier: GPL-2.0-or-later
// `nsctl lab graph`: a topology as a Graphviz DOT or a Mermaid flowchart. Deterministic: the
// nodes in file order, then the ends that are not nodes of the file (the host when no node
// stands for it, the remote VTEPs of vxlan links) in the order the links first use them, and
// one edge per link in file order, labelled with its interface names.
#pragma once

#include <string>

#include "lab/topology.h"

namespace nsctl::lab {

/// An undirected DOT graph named after the lab: linux nodes as boxes, bridges as ellipses, the
/// host as a house, remote VTEPs dashed; each edge carries the interface at each end
/// (taillabel, headlabel).
std::string to_dot(const Topology& topology);

/// A Mermaid flowchart (graph LR): nodes n0, n1, ... labelled with their names (linux
/// [box], bridge ([stadium]), host {{hexagon}}, remote VTEP [/parallelogram/]); each edge
/// labelled "IF -- IF".
std::string to_mermaid(const Topology& topology);

}  // namespace nsctl::lab
