// SPDX-License-Identifier: GPL-2.0-or-later
// The sorted output of the static test tools (probe.c, escape.c): lines are collected, then
// printed sorted, one write(2) each, so that the lines of concurrent programs do not mix.
#pragma once

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { kMaxLines = 1024, kLineMax = 4096 };

static char* lines[kMaxLines];
static int line_count;

static inline const char* errno_name(int e) {
    const char* name = strerrorname_np(e);
    return name ? name : "E?";
}

// Collects one line (a copy). Out of memory the tool ends with 99 rather than print less.
static inline void keep(const char* line) {
    if (line_count == kMaxLines) return;
    char* copy = strdup(line);
    if (!copy) _exit(99);
    lines[line_count++] = copy;
}

// Collects `key=value`.
static inline void add(const char* key, const char* value) {
    char line[2 * kLineMax];
    snprintf(line, sizeof line, "%s=%s", key, value);
    keep(line);
}

static inline int compare_lines(const void* a, const void* b) {
    return strcmp(*(char* const*)a, *(char* const*)b);
}

// Prints what was collected, sorted: 0, or 98 when stdout cannot be written.
static inline int print_sorted(void) {
    qsort(lines, (size_t)line_count, sizeof lines[0], compare_lines);
    for (int i = 0; i < line_count; ++i) {
        size_t n = strlen(lines[i]);
        lines[i][n] = '\n';  // the copy's terminator: the line and its newline in one write
        if (write(1, lines[i], n + 1) < 0) return 98;
    }
    return 0;
}
