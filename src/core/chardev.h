/*
 * Character devices: the host end of a guest's serial port. Backends take
 * qemu-system-arm's -serial spellings: stdio, null, file:PATH and
 * tcp:[HOST]:PORT[,server[=on|off]][,wait[=on|off]|,nowait][,nodelay[=on|off]].
 * A device (the frontend) registers can_receive/receive callbacks, as QEMU's
 * chr frontends do, and is fed from chardev_poll(). No threads: nothing
 * happens outside chardev_write() and chardev_poll().
 *
 * Output policy. chardev_write() never waits for the host side (only
 * creation, for a tcp server's first client, and close, briefly, do): it
 * writes what the host takes now and queues the rest in a per-device buffer
 * of CHARDEV_OUT_BUFFER bytes, drained by later writes and polls and at
 * close. Bytes that find the buffer full, or no peer (a tcp server without
 * a client, a client whose connection went), or a backend whose output
 * failed, are dropped and counted (chardev_dropped()). stdout is not ours
 * to make non-blocking (it shares its open file with the shell), so the
 * stdio backend writes to it only when poll() says it is writable, at most
 * PIPE_BUF bytes at a time.
 */
#ifndef TZEMU_CORE_CHARDEV_H
#define TZEMU_CORE_CHARDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes of output a device queues while the host side is not taking it. */
#define CHARDEV_OUT_BUFFER 65536
/* How long chardev_close() waits for queued output to go out. */
#define CHARDEV_CLOSE_DRAIN_MS 2000

typedef struct CharDev CharDev;

/**
 * CharDevErrCode - why a chardev call failed.
 * CHARDEV_ERR_SPEC: the spec string is malformed or names something
 *                   unsupported (chardev_parse, chardev_new).
 * CHARDEV_ERR_IO:   the host refused: a file that cannot be opened, an
 *                   address that cannot be resolved, bound or connected to.
 * CHARDEV_ERR_BUSY: stdio is already used by another character device.
 */
typedef enum CharDevErrCode {
    CHARDEV_OK = 0,
    CHARDEV_ERR_SPEC,
    CHARDEV_ERR_IO,
    CHARDEV_ERR_BUSY,
} CharDevErrCode;

/* A failed call's code and a sentence naming the spec and the fix. */
typedef struct CharDevError {
    CharDevErrCode code;
    char message[256];
} CharDevError;

/* Fills @err (if given) with @code and the formatted message; returns
 * @code. For the backends' own files too. */
CharDevErrCode chardev_fail(CharDevError *err, CharDevErrCode code,
                            const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

typedef enum CharDevBackend {
    CHARDEV_NULL,
    CHARDEV_STDIO,
    CHARDEV_FILE,
    CHARDEV_TCP,
} CharDevBackend;

/**
 * CharDevSpec - a parsed spec.
 * @path: for file: the path, verbatim (commas included, as QEMU takes it).
 * @host: for tcp: the host without brackets; empty means every address for
 *        a server and the loopback address for a client (QEMU's
 *        "tcp::4444,server").
 * @port: for tcp: 0-65535; 0 (a server only) lets the host pick one, see
 *        chardev_local_port().
 * @server: listen instead of connecting.
 * @wait: a server's creation blocks until a client connects (QEMU's
 *        default for servers; "nowait" or "wait=off" turns it off).
 * @nodelay: set TCP_NODELAY on the connection.
 */
typedef struct CharDevSpec {
    CharDevBackend backend;
    char path[4096];
    char host[256];
    int port;
    bool server;
    bool wait;
    bool nodelay;
} CharDevSpec;

/**
 * CharCanReceive - how many bytes the frontend takes now (0: none).
 * CharReceive - @len bytes (never more than the last CharCanReceive said).
 */
typedef int (*CharCanReceive)(void *opaque);
typedef void (*CharReceive)(void *opaque, const uint8_t *buf, int len);

/**
 * chardev_parse - parse @spec into @out without touching the host.
 * Returns CHARDEV_OK, or CHARDEV_ERR_SPEC with @err (may be NULL) saying
 * what is wrong and what is supported.
 */
CharDevErrCode chardev_parse(const char *spec, CharDevSpec *out,
                             CharDevError *err);

/**
 * chardev_new - parse @spec and open the backend. stdio puts the terminal
 * in raw mode (no echo, no line editing; ^C still signals, as QEMU's
 * default) if stdin is a terminal. A tcp server with @wait blocks here
 * until a client connects, and says so on stderr; a tcp client connects
 * here (waiting at most a few seconds). Returns the device, or NULL with
 * @err (may be NULL) filled. Free with chardev_close().
 */
CharDev *chardev_new(const char *spec, CharDevError *err);

/**
 * chardev_new_prefixed - a device with no host end of its own whose output
 * goes to @target, each line starting with @prefix (at most 31 bytes), so
 * two guest UARTs can share one terminal; a line that starts while
 * @target's last output did not end a line gets a line break first. It
 * reads nothing and reports the null backend. @target must outlive it.
 * NULL with @err (may be NULL) filled if host memory runs out.
 */
CharDev *chardev_new_prefixed(CharDev *target, const char *prefix,
                              CharDevError *err);

/**
 * chardev_close - give queued output up to CHARDEV_CLOSE_DRAIN_MS to go out
 * (so a guest's last words reach a slow pipe), restore the terminal
 * (stdio), close what the device opened, free it. NULL is a no-op.
 */
void chardev_close(CharDev *cd);

/**
 * chardev_set_handlers - register the frontend (NULLs unregister). Only one
 * frontend at a time; input is read from the host only while one is
 * registered and has room, so unread input waits on the host side.
 */
void chardev_set_handlers(CharDev *cd, CharCanReceive can_receive,
                          CharReceive receive, void *opaque);

/**
 * chardev_write - send @len bytes (see "Output policy" above). Returns how
 * many were written or queued; the rest were dropped. The null backend
 * takes everything.
 */
size_t chardev_write(CharDev *cd, const uint8_t *buf, size_t len);

/**
 * chardev_poll - without blocking: drain queued output, accept a client
 * (tcp server without one), read available input and give it to the
 * frontend within what can_receive allows. A peer that closes is dropped (a
 * server then accepts the next one). Returns the number of bytes delivered.
 */
size_t chardev_poll(CharDev *cd);

/** chardev_backend - which backend @cd uses. */
CharDevBackend chardev_backend(const CharDev *cd);
/** chardev_connected - false only for tcp without a live connection. */
bool chardev_connected(const CharDev *cd);
/** chardev_local_port - a tcp server's listening port; -1 otherwise. */
int chardev_local_port(const CharDev *cd);
/** chardev_dropped - output bytes dropped since creation. */
uint64_t chardev_dropped(const CharDev *cd);
/** chardev_pending - output bytes queued, not yet taken by the host. */
size_t chardev_pending(const CharDev *cd);

#endif
