// SPDX-License-Identifier: GPL-2.0-or-later
// Networks of `nsctl run` (issue 10): --net none|host|veth|veth:BRIDGE, --netns, --publish,
// --dns. Every test that makes links, NAT rules or leases does it in namespaces of its own
// (run_in_fresh_namespaces: a new network namespace, and a tmpfs on /run, so /run/nsctl starts
// empty), and checks that the sandbox took all of it back.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "run_helpers.h"

namespace nsctl::test::run_cli {
namespace {

class RunNetwork : public RunTest {};

// The links of the current network namespace.
std::set<std::string> links() {
    std::set<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator("/sys/class/net"))
        names.insert(e.path().filename());
    return names;
}

std::set<std::string> leases() {
    std::set<std::string> names;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/run/nsctl/.net", ec))
        names.insert(e.path().filename());
    return names;
}

std::string nft_tables() { return run({"nft", "list", "tables"}).out; }

// What a veth sandbox left behind: nothing, or what.
::testing::AssertionResult nothing_left(const std::set<std::string>& links_before) {
    std::string left;
    for (const auto& l : links())
        if (!links_before.count(l)) left += " link " + l;
    for (const auto& l : leases()) left += " lease " + l;
    std::string tables = nft_tables();
    if (tables.find("nsctl") != std::string::npos) left += " nft: " + tables;
    if (left.empty()) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "left behind:" << left;
}

// A line of `ip -4 -o addr show eth0; ip route` inside: "10.242.0.6/30 via 10.242.0.5".
const char* kShowNet =
    "ip -4 -o addr show dev eth0 | awk '{print $4}'; ip route show default | awk '{print $3}'";

// Connects to addr:port over TCP and returns what the peer sent until it closed ("" on failure).
std::string fetch(const std::string& addr, int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, addr.c_str(), &sa.sin_addr);
    std::string got;
    if (connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0) {
        char buf[256];
        ssize_t n;
        while ((n = read(fd, buf, sizeof buf)) > 0) got.append(buf, static_cast<size_t>(n));
    }
    close(fd);
    return got;
}

TEST_F(RunNetwork, NoneIsLoopbackOnlyAndHostIsTheCallers) {
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        RunResult r = nsctl_run(as, {"--", "sh", "-c", "ls /sys/class/net; ip -o addr show lo"});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(lines_of(r.out)[0], "lo") << r.out;
        EXPECT_NE(r.out.find("127.0.0.1/8"), std::string::npos) << r.out;  // up, addressed
        r = nsctl_run(as, {"--net", "host", "--", "readlink", "/proc/self/ns/net"});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.out, "net:[" + own_ns("net") + "]\n");
        r = nsctl_run(as, {"--net", "none", "--", "readlink", "/proc/self/ns/net"});
        EXPECT_NE(r.out, "net:[" + own_ns("net") + "]\n");
    }
}

