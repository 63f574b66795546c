// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl lab: deploy, destroy, inspect, exec, graph, netem and check of containerlab topology
// files
// (src/lib/lab). One library call per verb; this file reads the options, finds the lab and
// prints.
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/lab/lab_commands.h"
#include "cli/lab/lab_options.h"
#include "cli/net_args.h"
#include "cli/net_context.h"
#include "lab/deploy.h"
#include "lab/graph.h"
#include "lab/topology.h"
#include "lab/userns.h"

namespace nsctl::cli {
namespace {

constexpr const char* kProg = "nsctl lab";

double now_ms() {
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// The network commands nsctl runs in-process for an exec line `ip ...` (ip's "address" is our
// "addr"); others go to ip(8).
bool in_process(std::vector<std::string>& words) {
    if (words.empty()) return false;
    if (words[0] == "address") words[0] = "addr";
    return words[0] == "link" || words[0] == "addr" || words[0] == "route";
}

// Deploys a plan made from o.topology (read before a rootless lab's /run hides it).
int deploy_plan(const LabOptions& o, const lab::LabPlan* plan, double start) {
    lab::LabPaths paths;
    if (o.reconfigure) {
        auto old = lab::load_state(paths, plan->name);
        if (!old) return lab_fail(old.error());
        if (*old) {
            auto gone = lab::destroy(**old, paths);
            if (!gone) return lab_fail(gone.error());
        }
    }
    NetContext ctx;
    lab::DeployOptions options;
    options.paths = paths;
    options.ip = [&ctx](const std::string& netns,
                        const std::vector<std::string>& words) -> std::optional<int> {
        std::vector<std::string> command = words;
        if (!in_process(command)) return std::nullopt;
        std::vector<std::string> line;
        if (!netns.empty()) line = {"-n", netns};
        line.insert(line.end(), command.begin(), command.end());
        UsageErrorCapture capture;
        int rc = run_net_line(ctx, line);
        if (!capture.message().empty()) return std::nullopt;  // ip(8)'s grammar, not ours
        return rc;
    };
    std::fflush(stdout);
    auto done = lab::deploy(*plan, options);
    if (!done) return lab_fail(done.error());
    std::printf(
        "lab %s: %zu nodes, %zu links deployed (%zu namespaces, %zu links, %zu bridges "
        "made) in %.1f ms\n",
        plan->name.c_str(), plan->nodes.size(), plan->links.size(), done->made_namespaces,
        done->made_links, done->made_bridges, now_ms() - start);
    return flush_stdout(kProg);
}

int deploy(const LabOptions& o) {
    double start = now_ms();
    auto topology = lab::load_topology(o.topology);
    if (!topology) return lab_fail(topology.error());
    auto plan = lab::make_plan(*topology);
    if (!plan) return lab_fail(plan.error());
    return deploy_plan(o, &*plan, start);
}

int destroy_one(const lab::LabState& state, const lab::LabPaths& paths, bool cleanup) {
    auto gone = lab::destroy(state, paths,
                             cleanup ? lab::Cleanup::kAlways : lab::Cleanup::kOnlyWhenAllWent);
    if (!gone) return lab_fail(Error{gone.error().code, state.name + ": " + gone.error().context});
    std::printf("lab %s: destroyed\n", state.name.c_str());
    return 0;
}

int destroy(const LabOptions& o) {
    lab::LabPaths paths;
    auto states = find_labs(o, paths);
    if (!states) return lab_fail(states.error());
    int rc = 0;
    for (const auto& s : *states)
        if (int r = destroy_one(s, paths, o.cleanup)) rc = r;
    int flushed = flush_stdout(kProg);
    return rc ? rc : flushed;
}

int graph(const LabOptions& o) {
    auto topology = lab::load_topology(o.topology);
    if (!topology) return lab_fail(topology.error());
    return print_stdout(kProg,
                        o.graph == "dot" ? lab::to_dot(*topology) : lab::to_mermaid(*topology));
}

}  // namespace

int lab_fail(const Error& e) {
    warnx(kProg, e.message());
    return 1;
}

Result<std::vector<lab::LabState>> find_labs(const LabOptions& o, const lab::LabPaths& paths) {
    std::vector<std::string> names;
    if (!o.name.empty()) {
        names.push_back(o.name);
    } else if (!o.topology.empty()) {
        names.push_back(NSCTL_TRY(lab::load_topology(o.topology)).name);
    } else {
        names = NSCTL_TRY(lab::deployed_labs(paths));
    }
    std::vector<lab::LabState> states;
    for (const auto& n : names) {
        auto s = NSCTL_TRY(lab::load_state(paths, n));
        if (!s) return Error{0, "lab '" + n + "' is not deployed"};
        states.push_back(std::move(*s));
    }
    return states;
}

namespace {

int run_verb(const LabOptions& o) {
    switch (o.verb) {
        case LabVerb::kHelp:
            return print_stdout(kProg, lab_usage());
        case LabVerb::kDeploy:
            return deploy(o);
        case LabVerb::kDestroy:
            return destroy(o);
        case LabVerb::kInspect:
            return lab_inspect(o);
        case LabVerb::kExec:
            return lab_exec(o);
        case LabVerb::kGraph:
            return graph(o);
        case LabVerb::kNetem:
            return lab_netem(o);
        case LabVerb::kCheck:
            return lab_check(o);
    }
    return 1;
}

// deploy --userns: into the lab's holder when it stands, else in a new one.
int deploy_rootless(const LabOptions& o) {
    double start = now_ms();
    auto topology = lab::load_topology(o.topology);
    if (!topology) return lab_fail(topology.error());
    auto plan = lab::make_plan(*topology);
    if (!plan) return lab_fail(plan.error());
    for (const auto& n : topology->nodes)
        if (n.image)
            return lab_fail(Error{0, n.name + ": image: nodes with a root file system are not "
                                              "deployed in a rootless lab (--userns)"});
    auto holder = lab::find_holder(topology->name);
    if (!holder) return lab_fail(holder.error());
    auto in_lab = [&] { return deploy_plan(o, &*plan, start); };
    auto rc = *holder ? lab::in_holder(**holder, in_lab) : lab::start_holder(plan->name, in_lab);
    if (!rc) return lab_fail(Error{rc.error().code, "--userns: " + rc.error().context});
    return *rc;
}

// Any other verb with --userns: in each chosen lab's holder, the lab named there.
int rootless(const LabOptions& o) {
    if (o.verb == LabVerb::kDeploy) return deploy_rootless(o);
    std::vector<lab::Holder> holders;
    std::string name = o.name;
    if (name.empty() && !o.topology.empty()) {
        auto topology = lab::load_topology(o.topology);
        if (!topology) return lab_fail(topology.error());
        name = topology->name;
    }
    if (!name.empty()) {
        auto h = lab::find_holder(name);
        if (!h) return lab_fail(h.error());
        if (!*h) return lab_fail(Error{0, "lab '" + name + "' is not deployed (with --userns)"});
        holders.push_back(**h);
    } else {
        auto all = lab::list_holders();
        if (!all) return lab_fail(all.error());
        holders = std::move(*all);
    }
    int rc = 0;
    for (const auto& h : holders) {
        LabOptions one = o;
        one.name = h.lab;
        one.topology.clear();
        one.all = false;
        auto done = lab::in_holder(h, [&one] { return run_verb(one); });
        if (!done) {
            rc = lab_fail(Error{done.error().code, "--userns: " + done.error().context});
            continue;
        }
        if (*done == 0 && o.verb == LabVerb::kDestroy) {
            auto stopped = lab::stop_holder(h);
            if (!stopped) rc = lab_fail(stopped.error());
        }
        if (*done != 0) rc = *done;
    }
    return rc;
}

}  // namespace

int cmd_lab(int argc, char** argv) {
    load_locale();
    one_line_messages();
    std::vector<std::string> args(argv + 1, argv + argc);
    auto o = parse_lab_options(args);
    if (!o) {
        warnx(kProg, o.error().context);
        std::fprintf(stderr, "Try 'nsctl lab --help' for more information.\n");
        return 1;
    }
    if (o->userns) return rootless(*o);
    if (o->verb == LabVerb::kDeploy && geteuid() != 0)
        return lab_fail(Error{0,
                              "deploy needs root; add --userns for a lab in a user namespace "
                              "of yours (no root, nothing on the machine changes)"});
    return run_verb(*o);
}

}  // namespace nsctl::cli
