// SPDX-License-Identifier: GPL-2.0-or-later
// escape: tries the ways out of a sandbox that issue 10 lists, for the tests of `nsctl run`
// (tests/cli/run_escape_test.cc). Statically linked like the probe, so that it runs in any root
// file system and as any uid. Each attempt prints one `key=value` line, sorted by key, the value
// `OK` (it worked: the test decides whether that is a hole) or the errno name it failed with.
// It never writes to anything it manages to open outside the sandbox.
//
//   escape fds                  fd.N=TARGET for every open fd (readlink of /proc/self/fd/N),
//                               cwd=, proc_cwd= (readlink /proc/self/cwd), pids=1,2,..., and
//                               PID 1's fds above 2 (pid1.fd.N=TARGET, pid1.fd.N.w)
//   escape exe [PID...]         for every pid of /proc but its own (or the ones given), what
//                               /proc/PID/exe gives: exe.PID.{link,stat,rdonly,wronly,rdwr,
//                               path,reopen_r,reopen_w}; stat is DEV:INO (st_dev as
//                               major:minor) of the file it leads to
//   escape memory PID           reaching the memory of PID: reading /proc/PID/maps, opening
//                               /proc/PID/mem for reading and writing, ptrace(PTRACE_SEIZE)
//                               (detached again at once): mem.PID.{maps,mem_r,mem_rw,ptrace}
//   escape chroot MARKER        whether MARKER (a host path) can be reached: directly, through
//                               /proc/1/root and /proc/1/cwd, after chroot into a subdirectory
//                               with the old root's fd kept, chdir("..") 64 times and chroot(".")
//   escape mounts               umount of masked paths, remount and new mounts (all need
//                               CAP_SYS_ADMIN in the mount namespace's user namespace)
//   escape ioctls               TIOCSTI and TIOCLINUX on fd 0, also with the high 32 bits set
//   escape procfs               writing /proc/sysrq-trigger and core_pattern (opened only,
//                               nothing written), reading /proc/kcore, /proc/keys and
//                               /proc/timer_list (the bytes of the first read)
//   escape mknod DIR b|c MAJ MIN  mknod of a block or character device in DIR and opening it
//                               read-only (mknod_node, open_node; then removed); opening the raw
//                               devices a host has (/dev/mem, /dev/kmem, /dev/port, /dev/vda,
//                               /dev/sda, /dev/nvme0n1, /dev/kmsg)
//   escape kill PID...          kill(PID, 0), pidfd_open(PID), stat /proc/PID
//   escape unix NAME            connect to the abstract unix socket "\0NAME"
//   escape tcp PORT             connect to 127.0.0.1:PORT
//   escape cgroup               opening the cgroup.procs of the cgroup hierarchies for writing,
//                               and mounting a cgroup hierarchy
//   escape calls                system calls the default seccomp filter refuses, and getpid and
//                               keyctl through the i386 ABI (int $0x80; SIGSEGV
//                               where the kernel has no IA32 emulation)
//   escape ids                  uid, euid, suid, gid, egid, sgid (getresuid, getresgid)
//   escape create PATH          creates PATH (a file) and prints create=OK or the errno
//   escape hold                 keeps an O_PATH fd of its parent's exe in a daemon and tries to
//                               reopen it for writing once the parent is gone (late_reopen_w=)
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "key_lines.h"

// "OK" when r >= 0, else errno's name.
static void add_result(const char* key, long r) { add(key, r < 0 ? errno_name(errno) : "OK"); }

static void add_link(const char* key, const char* path) {
    char target[PATH_MAX];
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n < 0) {
        add(key, errno_name(errno));
        return;
    }
    target[n] = '\0';
    add(key, target);
}

