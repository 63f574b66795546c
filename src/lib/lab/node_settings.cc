// SPDX-License-Identifier: GPL-2.0-or-later
// One block of node settings (topology.defaults, topology.kinds.K, topology.groups.G,
// topology.nodes.N): the keys nsctl lab takes, and a reason for each containerlab key it does
// not (containerlab.dev/manual/nodes lists them; clab.schema.json's node-config is the list
// checked here).
#include <fcntl.h>
#include <sys/stat.h>

#include "base/parse.h"
#include "lab/parse_impl.h"
#include "sys/fd.h"

namespace nsctl::lab::detail {
namespace {

constexpr std::string_view kContainer =
    "not supported: it needs a container engine (nsctl lab nodes are namespaces, not containers)";
constexpr std::string_view kNetworkOs =
    "not supported: it needs a network OS (nsctl lab nodes are plain Linux namespaces)";
constexpr std::string_view kMgmt =
    "not supported: it needs a management network (nsctl lab makes none)";
constexpr std::string_view kNotYet = "not supported by nsctl lab";

// containerlab's node keys that nsctl lab does not take (blank-separated), and why.
struct RefusedKeys {
    std::string_view why;
    std::string_view keys;
};
constexpr RefusedKeys kRefused[] = {
    {kNetworkOs,
     "startup-config enforce-startup-config suppress-startup-config license type config "
     "certificate credentials components aliases"},
    {kMgmt, "mgmt-ipv4 mgmt-ipv6"},
    {kContainer,
     "ports publish image-pull-policy restart-policy auto-remove volumes user entrypoint runtime "
     "network-mode cpu cpu-set memory shm-size cap-add privileged cgroupns-mode cgroup-parent "
     "pid-mode tmpfs security-opts devices extras dns healthcheck"},
    {kNotYet, "env-files hostname startup-delay stages link-apply-mode"},
};

constexpr std::string_view kNodeKeys = "kind, group, image, exec, cmd, env, binds, sysctls, labels";

// A key this level does not take: a refusal that says why, or "unknown key".
Error key_error(const ParseContext& ctx, const Entry& e, const std::string& path,
                SettingsLevel level) {
    const auto& r = ctx.reader;
    if (e.key == "kind" && level == SettingsLevel::kKind) {
        return r.error(e.key_node, path, "the settings of a kind cannot name a kind");
    }
    if (e.key == "group" && (level == SettingsLevel::kKind || level == SettingsLevel::kGroup)) {
        return r.error(e.key_node, path, "only topology.defaults and a node name a group");
    }
    for (const auto& refused : kRefused) {
        for (auto key : split(refused.keys, ' ')) {
            if (key == e.key) return r.error(e.key_node, path, std::string(refused.why));
        }
    }
    if (e.key == "x-nsctl-netem") {
        return r.error(e.key_node, path, "x-nsctl-netem belongs to a link (topology.links)");
    }
    return r.error(e.key_node, path, "unknown key (a node takes " + std::string(kNodeKeys) + ")");
}

std::string dir_of_image(const ParseContext& ctx, const std::string& image) {
    if (image.front() == '/' || ctx.base_dir.empty()) return image;
    return ctx.base_dir + "/" + image;
}

// An image is a local root file system: a directory, named absolutely or relative to the
// topology file's directory (as containerlab resolves the relative paths of binds).
Result<std::string> image_dir(const ParseContext& ctx, const YAML::Node& value,
                              const std::string& path) {
    std::string image = NSCTL_TRY(ctx.reader.scalar(value, path));
    std::string why = "nsctl lab takes image as a local rootfs directory";
    if (image.empty()) return ctx.reader.error(value, path, "empty: " + why);
    std::string dir = dir_of_image(ctx, image);
    auto st = sys::fstatat(AT_FDCWD, dir.c_str(), 0);
    if (!st || !S_ISDIR(st->st_mode)) {
        return ctx.reader.error(value, path, dq(image) + " is not a directory: " + why);
    }
    return dir;
}

// "SRC:DST[:OPTIONS]", as containerlab and docker write a bind.
Result<std::vector<std::string>> binds(const YamlReader& r, const YAML::Node& value,
                                       const std::string& path) {
    auto list = NSCTL_TRY(r.scalars(value, path));
    size_t i = 0;
    for (const auto& b : list) {
        auto fields = split(b, ':');
        if (fields.size() < 2 || fields.size() > 3 || fields[0].empty() || fields[1].empty()) {
            auto item = value[i];
            return r.error(item, index_path(path, i),
                           "malformed bind " + dq(b) + " (want SOURCE:DESTINATION[:OPTIONS])");
        }
        ++i;
    }
    return list;
}

Result<NodeKind> kind_value(const YamlReader& r, const YAML::Node& value, const std::string& path) {
    std::string text = NSCTL_TRY(r.scalar(value, path));
    auto kind = parse_kind(text);
    if (!kind) {
        return r.error(value, path,
                       "unknown kind " + dq(text) + " (nsctl lab supports linux, bridge, host)");
    }
    return *kind;
}

Result<void> parse_setting(const ParseContext& ctx, const Entry& e, const std::string& path,
                           SettingsLevel level, NodeSettings& s) {
    const auto& r = ctx.reader;
    bool names_kind = level != SettingsLevel::kKind;
    bool names_group = level == SettingsLevel::kDefaults || level == SettingsLevel::kNode;
    if (e.key == "kind" && names_kind) {
        s.kind = NSCTL_TRY(kind_value(r, e.value, path));
    } else if (e.key == "group" && names_group) {
        s.group = NSCTL_TRY(r.scalar(e.value, path));
    } else if (e.key == "image") {
        s.image = NSCTL_TRY(image_dir(ctx, e.value, path));
    } else if (e.key == "exec") {
        s.exec = NSCTL_TRY(r.scalars(e.value, path));
    } else if (e.key == "cmd") {
        s.cmd = NSCTL_TRY(r.scalar(e.value, path));
    } else if (e.key == "env") {
        s.env = NSCTL_TRY(r.string_map(e.value, path));
    } else if (e.key == "binds") {
        s.binds = NSCTL_TRY(binds(r, e.value, path));
    } else if (e.key == "sysctls") {
        s.sysctls = NSCTL_TRY(r.string_map(e.value, path));
    } else if (e.key == "labels") {
        s.labels = NSCTL_TRY(r.string_map(e.value, path));
    } else if (!is_foreign_extension(e.key)) {
        return key_error(ctx, e, path, level);
    }
    return {};
}

}  // namespace

std::optional<NodeKind> parse_kind(std::string_view text) {
    if (text == "linux") return NodeKind::kLinux;
    if (text == "bridge") return NodeKind::kBridge;
    if (text == "host") return NodeKind::kHost;
    return std::nullopt;
}

std::string dq(std::string_view text) { return "\"" + printable(text) + "\""; }

bool is_foreign_extension(std::string_view key) {
    return key.starts_with("x-") && !key.starts_with("x-nsctl-");
}

Result<NodeSettings> parse_settings(const ParseContext& ctx, const YAML::Node& map,
                                    const std::string& path, SettingsLevel level) {
    NodeSettings s;
    for (const auto& e : NSCTL_TRY(ctx.reader.entries(map, path))) {
        NSCTL_TRY(parse_setting(ctx, e, child_path(path, e.key), level, s));
    }
    return s;
}

}  // namespace nsctl::lab::detail
