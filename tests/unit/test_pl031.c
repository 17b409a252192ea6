/*
 * The PL031 RTC through an address space: identity, the counter running
 * from its base with the machine clock, RTCLR loads, RTCCR, the interrupt
 * mask/status/clear registers, the match interrupt (at once, later, after
 * the counter wraps, re-armed by a load), and guest errors.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/hw/pl031.h"
#include "testlib.h"

#define BASE 0x09010000ull
#define SEC 1000000000ull

enum {
    DR = 0x00, MR = 0x04, LR = 0x08, CR = 0x0c, IMSC = 0x10, RIS = 0x14,
    MIS = 0x18, ICR = 0x1c,
};

typedef struct Rtc {
    TestSpace t;
    Pl031 *s;
    uint64_t now_ns;
    int level;
    unsigned irq_calls;
    FILE *log_file;
    char *log;
    size_t log_len;
} Rtc;

static uint64_t fake_clock(void *opaque)
{
    return ((Rtc *)opaque)->now_ns;
}

static void sink_set(void *opaque, int n, int level)
{
    Rtc *r = opaque;
    (void)n;
    r->level = level;
    r->irq_calls++;
}

/* The clock starts at @start_ns, the counter at @base. */
static void rtc_init(Rtc *r, uint64_t start_ns, uint32_t base)
{
    memset(r, 0, sizeof(*r));
    testspace_init(&r->t);
    r->now_ns = start_ns;
    r->s = pl031_new("pl031", irq_line(sink_set, r, 0), fake_clock, r, base);
    r->log_file = open_memstream(&r->log, &r->log_len);
    pl031_set_log(r->s, r->log_file);
    memory_region_add_subregion(r->t.root, BASE, pl031_region(r->s), NULL);
}

static void rtc_destroy(Rtc *r)
{
    pl031_free(r->s);
    testspace_destroy(&r->t);
    fclose(r->log_file);
    free(r->log);
}

static uint32_t rd(Rtc *r, hwaddr off)
{
    return address_space_ldl_le(&r->t.as, BASE + off, ATTRS_NS, NULL);
}

static void wr(Rtc *r, hwaddr off, uint32_t v)
{
    address_space_stl_le(&r->t.as, BASE + off, v, ATTRS_NS, NULL);
}

/* RTCRIS reads @ris and the line is at @level. */
static void check_status(Rtc *r, uint32_t ris, int level)
{
    CHECK_EQ(rd(r, RIS), ris);
    CHECK_EQ(r->level, level);
}

static const char *log_text(Rtc *r)
{
    fflush(r->log_file);
    return r->log ? r->log : "";
}

TEST(pl031_identity_and_reset)
{
    Rtc r;
    rtc_init(&r, 0, 1000);
    static const uint8_t ids[8] = { 0x31, 0x10, 0x14, 0x00,
                                    0x0d, 0xf0, 0x05, 0xb1 };
    for (unsigned i = 0; i < 8; i++) {
        CHECK_EQ(rd(&r, 0xfe0 + 4 * i), ids[i]);
    }
    CHECK_EQ(rd(&r, MR), 0);
    CHECK_EQ(rd(&r, LR), 0);
    CHECK_EQ(rd(&r, CR), 1);
    CHECK_EQ(rd(&r, IMSC), 0);
    CHECK_EQ(rd(&r, RIS), 0);
    CHECK_EQ(rd(&r, MIS), 0);
    CHECK_EQ(pl031_deadline_ns(r.s), UINT64_MAX);
    CHECK_STR(log_text(&r), "");
    rtc_destroy(&r);
}

TEST(pl031_counts_seconds_of_the_clock_from_its_base)
{
    Rtc r;
    /* Built when the clock already read 5.5 s: the base is "now". */
    rtc_init(&r, 5 * SEC + SEC / 2, 1700000000u);
    CHECK_EQ(rd(&r, DR), 1700000000u);
    r.now_ns += SEC / 2 - 1;
    CHECK_EQ(rd(&r, DR), 1700000000u);
    r.now_ns += 1;
    CHECK_EQ(rd(&r, DR), 1700000001u);
    r.now_ns += 100 * SEC;
    CHECK_EQ(rd(&r, DR), 1700000101u);
    /* RTCCR cannot stop it, and reads 1 whatever was written. */
    wr(&r, CR, 0);
    CHECK_EQ(rd(&r, CR), 1);
    r.now_ns += SEC;
    CHECK_EQ(rd(&r, DR), 1700000102u);
    rtc_destroy(&r);
}

