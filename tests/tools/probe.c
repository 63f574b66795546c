// SPDX-License-Identifier: GPL-2.0-or-later
// probe: reports what a process sees, for the tests of `nsctl run`. Statically linked, so that it
// runs in any root file system, and it needs nothing from its environment.
//
//   probe                 one `key=value` line per fact, sorted by key (see facts())
//   probe mounts          one line per mount of /proc/self/mountinfo, in its order:
//                         `POINT FSTYPE ro|rw ROOT MAJ:MIN SUPEROPTIONS` (paths octal-escaped)
//   probe ls DIR          the entries of DIR, sorted: `NAME TYPE [-> TARGET]`, TYPE one of
//                         d - l c b p s ?
//   probe write PATH      creates PATH and writes to it: `write=OK` or `write=ERRNONAME`
//   probe exit N          exits with status N
//   probe sleep           prints `sleeping`, then waits until a signal kills it
//   probe signals N       catches every catchable signal but SIGCHLD, prints `ready`, then the
//                         name of each signal it gets (TERM, HUP...), and exits 0 after N
//   probe winsize         `winsize=ROWSxCOLS` of the terminal on fd 0, or `winsize=ERRNONAME`
//   probe kill PID SIG    kill(PID, SIG): `kill=OK` or `kill=ERRNONAME`
//   probe env             the environment, sorted
// Every line ends in '\n' and is written with one write(2) (so lines of concurrent probes do not
// mix). A query that cannot run prints `probe: WHAT: ERRNONAME` on stderr and exits 99.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "key_lines.h"

extern char** environ;

static _Noreturn void fail(const char* what) {
    char buf[kLineMax];
    int n = snprintf(buf, sizeof buf, "probe: %s: %s\n", what, errno_name(errno));
    (void)!write(2, buf, (size_t)n);
    _exit(99);
}

static void out(const char* line) {
    size_t n = strlen(line);
    char buf[kLineMax];
    if (n > kLineMax - 1) n = kLineMax - 1;
    memcpy(buf, line, n);
    buf[n] = '\n';
    if (write(1, buf, n + 1) < 0) _exit(98);
}

static void add_int(const char* key, long value) {
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", value);
    add(key, buf);
}

// The whole file (up to kLineMax - 1 bytes), or "" when it cannot be read.
static void read_small(const char* path, char* buf) {
    buf[0] = '\0';
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ssize_t n = read(fd, buf, kLineMax - 1);
    close(fd);
    buf[n > 0 ? n : 0] = '\0';
}

// uid_map and gid_map as one line: blanks collapsed, lines joined with ';'.
static void add_map(const char* key, const char* path) {
    char raw[kLineMax], flat[kLineMax];
    read_small(path, raw);
    size_t o = 0;
    int blank = 1;  // drop leading blanks
    for (const char* p = raw; *p; ++p) {
        if (*p == ' ' || *p == '\t') {
            if (!blank) flat[o++] = ' ';
            blank = 1;
        } else if (*p == '\n') {
            if (o > 0 && flat[o - 1] == ' ') --o;
            if (p[1] != '\0') flat[o++] = ';';
            blank = 1;
        } else {
            flat[o++] = *p;
            blank = 0;
        }
    }
    flat[o] = '\0';
    add(key, flat);
}

static void add_namespaces(void) {
    static const char* const kTypes[] = {"cgroup", "ipc",  "mnt",  "net",
                                         "pid",    "time", "user", "uts"};
    for (size_t i = 0; i < sizeof kTypes / sizeof kTypes[0]; ++i) {
        char path[64], key[32];
        snprintf(path, sizeof path, "/proc/self/ns/%s", kTypes[i]);
        snprintf(key, sizeof key, "ns.%s", kTypes[i]);
        struct stat st;
        if (stat(path, &st) != 0) {
            add(key, errno_name(errno));
        } else {
            add_int(key, (long)st.st_ino);
        }
    }
}

// The open fds, from /proc/self/fd, without the one reading it.
static void add_fds(void) {
    DIR* dir = opendir("/proc/self/fd");
    if (!dir) {
        add("fds", errno_name(errno));
        return;
    }
    int fds[1024], count = 0;
    for (struct dirent* e; (e = readdir(dir)) != NULL && count < 1024;) {
        if (e->d_name[0] == '.') continue;
        int fd = atoi(e->d_name);
        if (fd != dirfd(dir)) fds[count++] = fd;
    }
    closedir(dir);
    char buf[kLineMax] = "";
    size_t o = 0;
    for (int i = 0; i < count; ++i) {  // readdir order is ascending for /proc/self/fd
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%d", i ? "," : "", fds[i]);
        if (o >= sizeof buf) break;
    }
    add("fds", buf);
}

