// SPDX-License-Identifier: GPL-2.0-or-later
// What nsctl oci applies of a config's hardening: linux.seccomp (the filter, also for exec'd
// processes, and loaded before the change of ids when no_new_privs is off), linux.sysctl (in the
// container's own namespaces only), linux.maskedPaths and linux.readonlyPaths as given.
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <string>
#include <vector>

#include "oci_bundle.h"

namespace nsctl::test {
namespace {

using OciHardening = OciLifecycle;

oci::Seccomp deny_mkdir() {
    oci::Seccomp s;
    s.default_action = "SCMP_ACT_ALLOW";
    s.architectures = {"SCMP_ARCH_X86_64"};
    s.syscalls.push_back({{"mkdir", "mkdirat"}, "SCMP_ACT_ERRNO", 13, {}});  // EACCES
    return s;
}

TEST_F(OciHardening, SeccompFilterHoldsForTheProcessAndExec) {
    oci::Spec s = spec({"sh", "-c",
                        "grep Seccomp: /proc/self/status > /out/mode; mkdir /out/made 2> "
                        "/out/err; echo $? > /out/rc; exec sleep 1000"});
    s.linux_->seccomp = deny_mkdir();
    write_config(s);
    RunResult r = oci({"run", "-d", "-b", bundle(), "s1"});
    ASSERT_EQ(r.status, 0) << r.err;
    ASSERT_TRUE(eventually([&] { return !slurp(out() + "/rc").empty(); }));
    EXPECT_EQ(slurp(out() + "/mode"), "Seccomp:\t2\n");
    EXPECT_EQ(slurp(out() + "/rc"), "1\n");
    EXPECT_NE(slurp(out() + "/err").find("Permission denied"), std::string::npos)
        << slurp(out() + "/err");
    EXPECT_FALSE(exists(out() + "/made"));
    r = oci({"exec", "s1", "sh", "-c", "mkdir /out/by-exec"});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("Permission denied"), std::string::npos) << r.err;
    EXPECT_FALSE(exists(out() + "/by-exec"));
    EXPECT_EQ(oci({"delete", "--force", "s1"}).status, 0);
}

// Without no_new_privs, seccomp(2) needs CAP_SYS_ADMIN: the filter goes on before the process
// becomes uid 1000 without capabilities.
TEST_F(OciHardening, SeccompWithoutNoNewPrivsForAnotherUser) {
    oci::Spec s = spec({"sh", "-c",
                        "grep -E '^(Seccomp|NoNewPrivs|Uid):' /proc/self/status > /out/status; "
                        "mkdir /out/made"});
    s.linux_->seccomp = deny_mkdir();
    s.process->no_new_privileges = false;
    s.process->user.uid = 1000;
    s.process->user.gid = 1000;
    write_config(s);
    RunResult r = oci({"run", "-b", bundle(), "s2"});
    EXPECT_EQ(r.status, 1) << r.err;  // mkdir's
    EXPECT_EQ(slurp(out() + "/status"),
              "Uid:\t1000\t1000\t1000\t1000\nNoNewPrivs:\t0\nSeccomp:\t2\n");
    EXPECT_FALSE(exists(out() + "/made"));
}

TEST_F(OciHardening, SysctlsOfTheContainersOwnNamespaces) {
    std::string host_ttl = slurp("/proc/sys/net/ipv4/ip_default_ttl");
    oci::Spec s = spec({"sh", "-c",
                        "cat /proc/sys/net/ipv4/ip_default_ttl /proc/sys/kernel/shmmni "
                        "/proc/sys/kernel/domainname > /out/seen"});
    s.linux_->sysctl = {{"net.ipv4.ip_default_ttl", "42"},
                        {"kernel/shmmni", "1234"},
                        {"kernel.domainname", "example.test"}};
    write_config(s);
    RunResult r = oci({"run", "-b", bundle(), "k1"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(slurp(out() + "/seen"), "42\n1234\nexample.test\n");
    EXPECT_EQ(slurp("/proc/sys/net/ipv4/ip_default_ttl"), host_ttl);

    struct Case {
        std::map<std::string, std::string> sysctl;
        bool host_network;
        std::string message;
    };
    const Case cases[] = {
        {{{"kernel.pid_max", "100000"}},
         false,
         "linux.sysctl.kernel.pid_max: not a parameter of a namespace the container can have"},
        {{{"net.ipv4.ip_forward", "1"}},
         true,
         "linux.sysctl.net.ipv4.ip_forward: the container shares the host's network namespace"},
        {{{"net.ipv4.no_such_parameter", "1"}},
         false,
         "sysctl /proc/sys/net/ipv4/no_such_parameter = 1: No such file or directory"},
        {{{"net/ipv4/../../../etc/passwd", "x"}},
         false,
         "sysctl net/ipv4/../../../etc/passwd: not a kernel parameter's name"},
    };
    for (const Case& c : cases) {
        oci::Spec bad = spec({"true"});
        bad.linux_->sysctl = c.sysctl;
        if (c.host_network) {
            auto& n = bad.linux_->namespaces;
            std::erase_if(n, [](const oci::Namespace& x) { return x.type == "network"; });
        }
        write_config(bad);
        r = oci({"create", "-b", bundle(), "bad"});
        EXPECT_EQ(r.status, 1) << c.message;
        EXPECT_EQ(r.err, "nsctl oci: " + c.message + "\n");
        EXPECT_FALSE(exists(root() + "/bad"));
    }
}

TEST_F(OciHardening, MaskedAndReadOnlyPathsAsGivenAfterTheMounts) {
    oci::Spec s = spec({"sh", "-c",
                        "wc -c < /proc/version > /out/version; "
                        "touch /scratch/file 2> /out/scratch; true"});
    s.mounts.push_back({"/scratch", "tmpfs", "tmpfs", {"size=1m"}, {}, {}});
    s.linux_->masked_paths = {"/proc/version"};
    s.linux_->readonly_paths = {"/scratch"};
    write_config(s);
    RunResult r = oci({"run", "-b", bundle(), "m1"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(slurp(out() + "/version"), "0\n");  // /dev/null over it
    EXPECT_NE(slurp(out() + "/scratch").find("Read-only file system"), std::string::npos)
        << slurp(out() + "/scratch");
    s.linux_->masked_paths = {"relative"};
    write_config(s);
    r = oci({"create", "-b", bundle(), "m2"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "nsctl oci: " + bundle() +
                         "/config.json: linux.maskedPaths[0]: \"relative\" is not an absolute "
                         "path\n");
}

}  // namespace
}  // namespace nsctl::test