// The numeric entries of /proc but our own, ascending, as "1,2,...".
static int proc_pids(int* pids, int max) {
    DIR* dir = opendir("/proc");
    int n = 0;
    for (struct dirent* e; dir && (e = readdir(dir)) != NULL && n < max;) {
        int pid = atoi(e->d_name);
        if (pid > 0 && pid != getpid()) pids[n++] = pid;
    }
    if (dir) closedir(dir);
    for (int i = 1; i < n; ++i) {
        for (int j = i; j > 0 && pids[j - 1] > pids[j]; --j) {
            int t = pids[j];
            pids[j] = pids[j - 1];
            pids[j - 1] = t;
        }
    }
    return n;
}

// PID 1's fds above 2 (the reaper's, nsctl's own process): pid1.fd.N=TARGET, and whether it
// can be opened for writing (pid1.fd.N.w), nothing written. pid1.fds=ERRNO when not listed.
static void add_pid1_fds(void) {
    DIR* dir = opendir("/proc/1/fd");
    if (!dir) {
        add("pid1.fds", errno_name(errno));
        return;
    }
    for (struct dirent* e; (e = readdir(dir)) != NULL;) {
        int fd = atoi(e->d_name);
        if (e->d_name[0] == '.' || fd < 3) continue;
        char path[64], key[64];
        snprintf(path, sizeof path, "/proc/1/fd/%d", fd);
        snprintf(key, sizeof key, "pid1.fd.%d", fd);
        add_link(key, path);
        snprintf(key, sizeof key, "pid1.fd.%d.w", fd);
        int f = open(path, O_WRONLY | O_CLOEXEC | O_NONBLOCK);
        add_result(key, f);
        if (f >= 0) close(f);
    }
    closedir(dir);
}

static int fds(void) {
    DIR* dir = opendir("/proc/self/fd");
    if (!dir) {
        add("fds", errno_name(errno));
        return print_sorted();
    }
    for (struct dirent* e; (e = readdir(dir)) != NULL;) {
        int fd = atoi(e->d_name);
        if (e->d_name[0] == '.' || fd == dirfd(dir)) continue;
        char path[64], key[64];
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        snprintf(key, sizeof key, "fd.%d", fd);
        add_link(key, path);
    }
    closedir(dir);
    add_pid1_fds();
    char cwd[PATH_MAX];
    add("cwd", getcwd(cwd, sizeof cwd) ? cwd : errno_name(errno));
    add_link("proc_cwd", "/proc/self/cwd");
    add_link("proc_root", "/proc/self/root");
    int pids[256];
    int n = proc_pids(pids, 256);
    char list[kLineMax] = "";
    size_t o = 0;
    for (int i = 0; i < n && o < sizeof list; ++i)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%d", i ? "," : "", pids[i]);
    add("pids", list);
    return print_sorted();
}

static void try_exe_open(int pid, const char* what, const char* path, int flags) {
    char key[64];
    snprintf(key, sizeof key, "exe.%d.%s", pid, what);
    int fd = open(path, flags | O_CLOEXEC);
    add_result(key, fd);
    if (fd >= 0) close(fd);
}

static void exe_of(int pid) {
    char path[64], key[64], value[64];
    snprintf(path, sizeof path, "/proc/%d/exe", pid);
    snprintf(key, sizeof key, "exe.%d.link", pid);
    add_link(key, path);
    struct stat st;
    snprintf(key, sizeof key, "exe.%d.stat", pid);
    if (stat(path, &st) != 0) {
        add(key, errno_name(errno));
    } else {
        snprintf(value, sizeof value, "%u:%u:%lu", major(st.st_dev), minor(st.st_dev),
                 (unsigned long)st.st_ino);
        add(key, value);
    }
    try_exe_open(pid, "rdonly", path, O_RDONLY);
    try_exe_open(pid, "wronly", path, O_WRONLY);
    try_exe_open(pid, "rdwr", path, O_RDWR);
    // runc's CVE-2019-5736: an O_PATH fd kept, then reopened for writing through /proc/self/fd.
    int opath = open(path, O_PATH | O_CLOEXEC);
    snprintf(key, sizeof key, "exe.%d.path", pid);
    add_result(key, opath);
    if (opath < 0) return;
    char again[64];
    snprintf(again, sizeof again, "/proc/self/fd/%d", opath);
    try_exe_open(pid, "reopen_r", again, O_RDONLY);
    try_exe_open(pid, "reopen_w", again, O_WRONLY);
    close(opath);
}

