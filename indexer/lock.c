/* One writer per database: flock(2) on "lock" inside the database
 * directory.  The kernel drops the lock when its process dies, so a lock
 * left by kill -9 never blocks the next run. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "indexer.h"

cab_status cab_index_lock(const char *dir, int *fd, char err[CAB_ERR_SIZE])
{
    char path[4096], pid[32];
    ssize_t n;
    int f;

    *fd = -1;
    if ((size_t)snprintf(path, sizeof path, "%s/lock", dir) >= sizeof path) {
        cab_err_set(err, "database path too long '%s'", dir);
        return CAB_TOO_LARGE;
    }
    f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (f < 0) {
        cab_err_set(err, "cannot open '%s': %s", path, strerror(errno));
        return CAB_IO;
    }
    if (flock(f, LOCK_EX | LOCK_NB) != 0) {
        int busy = errno == EWOULDBLOCK;

        if (!busy) {
            cab_err_set(err, "cannot lock '%s': %s", path, strerror(errno));
            close(f);
            return CAB_IO;
        }
        n = pread(f, pid, sizeof pid - 1, 0);
        pid[n > 0 ? n : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
        cab_err_set(err, "index is being updated by another process (pid %s)",
                 *pid ? pid : "unknown");
        close(f);
        return CAB_BUSY;
    }
    n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(f, 0) != 0 || pwrite(f, pid, (size_t)n, 0) != n) {
        cab_err_set(err, "cannot write '%s': %s", path, strerror(errno));
        close(f);
        return CAB_IO;
    }
    *fd = f;
    return CAB_OK;
}

void cab_index_unlock(int fd)
{
    if (fd >= 0)
        close(fd);
}
