// SPDX-License-Identifier: GPL-2.0-or-later
#include "oci/json_walk.h"

#include <cctype>
#include <string_view>

namespace nsctl::oci {
namespace {

// "a string", "an array": nlohmann's type names with their article.
std::string kind_of(const Json& j) {
    std::string_view name = j.type_name();
    if (j.is_number_float()) return "a fractional number";
    bool vowel = name[0] == 'a' || name[0] == 'o';
    return std::string(vowel ? "an " : "a ") + std::string(name);
}

Error wrong_type(const Json& j, const std::string& path, const char* want) {
    return bad_value(path, std::string("expected ") + want + ", not " + kind_of(j));
}

}  // namespace

Error bad_value(const std::string& path, const std::string& what) {
    return Error{0, path + ": " + what};
}

std::string member_path(const std::string& parent, const char* key) {
    return parent.empty() ? std::string(key) : parent + "." + key;
}

std::string item_path(const std::string& parent, size_t index) {
    return parent + "[" + std::to_string(index) + "]";
}

std::string key_path(const std::string& parent, const std::string& key) {
    bool plain = !key.empty() && !std::isdigit(static_cast<unsigned char>(key[0]));
    for (char c : key)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') plain = false;
    if (plain) return parent + "." + key;
    return parent + "[" + Json(key).dump(-1, ' ', false, Json::error_handler_t::replace) + "]";
}

const Json* find(const Json& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
}

Status need_object(const Json& j, const std::string& path) {
    if (!j.is_object()) return wrong_type(j, path, "an object");
    return {};
}

Status need_array(const Json& j, const std::string& path) {
    if (!j.is_array()) return wrong_type(j, path, "an array");
    return {};
}

Result<std::string> as_string(const Json& j, const std::string& path) {
    if (!j.is_string()) return wrong_type(j, path, "a string");
    const auto& text = j.get_ref<const std::string&>();
    // JSON can carry "\u0000"; the C calls these strings go to would end them there.
    if (text.find('\0') != std::string::npos) return bad_value(path, "contains a NUL byte");
    return text;
}

Result<bool> as_bool(const Json& j, const std::string& path) {
    if (!j.is_boolean()) return wrong_type(j, path, "a boolean");
    return j.get<bool>();
}

Result<uint64_t> as_u64(const Json& j, const std::string& path, uint64_t max) {
    if (!j.is_number()) return wrong_type(j, path, "a number");
    // nlohmann keeps a non-negative integer as unsigned, a negative one as signed, and anything
    // with a fraction, an exponent or past 64 bits as a double.
    if (j.is_number_unsigned() && j.get<uint64_t>() <= max) return j.get<uint64_t>();
    return bad_value(path, j.dump() + " is not an integer from 0 to " + std::to_string(max));
}

Result<int64_t> as_i64(const Json& j, const std::string& path, int64_t min, int64_t max) {
    if (!j.is_number()) return wrong_type(j, path, "a number");
    bool fits = false;
    int64_t v = 0;
    if (j.is_number_unsigned()) {
        fits = j.get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX);
        v = static_cast<int64_t>(j.get<uint64_t>());
    } else if (j.is_number_integer()) {
        fits = true;
        v = j.get<int64_t>();
    }
    if (fits && v >= min && v <= max) return v;
    return bad_value(path, j.dump() + " is not an integer from " + std::to_string(min) + " to " +
                               std::to_string(max));
}

Result<std::vector<std::string>> as_strings(const Json& j, const std::string& path) {
    NSCTL_TRY(need_array(j, path));
    std::vector<std::string> out;
    for (size_t i = 0; i < j.size(); ++i)
        out.push_back(NSCTL_TRY(as_string(j[i], item_path(path, i))));
    return out;
}

Result<std::map<std::string, std::string>> as_string_map(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    std::map<std::string, std::string> out;
    for (const auto& [key, value] : j.items()) {
        if (key.find('\0') != std::string::npos)
            return bad_value(path, "a key contains a NUL byte");
        out[key] = NSCTL_TRY(as_string(value, key_path(path, key)));
    }
    return out;
}

Status opt_string(const Json& obj, const std::string& path, const char* key, std::string* out) {
    if (const Json* j = find(obj, key)) *out = NSCTL_TRY(as_string(*j, member_path(path, key)));
    return {};
}

Status opt_bool(const Json& obj, const std::string& path, const char* key, bool* out) {
    if (const Json* j = find(obj, key)) *out = NSCTL_TRY(as_bool(*j, member_path(path, key)));
    return {};
}

Status opt_strings(const Json& obj, const std::string& path, const char* key,
                   std::vector<std::string>* out) {
    if (const Json* j = find(obj, key)) *out = NSCTL_TRY(as_strings(*j, member_path(path, key)));
    return {};
}

Status req_string(const Json& obj, const std::string& path, const char* key, std::string* out) {
    const Json* j = find(obj, key);
    if (!j) return bad_value(member_path(path, key), "required");
    *out = NSCTL_TRY(as_string(*j, member_path(path, key)));
    return {};
}

Status each_item(const Json& obj, const std::string& path, const char* key,
                 const std::function<Status(const Json&, const std::string&)>& fn) {
    const Json* j = find(obj, key);
    if (!j) return {};
    std::string at = member_path(path, key);
    NSCTL_TRY(need_array(*j, at));
    for (size_t i = 0; i < j->size(); ++i) NSCTL_TRY(fn((*j)[i], item_path(at, i)));
    return {};
}

}  // namespace nsctl::oci