// The quick reference's "Configure Network Namespace" and "Enable Internet Access" as one
// option: an address of 10.242.0.0/16, the host side as gateway, NAT for the block; all of it
// gone when the sandbox ends, and after a SIGKILL of nsctl at the next run.
TEST_F(RunNetwork, VethAddressRouteNatAndCleanup) {
    run_in_fresh_namespaces([this] {
        ASSERT_EQ(run({"ip", "link", "set", "lo", "up"}).status, 0);
        auto before = links();
        RunResult r = nsctl_run(As::kRoot, {"--net", "veth", "--", "sh", "-c",
                                            std::string(kShowNet) + "; ping -c1 -W2 $(ip route "
                                                                    "show default | awk "
                                                                    "'{print $3}') >/dev/null "
                                                                    "&& echo ping=OK"});
        ASSERT_EQ(r.status, 0) << r.err;
        auto got = lines_of(r.out);
        ASSERT_EQ(got.size(), 3u) << r.out;
        EXPECT_TRUE(got[0].starts_with("10.242.") && got[0].ends_with("/30")) << got[0];
        in_addr a{}, gw{};
        ASSERT_EQ(inet_pton(AF_INET, got[0].substr(0, got[0].find('/')).c_str(), &a), 1);
        ASSERT_EQ(inet_pton(AF_INET, got[1].c_str(), &gw), 1);
        EXPECT_EQ(ntohl(a.s_addr) % 4, 2u);                // .2 of its /30
        EXPECT_EQ(ntohl(gw.s_addr) + 1, ntohl(a.s_addr));  // the host side, .1
        EXPECT_EQ(got[2], "ping=OK");
        EXPECT_TRUE(nothing_left(before));

        // While it runs: the host side, the NAT rule, the lease, and ps names them.
        Started box(run_argv(As::kRoot, {"--net", "veth", "--die-with-parent", "--name", "netbox",
                                         "--", "sh", "-c", "echo ready; sleep 30"}),
                    StartOptions{.env = nsctl_env()});
        ASSERT_TRUE(box.wait_for_line("ready")) << box.err();
        std::string host_if = "nsctl" + std::to_string(box.pid());
        EXPECT_TRUE(links().count(host_if)) << host_if;
        EXPECT_EQ(leases().size(), 1u);
        RunResult nat = run({NSCTL_BINARY, "nat", "show"});
        EXPECT_NE(nat.out.find("10.242."), std::string::npos) << nat.out << nat.err;
        RunResult ps = run({NSCTL_BINARY, "ps", "--json"}, "", nsctl_env());
        EXPECT_NE(ps.out.find("\"host-interface\":\"" + host_if + "\""), std::string::npos)
            << ps.out;
        // SIGKILL: nsctl takes nothing back itself. The link goes with the sandbox's namespace
        // (a veth dies with its peer); the NAT rule and the lease stay until nsctl ps drops the
        // record of the dead sandbox and takes them back.
        ASSERT_EQ(kill(box.pid(), SIGKILL), 0);
        EXPECT_EQ(box.wait(), 128 + SIGKILL);
        EXPECT_EQ(leases().size(), 1u);
        nat = run({NSCTL_BINARY, "nat", "show"});
        EXPECT_NE(nat.out.find("10.242."), std::string::npos) << nat.out << nat.err;
        ps = run({NSCTL_BINARY, "ps"}, "", nsctl_env());
        EXPECT_EQ(ps.out.find("netbox"), std::string::npos) << ps.out;
        EXPECT_TRUE(nothing_left(before));
        // Without a name, the next veth run takes them back.
        Started unnamed(run_argv(As::kRoot, {"--net", "veth", "--die-with-parent", "--", "sh", "-c",
                                             "echo ready; sleep 30"}),
                        StartOptions{.env = nsctl_env()});
        ASSERT_TRUE(unnamed.wait_for_line("ready")) << unnamed.err();
        ASSERT_EQ(kill(unnamed.pid(), SIGKILL), 0);
        EXPECT_EQ(unnamed.wait(), 128 + SIGKILL);
        EXPECT_EQ(leases().size(), 1u);
        r = nsctl_run(As::kRoot, {"--net", "veth", "--", "true"});
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_TRUE(nothing_left(before));
    });
}

