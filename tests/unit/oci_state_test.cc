// SPDX-License-Identifier: GPL-2.0-or-later
// The OCI state document, container ids, the state directory, the features document and the
// --log lines of nsctl oci.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/json_reader.h"
#include "oci/features.h"
#include "oci/log.h"
#include "oci/state.h"

namespace nsctl::oci {
namespace {

State running() {
    State s;
    s.oci_version = "1.2.1";
    s.id = "web-1";
    s.status = ContainerStatus::kRunning;
    s.pid = 4422;
    s.bundle = "/containers/web";
    s.annotations = {{"com.example.k", "v \"quoted\"\n"}};
    return s;
}

TEST(OciState, FormatIsTheSpecsLayout) {
    auto text = format_state(running());
    ASSERT_TRUE(text);
    EXPECT_EQ(*text,
              "{\n"
              "  \"ociVersion\": \"1.2.1\",\n"
              "  \"id\": \"web-1\",\n"
              "  \"status\": \"running\",\n"
              "  \"pid\": 4422,\n"
              "  \"bundle\": \"/containers/web\",\n"
              "  \"annotations\": {\n"
              "    \"com.example.k\": \"v \\\"quoted\\\"\\n\"\n"
              "  }\n"
              "}\n");
    State stopped = running();
    stopped.status = ContainerStatus::kStopped;
    stopped.pid = 0;
    stopped.annotations.clear();
    EXPECT_EQ(*format_state(stopped),
              "{\n  \"ociVersion\": \"1.2.1\",\n  \"id\": \"web-1\",\n  \"status\": \"stopped\",\n"
              "  \"bundle\": \"/containers/web\"\n}\n");
}

TEST(OciState, RoundTripEveryStatus) {
    for (auto status : {ContainerStatus::kCreating, ContainerStatus::kCreated,
                        ContainerStatus::kRunning, ContainerStatus::kStopped}) {
        State s = running();
        s.status = status;
        auto text = format_state(s);
        ASSERT_TRUE(text);
        auto back = parse_state(*text, "state.json");
        ASSERT_TRUE(back) << back.error().context;
        EXPECT_EQ(*back, s);
    }
    State bad = running();
    bad.bundle = "/containers/\xff";
    EXPECT_FALSE(format_state(bad));
}

TEST(OciState, ParseErrors) {
    auto error_of = [](const std::string& json) {
        auto s = parse_state(json, "s.json");
        return s ? std::string("(parsed)") : s.error().context;
    };
    EXPECT_EQ(error_of(R"({"ociVersion": "1.2.1", "id": "a", "status": "paused", "bundle": "/b"})"),
              "s.json: status: unknown status \"paused\"");
    EXPECT_EQ(
        error_of(R"({"ociVersion": "1.2.1", "id": "a", "status": "created", "bundle": "/b"})"),
        "s.json: pid: required while the container is created");
    EXPECT_EQ(error_of(R"({"ociVersion": "1.2.1", "id": "a", "status": "stopped", "bundle": "b"})"),
              "s.json: bundle: \"b\" is not an absolute path");
    EXPECT_EQ(error_of(R"({"ociVersion": "1.2.1", "status": "stopped", "bundle": "/b"})"),
              "s.json: id: required");
    EXPECT_EQ(error_of("{"),
              "s.json: malformed JSON: parse error at line 1, column 2: syntax "
              "error while parsing object key - unexpected end of input; expected "
              "string literal");
    EXPECT_EQ(error_of("7"), "s.json: expected a JSON object, not number");
}

TEST(OciState, ContainerIds) {
    for (const std::string& good :
         std::vector<std::string>{"a", "web-1", "A_b.c+d", "0", std::string(255, 'x')})
        EXPECT_TRUE(validate_container_id(good)) << good;
    EXPECT_EQ(validate_container_id("").error().context, "container id is empty");
    EXPECT_EQ(validate_container_id(".").error().context, "container id '.' is not a name");
    EXPECT_EQ(validate_container_id("..").error().context, "container id '..' is not a name");
    EXPECT_EQ(validate_container_id("a/b").error().context,
              "container id \"a/b\": only letters, digits and _ + - . are allowed");
    EXPECT_FALSE(validate_container_id("a b"));
    EXPECT_FALSE(validate_container_id("a\nb"));
    EXPECT_EQ(validate_container_id(std::string(256, 'x')).error().context,
              "container id is longer than 255 bytes");
    EXPECT_EQ(validate_container_id("a/b").error().code, EINVAL);
}

TEST(OciState, StateRoot) {
    EXPECT_EQ(*state_root("", 0, "/run/user/1000"), "/run/nsctl/oci");
    EXPECT_EQ(*state_root("", 1000, "/run/user/1000"), "/run/user/1000/nsctl/oci");
    EXPECT_EQ(*state_root("/tmp/s", 1000, nullptr), "/tmp/s");
    EXPECT_EQ(*state_root("/tmp/s", 0, nullptr), "/tmp/s");
    EXPECT_EQ(state_root("", 1000, nullptr).error().context,
              "XDG_RUNTIME_DIR is not set to an absolute path: give the state directory with "
              "--root DIR");
    EXPECT_FALSE(state_root("", 1000, "relative"));
    EXPECT_FALSE(state_root("", 1000, ""));
}

// A directory of state files, removed at the end.
class OciStateDir : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/nsctl-oci-test-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        root_ = tmpl;
    }
    void TearDown() override { std::system(("rm -rf " + root_).c_str()); }
    void put(const std::string& id, const std::string& text) {
        mkdir((root_ + "/" + id).c_str(), 0700);
        FILE* f = std::fopen((root_ + "/" + id + "/state.json").c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs(text.c_str(), f);
        std::fclose(f);
    }
    std::string root_;
};

TEST_F(OciStateDir, LoadAndList) {
    EXPECT_EQ(load_state(root_, "web-1").error().context, "container web-1 does not exist");
    EXPECT_EQ(load_state(root_, "web-1").error().code, ENOENT);
    EXPECT_EQ(load_state(root_, "../etc").error().code, EINVAL);
    EXPECT_TRUE(list_states(root_)->empty());
    EXPECT_TRUE(list_states(root_ + "/missing")->empty());

    State a = running();
    put("web-1", *format_state(a));
    State b = running();
    b.id = "db";
    b.status = ContainerStatus::kStopped;
    put("db", *format_state(b));
    mkdir((root_ + "/half-made").c_str(), 0700);  // no state.json yet: passed over
    EXPECT_EQ(*load_state(root_, "web-1"), a);
    auto all = list_states(root_);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].id, "db");
    EXPECT_EQ((*all)[1].id, "web-1");

    put("broken", "{\"ociVersion\": ");
    auto broken = list_states(root_);
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().context.rfind(root_ + "/broken/state.json: malformed JSON", 0), 0u)
        << broken.error().context;
}

