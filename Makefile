# SPDX-License-Identifier: GPL-2.0-or-later
#
# Developer entry points. CI runs `make test` (through .ci/run) on a fresh Debian 12 machine.
#   make deps        install the missing Debian packages (scripts/install-deps.sh)
#   make build       RelWithDebInfo build with -Werror into build/
#   make build-asan  Debug build with ASan+UBSan into build-asan/
#   make test        deps, both builds, CTest in both trees (asan first; ends with CTest's summary)
#   make demo        deps, build, then a short tour (scripts/demo.sh)
#   make bench       deps (with --bench), build, then the drop-ins' benches: bench/lsns,
#                    bench/unshare and bench/nsenter (each against util-linux, same runs), and
#                    bench/run (nsctl run against a floor, bubblewrap and crun), and bench/exec
#                    (nsctl exec into a named sandbox against nsenter -a and a floor), bench/oci
#                    (a container's lifecycle through nsctl oci, crun and runc) and bench/ctr
#                    (ctr run --rm through containerd with each of the three)
#   make install     PREFIX=/usr/local, DESTDIR honoured (uninstall removes the same files)
#   make format      clang-format -i over src tests bench
#   make tidy        clang-tidy over src and tests/support (build/compile_commands.json)
#   make clean       remove both build trees

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

BUILD_DIR ?= build
DROPINS := lsns unshare nsenter
# Every command has its page, man/nsctl-COMMAND.8 or .1 (tests/style/check_man_pages.sh checks
# it): section 8 for the drop-ins, the network commands, doctor, lab and oci, 1 for the sandbox
# commands.
NET_COMMANDS := netns link addr route nat
ADMIN_COMMANDS := doctor lab oci
SANDBOX_COMMANDS := run ps exec kill rm
MAN8_PAGES := $(foreach c,$(DROPINS) $(NET_COMMANDS) $(ADMIN_COMMANDS),man/nsctl-$(c).8)
MAN1_PAGES := $(foreach c,$(SANDBOX_COMMANDS),man/nsctl-$(c).1)
ASAN_DIR ?= build-asan
CMAKE ?= cmake
CLANG_FORMAT ?= clang-format
CLANG_TIDY ?= clang-tidy
INSTALL ?= install

SUBMAKE := $(MAKE) --no-print-directory
CONFIGURE_MAIN = $(CMAKE) -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DNSCTL_WERROR=ON
FORMAT_FILES = find src tests bench -type f \( -name '*.cc' -o -name '*.h' -o -name '*.c' \)

# $(call link_unless_file,TARGET,LINK): ln -s, but never over a real file: with PREFIX=/usr,
# util-linux's own lsns and its completion stay.
link_unless_file = if [ -e $(2) ] && [ ! -L $(2) ]; then \
	echo "install: keeping the existing $(2) (not a symlink)"; else ln -sfn $(1) $(2); fi

.PHONY: all deps build build-asan test demo bench install uninstall format tidy clean

all: build

deps:
	scripts/install-deps.sh

build:
	$(CONFIGURE_MAIN)
	$(CMAKE) --build $(BUILD_DIR)

build-asan:
	$(CMAKE) -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DNSCTL_SANITIZE=ON
	$(CMAKE) --build $(ASAN_DIR)

# Sequential on purpose (also under make -j): packages first, then the builds, and the main tree's
# tests last, so that the final line is CTest's summary.
test:
	$(SUBMAKE) deps
	$(SUBMAKE) build-asan
	$(SUBMAKE) build
	scripts/run-ctest.sh $(ASAN_DIR) $(BUILD_DIR)

demo:
	$(SUBMAKE) deps
	$(SUBMAKE) build
	NSCTL=$(BUILD_DIR)/src/cli/nsctl scripts/demo.sh

bench:
	scripts/install-deps.sh --bench
	$(SUBMAKE) build
	NSCTL=$(BUILD_DIR)/src/cli/lsns bench/lsns $(N)
	NSCTL=$(BUILD_DIR)/src/cli/unshare bench/unshare
	NSCTL=$(BUILD_DIR)/src/cli/nsenter bench/nsenter
	NSCTL=$(BUILD_DIR)/src/cli/nsctl bench/run
	NSCTL=$(BUILD_DIR)/src/cli/nsctl bench/exec
	NSCTL=$(BUILD_DIR)/src/cli/nsctl bench/oci
	NSCTL=$(BUILD_DIR)/src/cli/nsctl bench/ctr

# Builds the binary only (not the tests), as the user running make; DESTDIR for packagers.
install:
	$(CONFIGURE_MAIN)
	$(CMAKE) --build $(BUILD_DIR) --target nsctl
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL) -m 0755 $(BUILD_DIR)/src/cli/nsctl $(DESTDIR)$(BINDIR)/nsctl
	$(INSTALL) -m 0644 man/nsctl.1 $(DESTDIR)$(MANDIR)/man1/nsctl.1
	$(INSTALL) -m 0644 $(MAN1_PAGES) $(DESTDIR)$(MANDIR)/man1/
	$(INSTALL) -m 0644 $(MAN8_PAGES) $(DESTDIR)$(MANDIR)/man8/
	$(INSTALL) -m 0644 completions/nsctl.bash $(DESTDIR)$(BASHCOMPDIR)/nsctl
	for d in $(DROPINS); do \
		$(call link_unless_file,nsctl,$(DESTDIR)$(BINDIR)/$$d); \
		$(call link_unless_file,nsctl,$(DESTDIR)$(BASHCOMPDIR)/$$d); \
	done
	$(call link_unless_file,nsctl,$(DESTDIR)$(BINDIR)/nsctl-runtime)

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/nsctl $(DESTDIR)$(MANDIR)/man1/nsctl.1 $(DESTDIR)$(BASHCOMPDIR)/nsctl
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1_PAGES)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(MAN8_PAGES)))
	for d in $(DROPINS); do \
		[ ! -L $(DESTDIR)$(BINDIR)/$$d ] || rm -f $(DESTDIR)$(BINDIR)/$$d; \
		[ ! -L $(DESTDIR)$(BASHCOMPDIR)/$$d ] || rm -f $(DESTDIR)$(BASHCOMPDIR)/$$d; \
	done
	[ ! -L $(DESTDIR)$(BINDIR)/nsctl-runtime ] || rm -f $(DESTDIR)$(BINDIR)/nsctl-runtime

format:
	$(FORMAT_FILES) -print0 | xargs -0 -r $(CLANG_FORMAT) -i

tidy:
	scripts/install-deps.sh --tidy
	$(SUBMAKE) build
	find src tests/support -type f -name '*.cc' -print0 | xargs -0 -r -n 4 -P "$$(nproc)" \
		$(CLANG_TIDY) --quiet --warnings-as-errors='*' -p $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR)
