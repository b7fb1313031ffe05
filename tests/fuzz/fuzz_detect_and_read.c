/* Fuzz target: format detection, the in-memory single-cable parser, and
 * the streaming reader (gzip, CSV and all) over the same bytes. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cab_mem.h"
#include "cable.h"
#include "corpus.h"

/* Stream 'data' through cab_reader_open/next via an in-memory file. */
static void read_stream(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz-input", 0);
    if (fd < 0)
        return;
    if (size > 0 && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    char err[CAB_ERR_SIZE];
    cab_reader *r = NULL;
    if (cab_reader_open(path, &r, err) == CAB_OK) {
        /* Bounded: a bad record is skipped, anything else ends the input. */
        for (int i = 0; i < 10000; i++) {
            struct cable *c = NULL;
            cab_status st = cab_reader_next(r, &c);
            if (st == CAB_OK && c == NULL)
                break;
            cable_free(c);
            if (st != CAB_OK && st != CAB_BAD_INPUT)
                break;
        }
        (void)cab_reader_format(r);
        (void)cab_reader_errmsg(r);
    }
    cab_reader_close(r);
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    enum cab_format f = cab_detect_format(s, size);
    (void)cab_format_name(f);

    char err[CAB_ERR_SIZE];
    struct cable *c = NULL;
    if (cab_parse_document(s, size, "fuzz.html", &c, err) == CAB_OK && c == NULL)
        __builtin_trap();   /* success must give a cable */
    cable_free(c);

    size_t n = 0;
    char *fixed = cab_utf8_repair(s, size, &n);
    if (fixed != NULL && n > 3 * size + 1)
        __builtin_trap();   /* a repair never more than triples the input */
    cab_free(fixed);

    read_stream(data, size);
    return 0;
}
