// SPDX-License-Identifier: GPL-2.0-or-later
// Typed reads from an nlohmann::ordered_json tree, each naming its JSON path in the error
// ("linux.namespaces[2].type: expected a string, not a number"). Private to nsctl_oci: no public
// header of the library includes nlohmann's.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace nsctl::oci {

using Json = nlohmann::ordered_json;

/// An error about the value at path (code 0: the message is the whole explanation).
Error bad_value(const std::string& path, const std::string& what);

/// "a.b" from "a" and "b"; "b" from "" and "b".
std::string member_path(const std::string& parent, const char* key);
/// "a[3]".
std::string item_path(const std::string& parent, size_t index);
/// A member of a map the user names (annotations, sysctl): "a.key" when key is a plain name
/// (letters, digits, '_'), else "a[\"net.ipv4.ip_forward\"]", so that the path stays readable.
std::string key_path(const std::string& parent, const std::string& key);

/// Whether the value is worth reading: absent members and JSON null count as not set (as the
/// Go runtimes read them).
inline bool is_set(const Json* j) { return j && !j->is_null(); }

/// The member key of obj (an object), or nullptr when absent or null.
const Json* find(const Json& obj, const char* key);

/// Fails unless j is an object.
Status need_object(const Json& j, const std::string& path);
/// Fails unless j is an array.
Status need_array(const Json& j, const std::string& path);

Result<std::string> as_string(const Json& j, const std::string& path);
Result<bool> as_bool(const Json& j, const std::string& path);
Result<uint64_t> as_u64(const Json& j, const std::string& path, uint64_t max = UINT64_MAX);
Result<int64_t> as_i64(const Json& j, const std::string& path, int64_t min = INT64_MIN,
                       int64_t max = INT64_MAX);
Result<std::vector<std::string>> as_strings(const Json& j, const std::string& path);
/// An object whose values are all strings (annotations, sysctl).
Result<std::map<std::string, std::string>> as_string_map(const Json& j, const std::string& path);

/// Member readers: absent or null leaves *out as it is (OPTIONAL properties); the Required forms
/// fail with "PATH: required" instead.
Status opt_string(const Json& obj, const std::string& path, const char* key, std::string* out);
Status opt_bool(const Json& obj, const std::string& path, const char* key, bool* out);
Status opt_strings(const Json& obj, const std::string& path, const char* key,
                   std::vector<std::string>* out);
Status req_string(const Json& obj, const std::string& path, const char* key, std::string* out);

/// Unsigned and signed integers of a given width, optional or required.
template <typename T>
Status opt_uint(const Json& obj, const std::string& path, const char* key, std::optional<T>* out) {
    const Json* j = find(obj, key);
    if (!is_set(j)) return {};
    *out = static_cast<T>(
        NSCTL_TRY(as_u64(*j, member_path(path, key), std::numeric_limits<T>::max())));
    return {};
}
template <typename T>
Status req_uint(const Json& obj, const std::string& path, const char* key, T* out) {
    const Json* j = find(obj, key);
    if (!is_set(j)) return bad_value(member_path(path, key), "required");
    *out = static_cast<T>(
        NSCTL_TRY(as_u64(*j, member_path(path, key), std::numeric_limits<T>::max())));
    return {};
}
template <typename T>
Status opt_int(const Json& obj, const std::string& path, const char* key, std::optional<T>* out) {
    const Json* j = find(obj, key);
    if (!is_set(j)) return {};
    *out = static_cast<T>(NSCTL_TRY(as_i64(
        *j, member_path(path, key), std::numeric_limits<T>::min(), std::numeric_limits<T>::max())));
    return {};
}

/// Calls fn(item, "path[i]") for each item of the array member key (absent or null: none).
Status each_item(const Json& obj, const std::string& path, const char* key,
                 const std::function<Status(const Json&, const std::string&)>& fn);

}  // namespace nsctl::oci