// CapEff, CapPrm, CapBnd, CapInh, CapAmb, NoNewPrivs and Seccomp of /proc/self/status, as
// written there (hex capability sets).
static void add_caps(void) {
    static const struct {
        const char* field;
        const char* key;
    } kCaps[] = {{"CapEff:", "cap_eff"}, {"CapPrm:", "cap_prm"}, {"CapBnd:", "cap_bnd"},
                 {"CapInh:", "cap_inh"}, {"CapAmb:", "cap_amb"}, {"NoNewPrivs:", "nnp"},
                 {"Seccomp:", "seccomp"}};
    FILE* status = fopen("/proc/self/status", "re");
    char line[256];
    while (status && fgets(line, sizeof line, status)) {
        for (size_t i = 0; i < sizeof kCaps / sizeof kCaps[0]; ++i) {
            size_t n = strlen(kCaps[i].field);
            if (strncmp(line, kCaps[i].field, n) != 0) continue;
            char* value = line + n + strspn(line + n, " \t");
            value[strcspn(value, "\n")] = '\0';
            add(kCaps[i].key, value);
        }
    }
    if (status) fclose(status);
}

static void add_lo_up(void) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) != 0) {
        add("lo_up", errno_name(errno));
    } else {
        add_int("lo_up", (ifr.ifr_flags & IFF_UP) ? 1 : 0);
    }
    if (s >= 0) close(s);
}

static int facts(void) {
    char buf[kLineMax];
    add_int("pid", getpid());
    add_int("ppid", getppid());
    add_int("sid", getsid(0));
    add_int("pgid", getpgid(0));
    add_int("uid", getuid());
    add_int("euid", geteuid());
    add_int("gid", getgid());
    add_int("egid", getegid());
    add_map("uid_map", "/proc/self/uid_map");
    add_map("gid_map", "/proc/self/gid_map");
    read_small("/proc/self/setgroups", buf);
    buf[strcspn(buf, "\n")] = '\0';
    add("setgroups", buf);
    if (gethostname(buf, sizeof buf) != 0) fail("gethostname");
    add("hostname", buf);
    add_namespaces();
    add("cwd", getcwd(buf, sizeof buf) ? buf : errno_name(errno));
    add_fds();
    add_caps();
    add_lo_up();
    int tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    add_int("ctty", tty >= 0);
    if (tty >= 0) close(tty);
    add_int("stdin_tty", isatty(0));
    struct statvfs vfs;
    if (statvfs("/", &vfs) != 0) fail("statvfs /");
    add_int("root_ro", (vfs.f_flag & ST_RDONLY) ? 1 : 0);
    return print_sorted();
}

// mountinfo: ID PARENT MAJ:MIN ROOT POINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS
static int mounts(void) {
    FILE* info = fopen("/proc/self/mountinfo", "re");
    if (!info) fail("open /proc/self/mountinfo");
    char line[kLineMax];
    while (fgets(line, sizeof line, info)) {
        char dev[64], root[kLineMax], point[kLineMax], options[kLineMax];
        char fstype[256], super[kLineMax];
        const char* dash = strstr(line, " - ");
        if (!dash || sscanf(line, "%*s %*s %63s %s %s %s", dev, root, point, options) != 4 ||
            sscanf(dash + 3, "%255s %*s %s", fstype, super) != 2) {
            continue;
        }
        options[strcspn(options, ",")] = '\0';  // the first option is ro or rw
        char result[5 * kLineMax];
        snprintf(result, sizeof result, "%s %s %s %s %s %s", point, fstype, options, root, dev,
                 super);
        out(result);
    }
    fclose(info);
    return 0;
}

static char type_letter(mode_t mode) {
    if (S_ISDIR(mode)) return 'd';
    if (S_ISREG(mode)) return '-';
    if (S_ISLNK(mode)) return 'l';
    if (S_ISCHR(mode)) return 'c';
    if (S_ISBLK(mode)) return 'b';
    if (S_ISFIFO(mode)) return 'p';
    if (S_ISSOCK(mode)) return 's';
    return '?';
}

static int list(const char* path) {
    int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR* dir = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (!dir) fail(path);
    for (struct dirent* e; (e = readdir(dir)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        struct stat st;
        if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) fail(e->d_name);
        char line[kLineMax];
        int n = snprintf(line, sizeof line, "%s %c", e->d_name, type_letter(st.st_mode));
        if (S_ISLNK(st.st_mode)) {
            char target[PATH_MAX];
            ssize_t len = readlinkat(dfd, e->d_name, target, sizeof target - 1);
            target[len > 0 ? len : 0] = '\0';
            snprintf(line + n, sizeof line - (size_t)n, " -> %s", target);
        }
        keep(line);
    }
    closedir(dir);
    return print_sorted();
}

static int write_file(const char* path) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const char* result = "OK";
    if (fd < 0) {
        result = errno_name(errno);
    } else if (write(fd, "probe\n", 6) != 6) {
        result = errno_name(errno);
    }
    if (fd >= 0 && close(fd) != 0) result = errno_name(errno);
    char line[kLineMax];
    snprintf(line, sizeof line, "write=%s", result);
    out(line);
    return 0;
}

static void ignore_signal(int sig) { (void)sig; }