TEST_F(RunNetwork, PublishForwardsAHostPortAndRefusesATakenOne) {
    run_in_fresh_namespaces([this] {
        ASSERT_EQ(run({"ip", "link", "set", "lo", "up"}).status, 0);
        auto before = links();
        Started box(run_argv(As::kRoot,
                             {"--net", "veth", "--die-with-parent", "--publish", "8080:80", "--",
                              "sh", "-c", "echo ready; busybox nc -l -p 80 -e echo hello-inside"}),
                    StartOptions{.env = nsctl_env()});
        ASSERT_TRUE(box.wait_for_line("ready")) << box.err();
        std::string host_if = "nsctl" + std::to_string(box.pid());
        RunResult addr = run({"ip", "-4", "-o", "addr", "show", "dev", host_if});
        std::string host_side = addr.out.substr(addr.out.find("inet ") + 5);
        host_side = host_side.substr(0, host_side.find('/'));
        // The host port is held: neither a host program nor another sandbox gets it.
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(8080);
        EXPECT_NE(bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
        close(fd);
        RunResult second = nsctl_run(As::kRoot, {"--net", "veth", "--publish", "8080:81", "true"});
        EXPECT_TRUE(is_one_error(second, 125, "--publish 8080:81/tcp: port 8080/tcp is in use"));
        std::string got;
        for (int i = 0; i < 50 && got.empty(); ++i) {  // until nc listens
            got = fetch(host_side, 8080);
            if (got.empty()) usleep(20000);
        }
        EXPECT_EQ(got, "hello-inside\n");
        EXPECT_EQ(box.wait(), 0) << box.err();
        EXPECT_TRUE(nothing_left(before));

        // A port a host program listens on.
        fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sa.sin_port = htons(5353);
        ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
        RunResult taken =
            nsctl_run(As::kRoot, {"--net", "veth", "--publish", "5353:53/udp", "true"});
        EXPECT_TRUE(is_one_error(taken, 125, "port 5353/udp is in use on the host"));
        close(fd);
        EXPECT_TRUE(nothing_left(before));
    });
}

TEST_F(RunNetwork, VethOnABridge) {
    run_in_fresh_namespaces([this] {
        ASSERT_EQ(run({NSCTL_BINARY, "link", "add", "br0", "type", "bridge"}).status, 0);
        auto before = links();
        RunResult r = nsctl_run(As::kRoot, {"--net", "veth:br0", "true"});
        EXPECT_TRUE(is_one_error(r, 125, "bridge 'br0' has no IPv4 address"));
        ASSERT_EQ(run({NSCTL_BINARY, "addr", "add", "10.77.0.1/29", "dev", "br0"}).status, 0);
        ASSERT_EQ(run({NSCTL_BINARY, "link", "set", "br0", "up"}).status, 0);
        Started first(run_argv(As::kRoot, {"--net", "veth:br0", "--die-with-parent", "--", "sh",
                                           "-c", std::string(kShowNet) + "; sleep 30"}),
                      StartOptions{.env = nsctl_env()});
        ASSERT_TRUE(first.wait_for_line("10.77.0.1")) << first.out() << first.err();
        EXPECT_EQ(lines_of(first.out())[0], "10.77.0.2/29");
        std::string port = "nsctl" + std::to_string(first.pid());
        char master[64] = {};
        ASSERT_GT(readlink(("/sys/class/net/" + port + "/master").c_str(), master, 63), 0);
        EXPECT_TRUE(std::string(master).ends_with("/br0")) << master;
        // The next sandbox gets the next address, and it reaches the first across the bridge.
        r = nsctl_run(As::kRoot,
                      {"--net", "veth:br0", "--", "sh", "-c",
                       std::string(kShowNet) + "; ping -c1 -W2 10.77.0.2 >/dev/null && echo ok"});
        EXPECT_EQ(r.out, "10.77.0.3/29\n10.77.0.1\nok\n") << r.err;
        ASSERT_EQ(kill(first.pid(), SIGTERM), 0);
        first.wait();
        EXPECT_TRUE(nothing_left(before));
        r = nsctl_run(As::kRoot, {"--net", "veth:lo", "true"});
        EXPECT_TRUE(is_one_error(r, 125, "--net veth:lo: 'lo' is not a bridge"));
        r = nsctl_run(As::kRoot, {"--net", "veth:nosuch", "true"});
        EXPECT_TRUE(is_one_error(r, 125, "--net veth:nosuch: no bridge named 'nosuch'"));
        EXPECT_TRUE(nothing_left(before));
    });
}

TEST_F(RunNetwork, NamedNetnsAndDns) {
    run_in_fresh_namespaces([this] {
        ASSERT_EQ(run({NSCTL_BINARY, "netns", "add", "blue"}).status, 0);
        struct stat st {};
        ASSERT_EQ(stat("/run/netns/blue", &st), 0);
        RunResult r =
            nsctl_run(As::kRoot, {"--netns", "blue", "--", "readlink", "/proc/self/ns/net"});
        EXPECT_EQ(r.out, "net:[" + std::to_string(st.st_ino) + "]\n") << r.err;
        r = nsctl_run(As::kRoot, {"--netns", "green", "true"});
        EXPECT_TRUE(is_one_error(r, 125, "--netns 'green': no network namespace of that name"));
        r = nsctl_run(As::kNobody, {"--netns", "blue", "true"});
        EXPECT_TRUE(is_one_error(r, 125, "--netns needs root without --userns"));
        r = nsctl_run(As::kNobody, {"--net", "veth", "true"});
        EXPECT_TRUE(is_one_error(r, 125, "--net veth needs root without --userns"));
        EXPECT_EQ(run({NSCTL_BINARY, "netns", "delete", "blue"}).status, 0);
    });
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        // Over the host's file (read-only tree), and made in an image that has no /etc.
        RunResult r = nsctl_run(
            as, {"--dns", "192.0.2.53", "--dns", "2001:db8::53", "--", "cat", "/etc/resolv.conf"});
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_NE(r.out.find("nameserver 192.0.2.53\nnameserver 2001:db8::53\n"), std::string::npos)
            << r.out;
        // A read-only image without the file: nothing to mount on, and nsctl does not write
        // into the image.
        r = nsctl_run(as, {"--rootfs", rootfs.path(), "--dns", "192.0.2.53", "--", "/bin/cat",
                           "/etc/resolv.conf"});
        EXPECT_TRUE(is_one_error(r, 125, "mount point /etc/resolv.conf: Read-only file system"));
    }
    ASSERT_TRUE(std::filesystem::create_directory(rootfs.at("etc")));
    ASSERT_TRUE(rootfs.write_file("etc/resolv.conf", "nameserver 10.0.0.1\n"));
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        RunResult r = nsctl_run(as, {"--rootfs", rootfs.path(), "--dns", "192.0.2.53", "--",
                                     "/bin/cat", "/etc/resolv.conf"});
        EXPECT_EQ(r.out, "# written by nsctl run --dns\nnameserver 192.0.2.53\n") << r.err;
    }
}

