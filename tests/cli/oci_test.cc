// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl oci and nsctl-runtime, run as programs: spec, features, state, list, --version and --log
// with their output checked against the library and the JSON reader; the verbs not implemented
// yet refused; bad command lines. State directories are made by the tests (--root), or found
// where nsctl looks by default inside a fresh mount namespace with its own /run.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ns/procfs.h"
#include "oci/config.h"
#include "oci/default_spec.h"
#include "oci/state.h"
#include "support/json.h"
#include "support/support.h"

namespace nsctl::test {
namespace {

using Args = std::vector<std::string>;

RunResult oci(const Args& args, const EnvAdditions& env = {}) {
    Args argv = {NSCTL_BINARY, "oci"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, "", env);
}

RunResult runtime(const Args& args) {
    Args argv = {std::string(NSCTL_BINARY_DIR) + "/nsctl-runtime"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
}

// A state document for id with the given status.
std::string state_json(const std::string& id, oci::ContainerStatus status, int pid) {
    oci::State s;
    s.oci_version = "1.2.1";
    s.id = id;
    s.status = status;
    s.pid = pid;
    s.bundle = "/bundles/" + id;
    return *oci::format_state(s);
}

class OciCli : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/nsctl-oci-cli-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        root_ = dir_ + "/state";
    }
    void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }
    void put_state(const std::string& id, const std::string& text) {
        mkdir(root_.c_str(), 0700);
        mkdir((root_ + "/" + id).c_str(), 0700);
        write_file(root_ + "/" + id + "/state.json", text);
    }
    // A container whose process is this test (so that it is alive): running, or created with
    // an exec fifo in its directory. Returns its state document.
    std::string put_live_state(const std::string& id, oci::ContainerStatus status) {
        std::string doc = state_json(id, status, getpid());
        put_state(id, doc);
        write_file(root_ + "/" + id + "/runtime",
                   "starttime " + ns::process_starttime(getpid()) + "\n");
        if (status == oci::ContainerStatus::kCreated)
            write_file(root_ + "/" + id + "/exec.fifo", "");
        return doc;
    }
    std::string dir_, root_;
};