static int exe(int argc, char** argv) {
    if (argc > 0) {
        for (int i = 0; i < argc; ++i) exe_of(atoi(argv[i]));
        return print_sorted();
    }
    int pids[256];
    int n = proc_pids(pids, 256);
    for (int i = 0; i < n; ++i) exe_of(pids[i]);
    return print_sorted();
}

// runc's CVE-2019-5736 as it works when the sandbox's processes outlive nsctl: an O_PATH fd of
// the parent's /proc/PID/exe (nsctl's binary where the parent is nsctl's process) kept by a
// daemon, which tries to reopen it for writing (nothing written) every 10 ms for 800 ms once the
// parent has gone: late_reopen_w=OK, or the last errno. The command itself exits at once.
static int hold_parent_exe(void) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/exe", getppid());
    int opath = open(path, O_PATH | O_CLOEXEC);
    if (opath < 0) {
        add("hold", errno_name(errno));
        return print_sorted();
    }
    pid_t pid = fork();
    if (pid != 0) return pid < 0 ? 99 : 0;
    setsid();
    char again[64];
    snprintf(again, sizeof again, "/proc/self/fd/%d", opath);
    const char* result = "none";
    for (int i = 0; i < 80; ++i) {
        usleep(10 * 1000);
        int fd = open(again, O_WRONLY | O_CLOEXEC);
        result = fd >= 0 ? "OK" : errno_name(errno);
        if (fd >= 0) {
            close(fd);
            break;
        }
    }
    add("late_reopen_w", result);
    return print_sorted();
}

static int memory(const char* pid_text) {
    int pid = atoi(pid_text);
    char path[64], key[64];
    snprintf(path, sizeof path, "/proc/%d/maps", pid);
    snprintf(key, sizeof key, "mem.%d.maps", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    char byte;
    long n = fd >= 0 ? read(fd, &byte, 1) : -1;  // the check is made at the read
    add_result(key, n);
    if (fd >= 0) close(fd);
    snprintf(path, sizeof path, "/proc/%d/mem", pid);
    snprintf(key, sizeof key, "mem.%d.mem_r", pid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    add_result(key, fd);
    if (fd >= 0) close(fd);
    snprintf(key, sizeof key, "mem.%d.mem_rw", pid);
    fd = open(path, O_RDWR | O_CLOEXEC);
    add_result(key, fd);
    if (fd >= 0) close(fd);
    snprintf(key, sizeof key, "mem.%d.ptrace", pid);
    long r = ptrace(PTRACE_SEIZE, pid, NULL, NULL);
    add_result(key, r);
    if (r == 0) ptrace(PTRACE_DETACH, pid, NULL, NULL);
    return print_sorted();
}

static void add_reach(const char* key, const char* prefix, const char* marker) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s%s", prefix, marker);
    add_result(key, access(path, F_OK));
}

static int chroot_escape(const char* marker) {
    add_reach("direct", "", marker);
    add_reach("proc1_root", "/proc/1/root", marker);
    add_reach("proc1_cwd", "/proc/1/cwd/../../../../../../../..", marker);
    struct stat before;
    if (stat("/", &before) != 0) return 99;
    // The classic: keep a directory fd of the old root, chroot below it, climb from the fd.
    int old_root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    add_result("chroot_subdir", chroot("/dev"));
    add_result("fchdir", fchdir(old_root));
    for (int i = 0; i < 64; ++i) (void)!chdir("..");
    add_result("chroot_dot", chroot("."));
    add_reach("after_chroot", "", marker);
    struct stat after;
    if (stat("/", &after) != 0) return 99;
    add("same_root", before.st_dev == after.st_dev && before.st_ino == after.st_ino ? "1" : "0");
    return print_sorted();
}

static int mounts(void) {
    // Masked paths of the OCI default that every kernel has: /proc/keys and /proc/timer_list
    // (covered with /dev/null), /sys/firmware (an empty tmpfs), and the read-only /proc/sys.
    add_result("umount_keys", umount("/proc/keys"));
    add_result("umount2_detach_keys", umount2("/proc/keys", MNT_DETACH));
    add_result("umount2_detach_timer_list", umount2("/proc/timer_list", MNT_DETACH));
    add_result("umount2_detach_firmware", umount2("/sys/firmware", MNT_DETACH));
    add_result("umount2_detach_proc_sys", umount2("/proc/sys", MNT_DETACH));
    add_result("remount_rw_proc_sys", mount(NULL, "/proc/sys", NULL, MS_REMOUNT | MS_BIND, NULL));
    add_result("remount_rw_root", mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND, NULL));
    add_result("mount_proc", mount("proc", "/dev/shm", "proc", 0, NULL));
    add_result("mount_sysfs", mount("sysfs", "/dev/shm", "sysfs", 0, NULL));
    add_result("mount_tmpfs", mount("tmpfs", "/dev/shm", "tmpfs", 0, NULL));
    add_result("mount_bind", mount("/", "/dev/shm", NULL, MS_BIND | MS_REC, NULL));
    add_result("fsopen_proc", syscall(SYS_fsopen, "proc", 0));
    add_result("open_tree_clone", syscall(SYS_open_tree, AT_FDCWD, "/", 1 /* OPEN_TREE_CLONE */));
    add_result("unshare_mnt", unshare(CLONE_NEWNS));
    return print_sorted();
}

