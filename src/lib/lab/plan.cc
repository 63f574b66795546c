// SPDX-License-Identifier: GPL-2.0-or-later
#include "lab/plan.h"

namespace nsctl::lab {

const PlanNode* LabPlan::node(std::string_view node_name) const {
    for (const auto& n : nodes)
        if (n.name == node_name) return &n;
    return nullptr;
}

uint32_t lab_group(std::string_view lab) {
    // FNV-1a folded to 16 bits: a fixed value per name; deploy moves past one in use.
    uint32_t h = 2166136261u;
    for (unsigned char c : lab) h = (h ^ c) * 16777619u;
    return 0x6c610000u | ((h >> 16) ^ (h & 0xffffu));
}

}  // namespace nsctl::lab
