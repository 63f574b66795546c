// SPDX-License-Identifier: GPL-2.0-or-later
// Shared by deploy.cc, node_programs.cc and destroy.cc: the namespaces of a lab by name, each
// opened once (an fd for setns and a netlink socket), and the splitting of an exec line.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/unique_fd.h"
#include "lab/deploy.h"
#include "net/netlink.h"
#include "net/netns.h"

namespace nsctl::lab::impl {

/// The lab's network namespaces by name; "" is the host's (ours). Opened on first use, kept.
class Namespaces {
  public:
    explicit Namespaces(const std::string& netns_dir) : registry_(netns_dir) {}
    net::NetnsRegistry& registry() { return registry_; }
    /// An fd of the namespace (borrowed: owned here).
    Result<int> fd(const std::string& netns);
    /// A netlink socket in it.
    Result<net::Netlink*> netlink(const std::string& netns);
    /// Forgets a namespace (after it is removed).
    void forget(const std::string& netns);

  private:
    net::NetnsRegistry registry_;
    std::map<std::string, UniqueFd> fds_;
    std::map<std::string, std::unique_ptr<net::Netlink>> sockets_;
};

/// The words of an exec line as ip -batch splits its lines: blanks separate words, a word that
/// starts with a quote runs to the same quote. Empty when the line has a stray quote.
std::vector<std::string> split_words(const std::string& line);

/// Writes a linux node's sysctls in its network namespace. Errors name the node and the key.
/// With later, a key the kernel does not have yet (ENOENT: net.ipv4.conf.eth1.* before eth1
/// exists) is put there instead, for a second call once the links are made.
Result<void> write_sysctls(const PlanNode& node, Namespaces& ns, StringMap* later = nullptr);

/// Starts an image node's sandbox: `nsctl run --name NETNS --detach --netns NETNS --rootfs IMAGE
/// --overlay --hostname NODE --cap-add cap_net_admin,cap_net_raw [--env K=V]... [--bind
/// SRC:DST]... -- sh -c CMD` (`sleep infinity` without cmd), with paths.nsctl. Errors name the
/// node and say how nsctl run ended.
Result<void> start_sandbox(const PlanNode& node, const LabPaths& paths);

/// Removes an image node's sandbox (`nsctl rm --force NAME`) if the sandbox registry has it.
Result<void> remove_sandbox(const std::string& name, const LabPaths& paths);

/// Runs the exec lines and cmd of a node the deploy made (an image node's cmd is its sandbox's
/// command). *cmd_pid and *starttime get the cmd's process (left running). Errors name the node
/// and the line.
Result<void> setup_node(const PlanNode& node, const LabPlan& plan, const DeployOptions& options,
                        Namespaces& ns, pid_t* cmd_pid, std::string* starttime);

/// Ends a node's cmd (its process group: SIGTERM, then SIGKILL after a second) if the pid
/// is still the process that started at starttime.
void stop_cmd(pid_t pid, const std::string& starttime);

}  // namespace nsctl::lab::impl