static int ioctls(void) {
    char c = 'x';
    char linux_sub[2] = {6 /* TIOCL_GETSHIFTSTATE */, 0};
    add_result("tiocsti", ioctl(0, TIOCSTI, &c));
    add_result("tiocsti_high_bits", syscall(SYS_ioctl, 0, 0x100000000UL | TIOCSTI, &c));
    add_result("tioclinux", ioctl(0, TIOCLINUX, linux_sub));
    add_result("tioclinux_high_bits", syscall(SYS_ioctl, 0, 0x100000000UL | TIOCLINUX, linux_sub));
    return print_sorted();
}

// Opens path with flags only to see whether it can be; writes nothing.
static void try_open(const char* key, const char* path, int flags) {
    int fd = open(path, flags | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    add_result(key, fd);
    if (fd >= 0) close(fd);
}

static void add_read_size(const char* key, const char* path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        add(key, errno_name(errno));
        return;
    }
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    char value[32];
    snprintf(value, sizeof value, "%zd", n);
    add(key, n < 0 ? errno_name(errno) : value);
}

static int procfs(void) {
    try_open("sysrq_trigger_w", "/proc/sysrq-trigger", O_WRONLY);
    try_open("core_pattern_w", "/proc/sys/kernel/core_pattern", O_WRONLY);
    try_open("modprobe_w", "/proc/sys/kernel/modprobe", O_WRONLY);
    add_read_size("kcore_bytes", "/proc/kcore");
    add_read_size("keys_bytes", "/proc/keys");
    add_read_size("timer_list_bytes", "/proc/timer_list");
    return print_sorted();
}

static void try_node(const char* key, const char* dir, const char* name, mode_t mode, dev_t dev) {
    char path[PATH_MAX], k[64];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(k, sizeof k, "mknod_%s", key);
    int r = mknod(path, mode | 0600, dev);
    add_result(k, r);
    if (r != 0) return;
    snprintf(k, sizeof k, "open_%s", key);
    try_open(k, path, O_RDONLY);
    unlink(path);
}