TEST(OciFeatures, ValidJsonNamingWhatNsctlHandles) {
    auto doc = parse_json(features_json());
    ASSERT_TRUE(doc);
    EXPECT_EQ(*doc->string("ociVersionMin"), "1.0.0");
    EXPECT_EQ(*doc->string("ociVersionMax"), "1.2.1");
    const Json* linux_ = doc->get("linux");
    ASSERT_NE(linux_, nullptr);
    std::vector<std::string> namespaces;
    for (const auto& n : linux_->get("namespaces")->items) namespaces.push_back(n.text);
    EXPECT_EQ(namespaces, (std::vector<std::string>{"pid", "network", "mount", "ipc", "uts", "user",
                                                    "cgroup", "time"}));
    const auto& caps = linux_->get("capabilities")->items;
    ASSERT_EQ(caps.size(), 41u);
    EXPECT_EQ(caps.front().text, "CAP_CHOWN");
    EXPECT_EQ(caps.back().text, "CAP_CHECKPOINT_RESTORE");
    const Json* cgroup = linux_->get("cgroup");
    EXPECT_TRUE(cgroup->get("v1")->boolean);
    EXPECT_TRUE(cgroup->get("v2")->boolean);
    EXPECT_FALSE(cgroup->get("systemd")->boolean);
    // Nothing that create refuses or leaves out: no hooks, no seccomp action it refuses, only
    // the mount options it applies.
    const Json* seccomp = linux_->get("seccomp");
    EXPECT_TRUE(seccomp->get("enabled")->boolean);
    std::vector<std::string> actions;
    for (const auto& a : seccomp->get("actions")->items) actions.push_back(a.text);
    EXPECT_NE(std::find(actions.begin(), actions.end(), "SCMP_ACT_ERRNO"), actions.end());
    EXPECT_EQ(std::find(actions.begin(), actions.end(), "SCMP_ACT_NOTIFY"), actions.end());
    EXPECT_EQ(std::find(actions.begin(), actions.end(), "SCMP_ACT_TRACE"), actions.end());
    EXPECT_TRUE(seccomp->get("supportedFlags")->items.empty());
    EXPECT_FALSE(linux_->get("apparmor")->get("enabled")->boolean);
    EXPECT_TRUE(doc->get("hooks")->items.empty());
    std::vector<std::string> options;
    for (const auto& o : doc->get("mountOptions")->items) options.push_back(o.text);
    EXPECT_EQ(options, (std::vector<std::string>{"bind", "rbind", "ro", "rw", "private", "rprivate",
                                                 "slave", "rslave"}));
    // features.md: no properties beyond the spec's.
    for (const auto& [key, value] : doc->members)
        EXPECT_TRUE(key == "ociVersionMin" || key == "ociVersionMax" || key == "hooks" ||
                    key == "mountOptions" || key == "linux")
            << key;
}

TEST(OciLog, TextAndJsonLines) {
    EXPECT_EQ(log_line(LogFormat::kText, "error", "container \"x\" does not exist", 0),
              "time=\"1970-01-01T00:00:00Z\" level=error msg=\"container \\\"x\\\" does not "
              "exist\"\n");
    EXPECT_EQ(log_line(LogFormat::kJson, "error", "a\nb", 86400),
              "{\"level\":\"error\",\"msg\":\"a\\nb\",\"time\":\"1970-01-02T00:00:00Z\"}\n");
    EXPECT_TRUE(parse_json(log_line(LogFormat::kJson, "error", "x\"y", 1)));
}

}  // namespace
}  // namespace nsctl::oci
