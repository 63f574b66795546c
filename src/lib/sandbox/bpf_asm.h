// SPDX-License-Identifier: GPL-2.0-or-later
// A small assembler for seccomp's classic BPF: loads of seccomp_data words, conditional jumps to
// labels, returns; labels are resolved at the end. Internal to src/lib/sandbox (seccomp.cc,
// seccomp_policy.cc).
#pragma once

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "sandbox/seccomp.h"

namespace nsctl::sandbox::bpf {

/// A place in the program, bound once.
using Label = int;

/// The jumps a condition takes (BPF's JEQ, JGT, JGE, JSET with a constant).
enum class Jump { kEq, kGt, kGe, kSet };

class Assembler {
  public:
    Label label() {
        bound_.push_back(-1);
        return static_cast<Label>(bound_.size() - 1);
    }
    /// The next instruction is where label points.
    void bind(Label l) { bound_[static_cast<size_t>(l)] = static_cast<int>(code_.size()); }

    /// A = the 32-bit word at offset of struct seccomp_data.
    void load(uint32_t offset);
    /// A &= k.
    void and_k(uint32_t k);
    /// if (A op k) goto yes else goto no; kNext for either falls through.
    void jump(Jump op, uint32_t k, Label yes, Label no);
    void ret(uint32_t value);

    /// The program, with every label resolved. E2BIG when a jump is longer than 255.
    Result<BpfProgram> finish();

    static constexpr Label kNext = -1;

  private:
    struct Pending {
        size_t at;
        Label yes, no;
    };
    BpfProgram code_;
    std::vector<int> bound_;
    std::vector<Pending> jumps_;
};

/// Offsets in struct seccomp_data.
uint32_t nr_offset();
uint32_t arch_offset();
/// The low (or high) 32 bits of argument i, as this (little-endian) machine lays them out.
uint32_t arg_offset(int i, bool high);

/// SECCOMP_RET_* values.
uint32_t ret_allow();
uint32_t ret_errno(int err);
uint32_t ret_kill_process();
uint32_t ret_log();
uint32_t ret_trap();

/// The checks every filter starts with: another architecture, the x32 ABI and system calls
/// newer than this build get ENOSYS. Leaves the system call number in A.
void prologue(Assembler& a);

}  // namespace nsctl::sandbox::bpf