static int nodes(const char* dir, const char* type, const char* maj, const char* min) {
    try_node("node", dir, "escape-node", strcmp(type, "b") == 0 ? S_IFBLK : S_IFCHR,
             makedev((unsigned)atoi(maj), (unsigned)atoi(min)));
    static const char* const kRaw[] = {"/dev/mem", "/dev/kmem",    "/dev/port", "/dev/vda",
                                       "/dev/sda", "/dev/nvme0n1", "/dev/kmsg"};
    for (size_t i = 0; i < sizeof kRaw / sizeof kRaw[0]; ++i) {
        char key[64];
        snprintf(key, sizeof key, "raw%s", kRaw[i] + 4);  // "raw/mem"
        try_open(key, kRaw[i], O_RDONLY);
    }
    return print_sorted();
}

static int kill_pids(int argc, char** argv) {
    for (int i = 0; i < argc; ++i) {
        int pid = atoi(argv[i]);
        char key[64], path[64];
        struct stat st;
        snprintf(key, sizeof key, "kill.%d", pid);
        add_result(key, kill(pid, 0));
        snprintf(key, sizeof key, "pidfd_open.%d", pid);
        long fd = syscall(SYS_pidfd_open, pid, 0);
        add_result(key, fd);
        if (fd >= 0) close((int)fd);
        snprintf(key, sizeof key, "proc.%d", pid);
        snprintf(path, sizeof path, "/proc/%d", pid);
        add_result(key, stat(path, &st));
    }
    return print_sorted();
}

static int connect_unix(const char* name) {
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    size_t n = strlen(name);
    if (n > sizeof a.sun_path - 1) n = sizeof a.sun_path - 1;
    memcpy(a.sun_path + 1, name, n);  // abstract: a leading '\0'
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) return 99;
    add_result("connect", connect(s, (struct sockaddr*)&a,
                                  (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n)));
    close(s);
    return print_sorted();
}

static int connect_tcp(const char* port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)atoi(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) return 99;
    add_result("connect", connect(s, (struct sockaddr*)&a, sizeof a));
    close(s);
    return print_sorted();
}

static int cgroup(void) {
    static const char* const kHierarchies[] = {"memory", "pids", "unified", "systemd", ""};
    for (size_t i = 0; i < sizeof kHierarchies / sizeof kHierarchies[0]; ++i) {
        char path[128], key[64];
        snprintf(path, sizeof path, "/sys/fs/cgroup/%s%scgroup.procs", kHierarchies[i],
                 *kHierarchies[i] ? "/" : "");
        snprintf(key, sizeof key, "procs_w.%s", *kHierarchies[i] ? kHierarchies[i] : "top");
        try_open(key, path, O_WRONLY);
    }
    add_result("mount_cgroup_memory", mount("cgroup", "/dev/shm", "cgroup", 0, "memory"));
    add_result("mount_cgroup2", mount("cgroup2", "/dev/shm", "cgroup2", 0, NULL));
    char self[kLineMax] = "";
    int fd = open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, self, sizeof self - 1) : -1;
    if (fd >= 0) close(fd);
    self[n > 0 ? n : 0] = '\0';
    for (char* p = self; *p; ++p) {
        if (*p == '\n') *p = ';';
    }
    add("self", self);
    return print_sorted();
}

// A system call through the i386 ABI (int $0x80): what a filter that checks no architecture
// would let through. In a child, since a kernel without IA32 emulation answers int $0x80 with
// SIGSEGV: the value is OK, the errno's name, or SIGSEGV.
static void add_int80(const char* key, long nr) {
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) return;
    pid_t pid = fork();
    if (pid == 0) {
        long r = -ENOSYS;
#if defined(__x86_64__)
        __asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(0L), "c"(0L) : "memory");
#endif
        (void)!write(pipe_fds[1], &r, sizeof r);
        _exit(0);
    }
    close(pipe_fds[1]);
    long r = 0;
    ssize_t n = pid > 0 ? read(pipe_fds[0], &r, sizeof r) : -1;
    close(pipe_fds[0]);
    int status = 0;
    if (pid > 0) waitpid(pid, &status, 0);
    if (n != (ssize_t)sizeof r) {
        add(key, WIFSIGNALED(status) ? sigabbrev_np(WTERMSIG(status)) : "E?");
        return;
    }
    add(key, r < 0 ? errno_name((int)-r) : "OK");
}