TEST(pl031_load_sets_the_counter_and_reads_back)
{
    Rtc r;
    rtc_init(&r, 0, 500);
    r.now_ns = 3 * SEC;
    wr(&r, LR, 0xfffffffe);
    CHECK_EQ(rd(&r, LR), 0xfffffffe);
    CHECK_EQ(rd(&r, DR), 0xfffffffe);
    r.now_ns += 3 * SEC;
    /* The 32-bit counter wraps. */
    CHECK_EQ(rd(&r, DR), 1);
    CHECK_EQ(rd(&r, LR), 0xfffffffe);
    rtc_destroy(&r);
}

TEST(pl031_interrupt_mask_status_and_clear)
{
    Rtc r;
    rtc_init(&r, 0, 10);
    wr(&r, IMSC, 0xffffffff);
    CHECK_EQ(rd(&r, IMSC), 1);
    CHECK_EQ(r.level, 0);
    /* A match register equal to the counter matches at once. */
    wr(&r, MR, 10);
    CHECK_EQ(rd(&r, RIS), 1);
    CHECK_EQ(rd(&r, MIS), 1);
    CHECK_EQ(r.level, 1);
    wr(&r, IMSC, 0);
    CHECK_EQ(rd(&r, MIS), 0);
    check_status(&r, 1, 0);
    wr(&r, IMSC, 1);
    CHECK_EQ(r.level, 1);
    wr(&r, ICR, 1);
    check_status(&r, 0, 0);
    rtc_destroy(&r);
}

TEST(pl031_match_fires_when_its_second_comes)
{
    Rtc r;
    rtc_init(&r, 0, 100);
    wr(&r, IMSC, 1);
    r.now_ns = SEC / 4;
    wr(&r, MR, 103);
    /* Three seconds from the write, as QEMU counts them. */
    CHECK_EQ(pl031_deadline_ns(r.s), SEC / 4 + 3 * SEC);
    r.now_ns = SEC / 4 + 3 * SEC - 1;
    pl031_update(r.s);
    check_status(&r, 0, 0);
    r.now_ns += 1;
    pl031_update(r.s);
    check_status(&r, 1, 1);
    CHECK_EQ(pl031_deadline_ns(r.s), UINT64_MAX);
    /* Fired once: clearing it leaves it clear. */
    wr(&r, ICR, 1);
    r.now_ns += 10 * SEC;
    pl031_update(r.s);
    CHECK_EQ(rd(&r, RIS), 0);
    rtc_destroy(&r);
}

TEST(pl031_match_behind_the_counter_waits_for_the_wrap)
{
    Rtc r;
    rtc_init(&r, 0, 100);
    wr(&r, MR, 99);
    CHECK_EQ(pl031_deadline_ns(r.s), 0xffffffffull * SEC);
    CHECK_EQ(rd(&r, RIS), 0);
    /* Loading the counter re-arms the match from the new value. */
    wr(&r, LR, 97);
    CHECK_EQ(pl031_deadline_ns(r.s), 2 * SEC);
    wr(&r, LR, 99);
    CHECK_EQ(rd(&r, RIS), 1);
    /* Masked: the status is raised, the line stays low. */
    CHECK_EQ(r.level, 0);
    rtc_destroy(&r);
}

TEST(pl031_guest_errors_are_logged_and_ignored)
{
    Rtc r;
    rtc_init(&r, 0, 7);
    wr(&r, DR, 1234);
    wr(&r, RIS, 1);
    wr(&r, 0xfe0, 0);
    wr(&r, 0x20, 5);
    CHECK_EQ(rd(&r, DR), 7);
    CHECK_EQ(rd(&r, ICR), 0);
    CHECK_EQ(rd(&r, 0x100), 0);
    CHECK_EQ(rd(&r, 0xfe0), 0x31);
    const char *log = log_text(&r);
    CHECK(strstr(log, "write of 0x4d2 to read-only 0x000") != NULL);
    CHECK(strstr(log, "write of 0x1 to read-only 0x014") != NULL);
    CHECK(strstr(log, "write of 0x0 to read-only 0xfe0") != NULL);
    CHECK(strstr(log, "write of 0x5 to bad offset 0x020") != NULL);
    CHECK(strstr(log, "read of write-only 0x01c") != NULL);
    CHECK(strstr(log, "read of bad offset 0x100") != NULL);
    /* A byte read gets the register's low byte. */
    CHECK_EQ(address_space_ldub(&r.t.as, BASE + 0xfe4, ATTRS_NS, NULL), 0x10);
    rtc_destroy(&r);
}