TEST_F(OciCli, SpecWritesTheDefaultConfigAndNeverReplacesIt) {
    RunResult r = oci({"spec", "--bundle", dir_});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "");
    std::string text = read_file(dir_ + "/config.json");
    auto spec = oci::parse_config(text, "config.json");
    ASSERT_TRUE(spec) << spec.error().context;
    EXPECT_EQ(*spec, oci::default_spec({oci::SpecMode::kRoot, 0, 0}));

    r = oci({"spec", "-b", dir_, "--rootless"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "nsctl oci: " + dir_ +
                         "/config.json exists: remove it first, it is never "
                         "replaced\n");
    EXPECT_EQ(read_file(dir_ + "/config.json"), text);

    r = oci({"spec", "-b", dir_ + "/missing"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err,
              "nsctl oci: open " + dir_ + "/missing/config.json: No such file or directory\n");
}

TEST_F(OciCli, SpecRootlessMapsTheCaller) {
    // As nobody (65534), into a directory nobody may write.
    chmod(dir_.c_str(), 0777);
    RunResult r = run({std::string(NSCTL_TEST_TOOLS_DIR) + "/as_nobody", NSCTL_BINARY, "oci",
                       "spec", "--rootless", "-b", dir_});
    if (getuid() != 0) GTEST_SKIP() << "as_nobody needs root";
    ASSERT_EQ(r.status, 0) << r.err;
    auto spec = oci::parse_config(read_file(dir_ + "/config.json"), "config.json");
    ASSERT_TRUE(spec) << spec.error().context;
    EXPECT_EQ(*spec, oci::default_spec({oci::SpecMode::kRootless, 65534, 65534}));
    struct stat st {};
    ASSERT_EQ(stat((dir_ + "/config.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, 65534u);
}

TEST_F(OciCli, FeaturesAndVersion) {
    RunResult r = oci({"features"});
    ASSERT_EQ(r.status, 0) << r.err;
    auto doc = parse_json(r.out);
    ASSERT_TRUE(doc) << r.out;
    EXPECT_EQ(*doc->string("ociVersionMax"), "1.2.1");
    std::vector<std::string> namespaces;
    for (const auto& n : doc->get("linux")->get("namespaces")->items) namespaces.push_back(n.text);
    EXPECT_NE(std::find(namespaces.begin(), namespaces.end(), "network"), namespaces.end());
    EXPECT_EQ(runtime({"features"}).out, r.out);

    for (const char* v : {"--version", "-v", "-version"}) {
        r = oci({v});
        EXPECT_EQ(r.status, 0);
        EXPECT_EQ(r.out, "nsctl oci version " NSCTL_VERSION "\nspec: 1.2.1\n") << v;
    }
    r = runtime({"--version"});
    EXPECT_EQ(r.out, "nsctl-runtime version " NSCTL_VERSION "\nspec: 1.2.1\n");
}

TEST_F(OciCli, StateOfAContainer) {
    std::string doc = put_live_state("web", oci::ContainerStatus::kRunning);
    RunResult r = oci({"--root", root_, "state", "web"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, doc);
    EXPECT_EQ(runtime({"-root", root_, "state", "web"}).out, doc);  // Go's one-dash form
    doc = put_live_state("new", oci::ContainerStatus::kCreated);
    EXPECT_EQ(oci({"--root", root_, "state", "new"}).out, doc);
    // The status is the process's, whatever the file says: without the process, stopped.
    put_state("old", state_json("old", oci::ContainerStatus::kRunning, 4242));
    EXPECT_EQ(oci({"--root", root_, "state", "old"}).out,
              state_json("old", oci::ContainerStatus::kStopped, 4242));

    r = oci({"--root", root_, "state", "nope"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "nsctl oci: container nope does not exist\n");
    r = oci({"--root=" + root_, "state", "../web"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err,
              "nsctl oci: container id \"../web\": only letters, digits and _ + - . are "
              "allowed\n");
    put_state("bad", "{\"ociVersion\": \"1.2.1\"}");
    r = oci({"--root", root_, "state", "bad"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "nsctl oci: " + root_ + "/bad/state.json: id: required\n");
}

TEST_F(OciCli, ListTableJsonQuiet) {
    RunResult r = oci({"--root", root_, "list"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "ID   PID   STATUS   BUNDLE\n");
    EXPECT_EQ(oci({"--root", root_, "list", "--format", "json"}).out, "[]\n");

    put_live_state("web", oci::ContainerStatus::kRunning);
    put_state("db-1", state_json("db-1", oci::ContainerStatus::kStopped, 0));
    mkdir((root_ + "/being-made").c_str(), 0700);
    r = oci({"--root", root_, "list"});
    ASSERT_EQ(r.status, 0) << r.err;
    std::string pid = std::to_string(getpid());
    std::string pad(pid.size() - 3, ' ');  // the PID column is as wide as our pid
    EXPECT_EQ(r.out, "ID     PID" + pad + "   STATUS    BUNDLE\n" + "db-1   0  " + pad +
                         "   stopped   /bundles/db-1\n" + "web    " + pid +
                         "   running   /bundles/web\n");
    EXPECT_EQ(oci({"--root", root_, "list", "-q"}).out, "db-1\nweb\n");
    r = oci({"--root", root_, "list", "-f", "json"});
    auto doc = parse_json(r.out);
    ASSERT_TRUE(doc && doc->type == Json::Type::kArray) << r.out;
    ASSERT_EQ(doc->items.size(), 2u);
    EXPECT_EQ(*doc->items[1].string("status"), "running");
    EXPECT_EQ(doc->items[1].integer("pid"), getpid());
}

TEST_F(OciCli, DefaultStateDirectory) {
    // Root's state directory is /run/nsctl/oci: looked at in a /run of the test's own.
    run_in_fresh_namespaces([&] {
        ASSERT_EQ(system("mkdir -p /run/nsctl/oci/box"), 0);
        std::string doc = state_json("box", oci::ContainerStatus::kStopped, 0);
        write_file("/run/nsctl/oci/box/state.json", doc);
        RunResult r = oci({"state", "box"});
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.out, doc);
    });
}

TEST_F(OciCli, StateDirectoryOfOtherUsers) {
    chmod(dir_.c_str(), 0777);
    const std::string nobody = std::string(NSCTL_TEST_TOOLS_DIR) + "/as_nobody";
    RunResult r = run({nobody, NSCTL_BINARY, "oci", "list", "-q"}, "", {{"XDG_RUNTIME_DIR", ""}});
    if (getuid() != 0) GTEST_SKIP() << "as_nobody needs root";
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err,
              "nsctl oci: XDG_RUNTIME_DIR is not set to an absolute path: give the state "
              "directory with --root DIR\n");
    mkdir((dir_ + "/nsctl").c_str(), 0777);
    mkdir((dir_ + "/nsctl/oci").c_str(), 0777);
    mkdir((dir_ + "/nsctl/oci/mine").c_str(), 0777);
    write_file(dir_ + "/nsctl/oci/mine/state.json",
               state_json("mine", oci::ContainerStatus::kStopped, 0));
    r = run({nobody, NSCTL_BINARY, "oci", "list", "-q"}, "", {{"XDG_RUNTIME_DIR", dir_}});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "mine\n");
}

TEST_F(OciCli, VerbsNotImplementedAreRefused) {
    for (const char* verb : {"pause", "resume", "update", "events", "checkpoint", "restore"}) {
        RunResult r = oci({"--root", root_, verb, "--bundle", dir_, "c1"});
        EXPECT_EQ(r.status, 1) << verb;
        EXPECT_EQ(r.out, "");
        EXPECT_EQ(r.err, "nsctl oci: " + std::string(verb) + ": not implemented yet\n");
    }
    RunResult r = runtime({"pause", "c1"});
    EXPECT_EQ(r.err, "nsctl-runtime: pause: not implemented yet\n");
    struct stat st {};
    EXPECT_NE(stat(root_.c_str(), &st), 0);  // nothing was made
}

TEST_F(OciCli, LogFileGetsTheErrors) {
    std::string log = dir_ + "/log.json";
    RunResult r = oci({"--log", log, "--log-format", "json", "--root", root_, "state", "gone"});
    EXPECT_EQ(r.status, 1);
    auto line = parse_json(read_file(log));
    ASSERT_TRUE(line) << read_file(log);
    EXPECT_EQ(*line->string("level"), "error");
    EXPECT_EQ(*line->string("msg"), "container gone does not exist");
    r = oci({"--log", log, "--root", root_, "start", "x"});
    std::string text = read_file(log);
    EXPECT_NE(text.find("\ntime=\""), std::string::npos) << text;
    EXPECT_NE(text.find(" level=error msg=\"container x does not exist\"\n"), std::string::npos);
}

TEST_F(OciCli, Help) {
    RunResult r = oci({"--help"});
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("Usage: nsctl oci [global options] COMMAND"), std::string::npos);
    EXPECT_EQ(oci({"help"}).out, r.out);
    EXPECT_EQ(oci({"-h"}).out, r.out);
    r = oci({"state", "--help"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out.rfind("Usage: nsctl oci state ID\n", 0), 0u) << r.out;
    r = oci({"spec", "-h"});
    EXPECT_EQ(r.out.rfind("Usage: nsctl oci spec [--rootless] [--bundle|-b DIR]\n", 0), 0u);
    EXPECT_EQ(runtime({"--help"}).out.rfind("Usage: nsctl-runtime [global options]", 0), 0u);
}

TEST_F(OciCli, BadCommandLines) {
    struct Case {
        Args args;
        std::string message;
    };
    const std::string tail = "\nTry 'nsctl oci --help' for more information.\n";
    const Case cases[] = {
        {{"frobnicate"}, "nsctl oci: unknown command 'frobnicate'"},
        {{"--frob", "list"}, "nsctl oci: unknown option '--frob'"},
        {{"--root"}, "nsctl oci: option '--root' needs a value"},
        {{"--root", "", "list"}, "nsctl oci: --root: an empty directory name"},
        {{"--log-format", "xml", "list"}, "nsctl oci: --log-format xml: text or json"},
        {{"--rootless", "maybe", "list"}, "nsctl oci: --rootless maybe: true, false or auto"},
        {{"state"}, "nsctl oci: state: a container id is required"},
        {{"state", "a", "b"}, "nsctl oci: state: unexpected argument 'b'"},
        {{"list", "--format", "yaml"}, "nsctl oci: list: --format yaml: table or json"},
        {{"list", "extra"}, "nsctl oci: list: unexpected argument 'extra'"},
        {{"spec", "--quiet"}, "nsctl oci: spec: unknown option '--quiet'"},
        {{"spec", "--bundle"}, "nsctl oci: spec: option '--bundle' needs a value"},
        {{"features", "--rootless"}, "nsctl oci: features: unknown option '--rootless'"},
        {{"create"}, "nsctl oci: create: a container id is required"},
        {{"create", "--pid-file"}, "nsctl oci: create: option '--pid-file' needs a value"},
        {{"create", "--detach", "a"}, "nsctl oci: create: unknown option '--detach'"},
        {{"start", "a", "b"}, "nsctl oci: start: unexpected argument 'b'"},
        {{"kill", "a", "TERM", "x"}, "nsctl oci: kill: unexpected argument 'x'"},
        {{"kill", "--force", "a"}, "nsctl oci: kill: unknown option '--force'"},
        {{"delete", "--all", "a"}, "nsctl oci: delete: unknown option '--all'"},
        {{"run", "--preserve-fds", "x", "a"},
         "nsctl oci: run: --preserve-fds x: a number of fds expected"},
    };
    for (const Case& c : cases) {
        RunResult r = oci(c.args);
        EXPECT_EQ(r.status, 1) << c.message;
        EXPECT_EQ(r.out, "");
        EXPECT_EQ(r.err, c.message + tail);
    }
    RunResult r = oci({});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err.rfind("Usage: nsctl oci", 0), 0u);
    r = oci({"--root", root_});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err.rfind("Usage: nsctl oci", 0), 0u);
}

}  // namespace
}  // namespace nsctl::test
