// SPDX-License-Identifier: GPL-2.0-or-later
// Lab nodes with `image: DIR`: each an `nsctl run` sandbox (its own root, an overlay over the
// image; its own PID, mount, IPC and UTS namespaces) in the node's network namespace, so that the
// lab's links, exec lines and nsctl lab exec reach it. The image is the tests' busybox rootfs.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "cli/lab_helpers.h"
#include "support/json.h"
#include "support/rootfs.h"
#include "support/support.h"

namespace nsctl::test {
namespace {

std::string topology(const std::string& image, const std::string& a_exec) {
    return "name: img\n"
           "topology:\n"
           "  nodes:\n"
           "    a:\n"
           "      kind: linux\n"
           "      image: " +
           image +
           "\n"
           "      env: {GREETING: hello}\n"
           "      binds: [\"/run/imgdata:/data:ro\"]\n"
           "      exec:\n"
           "        - ip addr add 10.9.0.1/24 dev eth1\n"
           "        - " +
           a_exec +
           "\n"
           "    b: {kind: linux, exec: [\"ip addr add 10.9.0.2/24 dev eth1\"]}\n"
           "  links:\n"
           "    - endpoints: [\"a:eth1\", \"b:eth1\"]\n";
}

RunResult lab_exec_a(std::vector<std::string> argv) {
    argv.insert(argv.begin(), {"lab", "exec", "--name", "img", "--node", "a", "--"});
    return nsctl(argv);
}

TEST(LabImage, ANodeWithAnImageIsASandbox) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    run_in_fresh_namespaces([&rootfs] {
        ASSERT_EQ(run({"mkdir", "-p", "/run/imgdata"}).status, 0);
        std::ofstream("/run/imgdata/file") << "bound\n";
        std::string file = write_topology(
            "img.clab.yml", topology(rootfs.path(), "echo $GREETING > /tmp/greeting"));
        auto r = nsctl({"lab", "deploy", "-t", file});
        ASSERT_EQ(r.status, 0) << r.err;
        // Its own root (the image: /probe is there), host name, bind and environment; the exec
        // line ran in it.
        EXPECT_EQ(lab_exec_a({"ls", "/probe"}).out, "/probe\n");
        EXPECT_EQ(lab_exec_a({"hostname"}).out, "a\n");
        EXPECT_EQ(lab_exec_a({"cat", "/data/file"}).out, "bound\n");
        EXPECT_EQ(lab_exec_a({"cat", "/tmp/greeting"}).out, "hello\n");
        EXPECT_NE(lab_exec_a({"sh", "-c", "echo x > /data/new"}).status, 0) << "ro bind written";
        // PID 1 of its own: ps shows the reaper and sleep, not the host's processes.
        auto ps = lab_exec_a({"ps"});
        EXPECT_EQ(ps.out.find("nsctl lab"), std::string::npos) << ps.out;
        // The network is the node's: b reaches it over the link.
        EXPECT_EQ(in_node("clab-img-b", {"ping", "-c", "1", "-W", "5", "10.9.0.1"}).status, 0);
        // nsctl ps lists it; inspect says its command runs.
        EXPECT_NE(nsctl({"ps"}).out.find("clab-img-a"), std::string::npos);
        auto ins = nsctl({"lab", "inspect", "--name", "img", "--format", "json"});
        auto json = parse_json(ins.out);
        ASSERT_TRUE(json) << ins.out;
        const Json* nodes = json->get("containers");
        ASSERT_TRUE(nodes && nodes->items.size() == 2);
        EXPECT_EQ(nodes->items[0].get("cmd_running")->boolean, true) << ins.out;
        EXPECT_EQ(nodes->items[1].get("cmd_running")->boolean, false) << ins.out;

        ASSERT_EQ(nsctl({"lab", "destroy", "-t", file}).status, 0);
        EXPECT_EQ(nsctl({"ps"}).out.find("clab-img-a"), std::string::npos) << "sandbox left";
        EXPECT_FALSE(exists(rootfs.at("tmp/greeting"))) << "the image was written";
        expect_nothing_left();
        ASSERT_EQ(run({"rm", "-r", "/run/imgdata"}).status, 0);
    });
}

TEST(LabImage, AFailedExecLineRemovesTheSandbox) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    run_in_fresh_namespaces([&rootfs] {
        ASSERT_EQ(run({"mkdir", "-p", "/run/imgdata"}).status, 0);
        std::string file = write_topology("img.clab.yml", topology(rootfs.path(), "exit 3"));
        auto r = nsctl({"lab", "deploy", "-t", file});
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(r.err, "nsctl lab: a: exec \"exit 3\" exited with 3\n");
        EXPECT_EQ(nsctl({"ps"}).out.find("clab-img-a"), std::string::npos) << "sandbox left";
        expect_nothing_left();
        ASSERT_EQ(run({"rm", "-r", "/run/imgdata"}).status, 0);
    });
}

TEST(LabImage, AnImageThatCannotRunIsRefused) {
    TempDir empty("lab-image");
    ASSERT_FALSE(empty.path().empty());
    run_in_fresh_namespaces([&empty] {
        ASSERT_EQ(run({"mkdir", "-p", "/run/imgdata"}).status, 0);
        // A directory without sh: nsctl run cannot start the node's command.
        std::string file = write_topology("img.clab.yml", topology(empty.path(), "true"));
        auto r = nsctl({"lab", "deploy", "-t", file});
        EXPECT_EQ(r.status, 1);
        EXPECT_NE(r.err.find("nsctl lab: a: image " + empty.path() + ": nsctl run exited with"),
                  std::string::npos)
            << r.err;
        expect_nothing_left();
        ASSERT_EQ(run({"rm", "-r", "/run/imgdata"}).status, 0);
    });
}

}  // namespace
}  // namespace nsctl::test
