// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/lab/lab_options.h"

#include <string_view>

#include "base/parse.h"
#include "lab/netem.h"

namespace nsctl::cli {
namespace {

struct VerbName {
    std::string_view name;
    LabVerb verb;
};
constexpr VerbName kVerbs[] = {{"deploy", LabVerb::kDeploy},   {"destroy", LabVerb::kDestroy},
                               {"inspect", LabVerb::kInspect}, {"exec", LabVerb::kExec},
                               {"graph", LabVerb::kGraph},     {"netem", LabVerb::kNetem},
                               {"check", LabVerb::kCheck},     {"help", LabVerb::kHelp}};

// check --timeout: at most a minute (a lab that has not answered by then will not).
constexpr int32_t kMaxTimeoutMs = 60000;

Error bad(std::string_view verb, const std::string& message) {
    return Error{0, std::string(verb) + ": " + message};
}

// The options each verb takes, with --help everywhere.
bool takes(LabVerb verb, std::string_view opt) {
    if (opt == "--help" || opt == "-h") return true;
    if (opt == "--userns") return verb != LabVerb::kGraph && verb != LabVerb::kHelp;
    switch (verb) {
        case LabVerb::kDeploy:
            return opt == "-t" || opt == "--topo" || opt == "--reconfigure";
        case LabVerb::kDestroy:
            return opt == "-t" || opt == "--topo" || opt == "--name" || opt == "--all" ||
                   opt == "--cleanup";
        case LabVerb::kInspect:
            return opt == "-t" || opt == "--topo" || opt == "--name" || opt == "--all" ||
                   opt == "--format" || opt == "-f";
        case LabVerb::kExec:
            return opt == "-t" || opt == "--topo" || opt == "--name" || opt == "--node" ||
                   opt == "--label";
        case LabVerb::kGraph:
            return opt == "-t" || opt == "--topo" || opt == "--dot" || opt == "--mermaid";
        case LabVerb::kNetem:
            return opt == "-t" || opt == "--topo" || opt == "--name" || opt == "--all" ||
                   opt == "--node" || opt == "-i" || opt == "--interface" || opt == "--delay" ||
                   opt == "--jitter" || opt == "--loss" || opt == "--rate" || opt == "--format" ||
                   opt == "-f";
        case LabVerb::kCheck:
            return opt == "-t" || opt == "--topo" || opt == "--name" || opt == "--all" ||
                   opt == "--format" || opt == "-f" || opt == "--timeout";
        case LabVerb::kHelp:
            return false;
    }
    return false;
}

bool needs_value(std::string_view opt) {
    return opt == "-t" || opt == "--topo" || opt == "--name" || opt == "--format" || opt == "-f" ||
           opt == "--node" || opt == "--label" || opt == "-i" || opt == "--interface" ||
           opt == "--delay" || opt == "--jitter" || opt == "--loss" || opt == "--rate" ||
           opt == "--timeout";
}

// netem set's --delay, --jitter, --loss and --rate, in containerlab's units.
Result<void> take_impairment(LabOptions& o, std::string_view verb, std::string_view opt,
                             const std::string& value) {
    net::Impairment& imp = o.impairment;
    if (opt == "--delay" || opt == "--jitter") {
        auto d = lab::parse_netem_duration(value);
        if (!d) return bad(verb, std::string(opt) + " " + value + ": " + lab::kDurationWant);
        (opt == "--delay" ? imp.delay : imp.jitter) = *d;
    } else if (opt == "--loss") {
        imp.loss_percent = lab::parse_netem_loss(value);
        if (!imp.loss_percent) return bad(verb, "--loss " + value + ": " + lab::kLossWant);
    } else if (opt == "--rate") {
        imp.rate_kbit = lab::parse_netem_rate(value);
        if (!imp.rate_kbit) return bad(verb, "--rate " + value + ": " + lab::kRateWant);
    }
    return {};
}

Result<void> take(LabOptions& o, std::string_view verb, std::string_view opt,
                  const std::string& value) {
    if (opt == "-t" || opt == "--topo") o.topology = value;
    if (opt == "--name") o.name = value;
    if (opt == "--all") o.all = true;
    if (opt == "--reconfigure") o.reconfigure = true;
    if (opt == "--userns") o.userns = true;
    if (opt == "--cleanup") o.cleanup = true;
    if (opt == "--dot") o.graph = "dot";
    if (opt == "--mermaid") o.graph = "mermaid";
    if (opt == "--node") o.nodes.push_back(value);
    if (opt == "-i" || opt == "--interface") o.interface = value;
    NSCTL_TRY(take_impairment(o, verb, opt, value));
    if (opt == "--format" || opt == "-f") {
        if (value != "table" && value != "json")
            return bad(verb, "--format " + value + ": table or json");
        o.json = value == "json";
    }
    if (opt == "--timeout") {
        auto ms = parse_i32(value);
        if (!ms || *ms < 1 || *ms > kMaxTimeoutMs)
            return bad(verb, "--timeout " + value + ": milliseconds from 1 to 60000 expected");
        o.timeout_ms = *ms;
    }
    if (opt == "--label") {
        size_t eq = value.find('=');
        if (eq == std::string::npos || eq == 0)
            return bad(verb, "--label " + value + ": KEY=VALUE expected");
        o.labels.emplace_back(value.substr(0, eq), value.substr(eq + 1));
    }
    return {};
}

// Which of -t, --name and --all a verb was given: exactly one for destroy, at most one else.
Result<void> check_target(const LabOptions& o, std::string_view verb) {
    int given = !o.topology.empty() + !o.name.empty() + o.all;
    if (given > 1) return bad(verb, "give one of -t FILE, --name LAB and --all");
    bool need = o.verb == LabVerb::kDeploy || o.verb == LabVerb::kGraph ||
                o.verb == LabVerb::kDestroy || o.verb == LabVerb::kExec ||
                (o.verb == LabVerb::kNetem && o.netem_action != "show") ||
                o.verb == LabVerb::kCheck;
    if (need && given == 0) {
        if (o.verb == LabVerb::kDeploy || o.verb == LabVerb::kGraph)
            return bad(verb, "-t FILE is required");
        bool all_too = o.verb == LabVerb::kDestroy || o.verb == LabVerb::kCheck;
        return bad(verb,
                   all_too ? "give -t FILE, --name LAB or --all" : "give -t FILE or --name LAB");
    }
    bool one_lab =
        o.verb == LabVerb::kExec || (o.verb == LabVerb::kNetem && o.netem_action != "show");
    if (one_lab && o.all) return bad(verb, "--all: one lab at a time");
    return {};
}

// netem set NODE IF IMPAIRMENT, reset NODE IF, show [NODE].
Result<void> check_netem(const LabOptions& o, std::string_view verb) {
    const net::Impairment& imp = o.impairment;
    bool any = imp.delay || imp.jitter || imp.loss_percent || imp.rate_kbit;
    if (o.nodes.size() > 1) return bad(verb, "--node: one node at a time");
    if (o.netem_action == "show") {
        if (!o.interface.empty() || any)
            return bad(verb, "show takes -t FILE, --name LAB, --all, --node NODE and --format");
        return {};
    }
    if (o.nodes.empty()) return bad(verb, o.netem_action + ": --node NODE is required");
    if (o.interface.empty()) return bad(verb, o.netem_action + ": -i INTERFACE is required");
    if (o.json) return bad(verb, "--format: only show prints");
    if (o.netem_action == "reset") {
        if (any) return bad(verb, "reset takes no --delay, --jitter, --loss or --rate");
        return {};
    }
    if (!any) return bad(verb, "set: give --delay, --jitter, --loss or --rate");
    if (imp.jitter && !imp.delay) return bad(verb, "set: --jitter needs --delay");
    return {};
}

Result<void> check_verb(const LabOptions& o, std::string_view verb) {
    NSCTL_TRY(check_target(o, verb));
    if (o.verb == LabVerb::kNetem) return check_netem(o, verb);
    if (o.verb == LabVerb::kGraph && o.graph.empty()) return bad(verb, "give --dot or --mermaid");
    if (o.verb == LabVerb::kExec) {
        if (o.nodes.empty() && o.labels.empty())
            return bad(verb, "give --node NODE or --label KEY=VALUE");
        if (o.command.empty()) return bad(verb, "no command (nsctl lab exec ... -- CMD [ARG...])");
    }
    return {};
}

}  // namespace

Result<LabOptions> parse_lab_options(const std::vector<std::string>& args) {
    LabOptions o;
    if (args.empty())
        return Error{0, "missing verb (deploy, destroy, inspect, exec, graph, netem, check)"};
    const std::string& verb = args[0];
    bool known = false;
    for (const auto& v : kVerbs)
        if (v.name == verb) o.verb = v.verb, known = true;
    if (verb == "--help" || verb == "-h") return o;
    if (!known)
        return Error{
            0, "unknown verb '" + verb + "' (deploy, destroy, inspect, exec, graph, netem, check)"};
    size_t first = 1;
    if (o.verb == LabVerb::kNetem && args.size() > 1 && args[1][0] != '-') {
        o.netem_action = args[1];
        if (o.netem_action != "set" && o.netem_action != "show" && o.netem_action != "reset")
            return bad(verb, "unknown action '" + o.netem_action + "' (set, show, reset)");
        first = 2;
    } else if (o.verb == LabVerb::kNetem &&
               !(args.size() > 1 && (args[1] == "--help" || args[1] == "-h"))) {
        return bad(verb, "give an action: set, show or reset");
    }
    for (size_t i = first; i < args.size(); ++i) {
        std::string opt = args[i], value;
        if (opt == "--" && o.verb == LabVerb::kExec) {
            o.command.assign(args.begin() + static_cast<long>(i) + 1, args.end());
            break;
        }
        size_t eq = opt.find('=');
        if (opt.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = opt.substr(eq + 1);
            opt.resize(eq);
            if (!needs_value(opt)) return bad(verb, opt + " takes no value");
        } else if (needs_value(opt)) {
            if (i + 1 >= args.size()) return bad(verb, opt + " needs a value");
            value = args[++i];
        }
        if (!takes(o.verb, opt)) return bad(verb, "unknown option " + opt);
        if (opt == "--help" || opt == "-h") {
            o.name = verb;
            o.verb = LabVerb::kHelp;
            return o;
        }
        NSCTL_TRY(take(o, verb, opt, value));
    }
    NSCTL_TRY(check_verb(o, verb));
    return o;
}

const char* lab_usage() {
    return "Usage:\n"
           " nsctl lab deploy -t FILE [--reconfigure]\n"
           " nsctl lab destroy -t FILE | --name LAB | --all [--cleanup]\n"
           " nsctl lab inspect [-t FILE | --name LAB | --all] [--format table|json]\n"
           " nsctl lab exec -t FILE | --name LAB --node NODE | --label KEY=VALUE -- CMD [ARG...]\n"
           " nsctl lab graph -t FILE --dot | --mermaid\n"
           " nsctl lab netem set -t FILE | --name LAB --node NODE -i IF [--delay D] [--jitter J]\n"
           "                     [--loss PCT] [--rate KBIT]\n"
           " nsctl lab netem reset -t FILE | --name LAB --node NODE -i IF\n"
           " nsctl lab netem show [-t FILE | --name LAB | --all] [--node NODE] [-f table|json]\n"
           " nsctl lab check -t FILE | --name LAB | --all [--timeout MS] [--format table|json]\n"
           "Every verb but graph also takes --userns.\n"
           "\n"
           "Test networks from containerlab topology files (*.clab.yml), deployed over netlink:\n"
           "linux nodes are network and UTS namespaces named clab-LAB-NODE in /run/netns, bridge\n"
           "nodes host bridges, links veth pairs; a linux node with image: DIR is an nsctl run\n"
           "sandbox. Lab state lives in /run/nsctl/labs/LAB. check pings, from nsctl itself,\n"
           "every two addresses of different nodes that share a link or bridge and a subnet, all\n"
           "at once; it exits 1 if any pair does not answer.\n"
           "\n"
           "Options:\n"
           " -t, --topo FILE      the topology file\n"
           "     --name LAB       a deployed lab, by name (the file may be gone)\n"
           "     --all            every deployed lab\n"
           "     --reconfigure    destroy the lab first, then deploy it anew\n"
           "     --cleanup        remove the lab's state even if something could not be removed\n"
           "     --userns         a rootless lab: all of it in namespaces of yours, held by one\n"
           "                      process (give it to every verb for that lab)\n"
           " -f, --format FMT     inspect's, netem show's and check's output: table or json\n"
           "     --node NODE      exec in this node (repeatable); netem's node\n"
           "     --label K=V      exec in the nodes with this label (repeatable: all must match)\n"
           "     --dot, --mermaid graph's output format\n"
           " -i, --interface IF   netem: the node's interface\n"
           "     --delay D        netem set: delay each packet by D (50ms, 1.5s, 250us)\n"
           "     --jitter J       ... give or take J (with --delay)\n"
           "     --loss PCT       netem set: drop PCT percent of the packets (0 to 100)\n"
           "     --rate KBIT      netem set: at most KBIT kbit/s (100, or 10mbit, 1gbit)\n"
           "     --timeout MS     how long check waits for replies (default 3000, at most 60000)\n"
           " -h, --help           this text\n"
           "\nSee nsctl-lab(8).\n";
}

}  // namespace nsctl::cli