TEST_F(RunNetwork, BadNetworkOptions) {
    struct Case {
        std::vector<std::string> args;
        std::string message;
    } cases[] = {
        {{"--net", "bogus"}, "--net 'bogus': expected none, host, veth, veth:BRIDGE or user"},
        {{"--net", "veth", "--net", "host"}, "--net: one network only"},
        {{"--net", "veth", "--netns", "x"}, "--netns: one network only"},
        {{"--netns", "a/b"}, "--netns 'a/b': not a network namespace name"},
        {{"--publish", "80:80"}, "--publish needs --net veth or --net user"},
        {{"--net", "veth", "--publish", "80"}, "--publish '80': expected HOSTPORT:PORT[/udp]"},
        {{"--net", "veth", "--publish", "0:80"}, "a port is a number from 1 to 65535"},
        {{"--net", "veth", "--publish", "80:70000"}, "a port is a number from 1 to 65535"},
        {{"--net", "veth", "--publish", "80:80/sctp"}, "the protocol is tcp or udp"},
        {{"--net", "veth", "--publish", "80:80", "--publish", "80:81"},
         "host port 80/tcp given twice"},
        {{"--dns", "1.2.3"}, "--dns '1.2.3' is not an IP address"},
        {{"--share", "net", "--net", "veth"}, "--share net is the host's network"},
    };
    for (const auto& c : cases) {
        auto args = c.args;
        args.push_back("true");
        RunResult r = nsctl_run(As::kRoot, args);
        EXPECT_TRUE(is_usage_error(r)) << c.message;
        EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    }
}

}  // namespace
}  // namespace nsctl::test::run_cli