static int signals(int count) {
    // A handler of our own for each signal: a PID 1 gets no signal of its parent namespace for
    // which it has the default action, blocked or not. The signals stay blocked and are taken
    // one by one with sigwaitinfo, so none is lost to a race and their order is kept.
    sigset_t all;
    sigfillset(&all);
    sigdelset(&all, SIGCHLD);
    sigprocmask(SIG_BLOCK, &all, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = ignore_signal;
    for (int sig = 1; sig < SIGRTMIN; ++sig) {
        if (sig != SIGKILL && sig != SIGSTOP && sig != SIGCHLD) sigaction(sig, &sa, NULL);
    }
    out("ready");
    for (int seen = 0; seen < count;) {
        int sig = sigwaitinfo(&all, NULL);
        if (sig < 0) {
            if (errno == EINTR) continue;
            fail("sigwaitinfo");
        }
        const char* name = sigabbrev_np(sig);
        out(name ? name : "?");
        ++seen;
    }
    return 0;
}

static int winsize(void) {
    struct winsize ws;
    char line[64];
    if (ioctl(0, TIOCGWINSZ, &ws) != 0) {
        snprintf(line, sizeof line, "winsize=%s", errno_name(errno));
    } else {
        snprintf(line, sizeof line, "winsize=%ux%u", ws.ws_row, ws.ws_col);
    }
    out(line);
    return 0;
}

static int kill_pid(const char* pid, const char* sig) {
    char line[64];
    int r = kill(atoi(pid), atoi(sig));
    snprintf(line, sizeof line, "kill=%s", r == 0 ? "OK" : errno_name(errno));
    out(line);
    return 0;
}

static int env(void) {
    for (char** e = environ; *e; ++e) keep(*e);
    return print_sorted();
}

// Tries system calls a sandbox's seccomp filter and capabilities answer for, one line each:
// "NAME=OK" or "NAME=ERRNO", sorted.
static void try_call(const char* name, long r) { add(name, r < 0 ? errno_name(errno) : "OK"); }

static int syscalls(void) {
    char c = 'x';
    try_call("bpf", syscall(SYS_bpf, 0, NULL, 0));
    try_call("keyctl", syscall(SYS_keyctl, 0, 0));
    try_call("perf_event_open", syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0));
    try_call("userfaultfd", syscall(SYS_userfaultfd, 0));
    try_call("init_module", syscall(SYS_init_module, NULL, 0, ""));
    try_call("kexec_load", syscall(SYS_kexec_load, 0, 0, NULL, 0));
    try_call("open_by_handle_at", syscall(SYS_open_by_handle_at, -1, NULL, 0));
    try_call("clone3", syscall(435, NULL, 0));
    try_call("cachestat", syscall(451, -1, NULL, NULL, 0));  // Linux 6.5: newer than the filter
    try_call("x32_getpid", syscall(0x40000000 | SYS_getpid));
    try_call("unshare_user", syscall(SYS_unshare, CLONE_NEWUSER));
    try_call("tiocsti", ioctl(0, TIOCSTI, &c));
    try_call("tiocsti_high_bits", syscall(SYS_ioctl, 0, 0x100000000UL | TIOCSTI, &c));
    try_call("getpid", syscall(SYS_getpid));
    try_call("mount_proc", mount("proc", "/mnt", "proc", 0, NULL));
    try_call("mknod", mknod("/dev/shm/probe-null", S_IFCHR | 0600, makedev(1, 3)));
    try_call("chroot", chroot("/"));
    return print_sorted();
}

// Forks up to n children that pause (a fork bomb with a stop), then prints how many it got and
// why the next fork failed: "forked=N" and "fork_error=ERRNO" (or OK).
static int fork_many(int n) {
    int got = 0;
    const char* why = "OK";
    for (; got < n; ++got) {
        pid_t pid = fork();
        if (pid < 0) {
            why = errno_name(errno);
            break;
        }
        if (pid == 0) {
            for (;;) pause();
        }
    }
    add_int("forked", got);
    add("fork_error", why);
    return print_sorted();
}

static int usage(void) {
    fputs(
        "usage: probe [mounts | ls DIR | write PATH | exit N | sleep | signals N | winsize |"
        " kill PID SIG | env | syscalls | fork N]\n",
        stderr);
    return 2;
}

int main(int argc, char** argv) {
    if (argc == 1) return facts();
    const char* q = argv[1];
    if (strcmp(q, "mounts") == 0 && argc == 2) return mounts();
    if (strcmp(q, "ls") == 0 && argc == 3) return list(argv[2]);
    if (strcmp(q, "write") == 0 && argc == 3) return write_file(argv[2]);
    if (strcmp(q, "exit") == 0 && argc == 3) return atoi(argv[2]);
    if (strcmp(q, "sleep") == 0 && argc == 2) {
        out("sleeping");
        for (;;) pause();
    }
    if (strcmp(q, "signals") == 0 && argc == 3) return signals(atoi(argv[2]));
    if (strcmp(q, "winsize") == 0 && argc == 2) return winsize();
    if (strcmp(q, "kill") == 0 && argc == 4) return kill_pid(argv[2], argv[3]);
    if (strcmp(q, "env") == 0 && argc == 2) return env();
    if (strcmp(q, "syscalls") == 0 && argc == 2) return syscalls();
    if (strcmp(q, "fork") == 0 && argc == 3) return fork_many(atoi(argv[2]));
    return usage();
}
