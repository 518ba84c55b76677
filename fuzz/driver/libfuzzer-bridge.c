// libFuzzer <-> SharpFuzz bridge: libFuzzer runs in this process; the instrumented .NET harness
// runs as a child that SharpFuzz's Fuzzer.LibFuzzer.Run drives over two pipes and one SysV
// shared-memory segment (64 KiB edge map, then the input), named by the __LIBFUZZER_* variables. The child's edge map is copied into
// libFuzzer's extra-counters section after every input, which is libFuzzer's only coverage source.
//
// Build: clang-14 -O2 -c libfuzzer-bridge.c && clang++-14 libfuzzer-bridge.o /usr/lib/llvm-14/lib/libFuzzer.a -lpthread
// Run:   ./bridge --target_path=dotnet --target_arg=FastLog.Fuzz.dll --target_arg=libfuzzer --target_arg=NAME [libFuzzer flags] CORPUS
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAP_SIZE (1 << 16)
#define MAX_INPUT (1 << 20)
#define CONTROL_FD 198 /* the child reads input lengths here */
#define STATUS_FD 199  /* the child writes its int32 status here */
#define MAX_ARGS 64

__attribute__((used, section("__libfuzzer_extra_counters"))) uint8_t extra_counters[MAP_SIZE];

static uint8_t *shared;
static int control_write = -1;
static int status_read = -1;

static void die(const char *what)
{
    fprintf(stderr, "libfuzzer-bridge: %s: %s\n", what, strerror(errno));
    exit(1);
}

// Reads exactly n bytes; returns 0 on EOF or error (the child is gone).
static int read_all(int fd, void *buffer, size_t n)
{
    uint8_t *p = buffer;
    // Invariant: p[0, done) holds the bytes read so far.
    for (size_t done = 0; done < n;)
    {
        ssize_t r = read(fd, p + done, n - done);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return 0;
        done += (size_t)r;
    }
    return 1;
}

static int write_all(int fd, const void *buffer, size_t n)
{
    const uint8_t *p = buffer;
    // Invariant: p[0, done) has been written.
    for (size_t done = 0; done < n;)
    {
        ssize_t w = write(fd, p + done, n - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return 0;
        done += (size_t)w;
    }
    return 1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *path = NULL;
    char *child_argv[MAX_ARGS + 2];
    int child_argc = 1;
    for (int i = 1; i < *argc; i++)
    {
        const char *a = (*argv)[i];
        if (strncmp(a, "--target_path=", 14) == 0) path = a + 14;
        else if (strncmp(a, "--target_arg=", 13) == 0 && child_argc < MAX_ARGS) child_argv[child_argc++] = (char *)a + 13;
    }
    if (path == NULL)
    {
        fprintf(stderr, "libfuzzer-bridge: --target_path=PROGRAM is required\n");
        exit(1);
    }
    child_argv[0] = (char *)path;
    child_argv[child_argc] = NULL;

    int shm_id = shmget(IPC_PRIVATE, MAP_SIZE + MAX_INPUT, IPC_CREAT | IPC_EXCL | 0600);
    if (shm_id < 0) die("shmget");
    shared = shmat(shm_id, NULL, 0);
    if (shared == (void *)-1) die("shmat");

    int control[2], status[2];
    if (pipe(control) != 0 || pipe(status) != 0) die("pipe");
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0)
    {
        // The child dies with libFuzzer (which _Exits on a timeout or crash): no orphans.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (dup2(control[0], CONTROL_FD) < 0 || dup2(status[1], STATUS_FD) < 0) die("dup2");
        close(control[0]); close(control[1]); close(status[0]); close(status[1]);
        char id[32];
        snprintf(id, sizeof id, "%d", shm_id);
        setenv("__LIBFUZZER_SHM_ID", id, 1);
        setenv("__LIBFUZZER_CONTROL_PIPE_ID", "198", 1);
        setenv("__LIBFUZZER_STATUS_PIPE_ID", "199", 1);
        execvp(path, child_argv);
        die("exec");
    }
    close(control[0]);
    close(status[1]);
    control_write = control[1];
    status_read = status[0];
    int32_t ready = -1;
    int ok = read_all(status_read, &ready, sizeof ready);
    // Both sides are attached now (or the child failed): remove the segment so it cannot leak.
    shmctl(shm_id, IPC_RMID, NULL);
    if (!ok)
    {
        fprintf(stderr, "libfuzzer-bridge: the harness exited before it was ready\n");
        exit(1);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_INPUT) return -1;
    memset(shared, 0, MAP_SIZE);
    memcpy(shared + MAP_SIZE, data, size);
    int32_t length = (int32_t)size;
    int32_t status = -1;
    if (!write_all(control_write, &length, sizeof length) || !read_all(status_read, &status, sizeof status))
    {
        fprintf(stderr, "libfuzzer-bridge: the harness died (see its output above)\n");
        abort();
    }
    memcpy(extra_counters, shared, MAP_SIZE);
    if (status != 0)
    {
        fprintf(stderr, "libfuzzer-bridge: the harness reported status %d\n", status);
        abort();
    }
    return 0;
}