namespace nsctl::test::run_cli {
namespace {

// /dev/net/tun of this mount namespace as a node of mode `mode` (a tmpfs file bound over it):
// pasta needs it readable and writable by the sandbox's owner, which a machine without udev
// (this one: 0600) does not give.
void tun_with_mode(mode_t mode) {
    ASSERT_EQ(mkdir("/run/tun", 0755), 0);
    ASSERT_EQ(run({"mount", "-t", "tmpfs", "tmpfs", "/run/tun"}).status, 0);
    ASSERT_EQ(mknod("/run/tun/tun", S_IFCHR | mode, makedev(10, 200)), 0);
    ASSERT_EQ(chmod("/run/tun/tun", mode), 0);
    ASSERT_EQ(run({"mount", "--bind", "/run/tun/tun", "/dev/net/tun"}).status, 0);
}

// --net user: pasta sets up the rootless sandbox's network (eth0 with the addresses and routes
// of the host's interface: here a veth of the test's own namespace with a default route), a
// published port of the host's loopback reaches the sandbox, and pasta is gone after it.
TEST_F(RunNetwork, UserModeByPasta) {
    if (access("/usr/bin/pasta", X_OK) != 0) GTEST_FAIL() << "pasta missing (package passt)";
    run_in_fresh_namespaces([this] {
        ASSERT_EQ(
            run({NSCTL_BINARY, "link", "add", "up0", "type", "veth", "peer", "name", "up1"}).status,
            0);
        for (const char* l : {"lo", "up0", "up1"})
            ASSERT_EQ(run({NSCTL_BINARY, "link", "set", l, "up"}).status, 0);
        ASSERT_EQ(run({NSCTL_BINARY, "addr", "add", "10.99.0.1/24", "dev", "up0"}).status, 0);
        ASSERT_EQ(run({NSCTL_BINARY, "route", "add", "default", "via", "10.99.0.2"}).status, 0);
        tun_with_mode(0666);
        ASSERT_EQ(mkdir("/run/xdg", 0700), 0);
        ASSERT_EQ(chown("/run/xdg", 65534, 65534), 0);
        EnvAdditions env = nsctl_env({{"XDG_RUNTIME_DIR", "/run/xdg"}});
        RunResult r =
            nsctl_run(As::kNobody, {"--net", "user", "--", "sh", "-c", kShowNet}, "", env);
        EXPECT_EQ(r.out, "10.99.0.1/24\n10.99.0.2\n") << r.err;
        Started box(run_argv(As::kNobody, {"--net", "user", "--publish", "18090:80", "--", "sh",
                                           "-c", "echo ready; busybox nc -l -p 80 -e echo hi"}),
                    StartOptions{.env = env});
        ASSERT_TRUE(box.wait_for_line("ready")) << box.err();
        std::string got;
        for (int i = 0; i < 50 && got.empty(); ++i) {
            got = fetch("127.0.0.1", 18090);
            if (got.empty()) usleep(20000);
        }
        EXPECT_EQ(got, "hi\n");
        EXPECT_EQ(box.wait(), 0);
        // Nothing of the host's loopback reaches in (pasta's defaults would forward the
        // sandbox's connections to its 127.0.0.1 and to the gateway's address there): a port the
        // host listens on stays out of reach from both.
        int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(18091);
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
        ASSERT_EQ(listen(listener, 8), 0);
        r = nsctl_run(As::kNobody,
                      {"--net", "user", "--", "sh", "-c",
                       "for a in 127.0.0.1 10.99.0.2; do busybox nc -w 1 $a 18091 </dev/null "
                       "&& echo $a=reached || echo $a=no; done"},
                      "", env);
        EXPECT_EQ(r.out, "127.0.0.1=no\n10.99.0.2=no\n") << r.err;
        close(listener);
        // Refusals, each naming its cause.
        r = nsctl_run(As::kRoot, {"--net", "user", "true"});
        EXPECT_TRUE(is_one_error(r, 125, "--net user is for sandboxes without root"));
        r = nsctl_run(As::kNobody, {"--net", "user", "true"}, "",
                      nsctl_env({{"XDG_RUNTIME_DIR", "/run/xdg"}, {"PATH", "/nonexistent"}}));
        EXPECT_TRUE(is_one_error(r, 125, "(Debian package passt: apt-get install passt)"));
        ASSERT_EQ(run({"umount", "/dev/net/tun"}).status, 0);
        ASSERT_EQ(run({"umount", "/run/tun"}).status, 0);
        ASSERT_EQ(rmdir("/run/tun"), 0);
        tun_with_mode(0600);
        r = nsctl_run(As::kNobody, {"--net", "user", "true"}, "", env);
        EXPECT_TRUE(is_one_error(r, 125, "pasta needs /dev/net/tun readable and writable"));
    });
}

}  // namespace
}  // namespace nsctl::test::run_cli
