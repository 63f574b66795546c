// SPDX-License-Identifier: GPL-2.0-or-later
// The program bench/run starts in each sandbox: `true`, linked statically so that the root file
// system needs nothing else and no tool pays for a dynamic loader in it.
int main(void) { return 0; }