static int calls(void) {
    add_result("kexec_file_load", syscall(SYS_kexec_file_load, -1, -1, 0, NULL, 0));
    add_result("finit_module", syscall(SYS_finit_module, -1, "", 0));
    add_result("delete_module", syscall(SYS_delete_module, "nsctl-none", 0));
    add_result("add_key", syscall(SYS_add_key, "user", "nsctl", "x", 1, -2));
    add_result("request_key", syscall(SYS_request_key, "user", "nsctl", NULL, 0));
    add_result("io_uring_setup", syscall(SYS_io_uring_setup, 1, NULL));
    add_result("swapon", syscall(SYS_swapon, "/nonexistent", 0));
    add_result("reboot", syscall(SYS_reboot, 0, 0, 0, NULL));  // bad magic: EINVAL if reached
    add_result("iopl", syscall(SYS_iopl, 3));
    add_result("acct", syscall(SYS_acct, "/nonexistent-nsctl"));  // ENOENT if reached
    add_int80("i386_getpid", 20);
    add_int80("i386_keyctl", 288);
    return print_sorted();
}

static int ids(void) {
    uid_t r, e, s;
    gid_t gr, ge, gs;
    if (getresuid(&r, &e, &s) != 0 || getresgid(&gr, &ge, &gs) != 0) return 99;
    char v[32];
    snprintf(v, sizeof v, "%u", r), add("uid", v);
    snprintf(v, sizeof v, "%u", e), add("euid", v);
    snprintf(v, sizeof v, "%u", s), add("suid", v);
    snprintf(v, sizeof v, "%u", gr), add("gid", v);
    snprintf(v, sizeof v, "%u", ge), add("egid", v);
    snprintf(v, sizeof v, "%u", gs), add("sgid", v);
    return print_sorted();
}

static int create(const char* path) {
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    add_result("create", fd);
    if (fd >= 0) close(fd);
    return print_sorted();
}

static int usage(void) {
    fputs(
        "usage: escape [fds | exe [PID...] | chroot MARKER | mounts | ioctls | procfs |"
        " mknod DIR b|c MAJ MIN | kill PID... | unix NAME | tcp PORT | cgroup | calls | ids |"
        " create PATH | hold | memory PID]\n",
        stderr);
    return 2;
}

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const char* q = argv[1];
    if (strcmp(q, "fds") == 0 && argc == 2) return fds();
    if (strcmp(q, "exe") == 0) return exe(argc - 2, argv + 2);
    if (strcmp(q, "chroot") == 0 && argc == 3) return chroot_escape(argv[2]);
    if (strcmp(q, "mounts") == 0 && argc == 2) return mounts();
    if (strcmp(q, "ioctls") == 0 && argc == 2) return ioctls();
    if (strcmp(q, "procfs") == 0 && argc == 2) return procfs();
    if (strcmp(q, "mknod") == 0 && argc == 6) return nodes(argv[2], argv[3], argv[4], argv[5]);
    if (strcmp(q, "kill") == 0 && argc > 2) return kill_pids(argc - 2, argv + 2);
    if (strcmp(q, "unix") == 0 && argc == 3) return connect_unix(argv[2]);
    if (strcmp(q, "tcp") == 0 && argc == 3) return connect_tcp(argv[2]);
    if (strcmp(q, "cgroup") == 0 && argc == 2) return cgroup();
    if (strcmp(q, "calls") == 0 && argc == 2) return calls();
    if (strcmp(q, "ids") == 0 && argc == 2) return ids();
    if (strcmp(q, "create") == 0 && argc == 3) return create(argv[2]);
    if (strcmp(q, "hold") == 0 && argc == 2) return hold_parent_exe();
    if (strcmp(q, "memory") == 0 && argc == 3) return memory(argv[2]);
    return usage();
}
