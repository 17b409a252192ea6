/*
 * A fixed amount of CPU work for comparing emulators: CRC-32 over a
 * buffer, sorting pseudo-random integers, and integer matrix products.
 * Prints a checksum of each part, so both emulators are seen to do the
 * same work.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define CRC_BYTES (256 * 1024)
#define CRC_ROUNDS 8
#define SORT_N 60000
#define MAT_N 48
#define MAT_ROUNDS 12

static uint32_t crc32_buf(const uint8_t *p, size_t n, uint32_t crc)
{
    crc = ~crc;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
        }
    }
    return ~crc;
}

static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 1;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int32_t ma[MAT_N][MAT_N], mb[MAT_N][MAT_N], mc[MAT_N][MAT_N];

int main(void)
{
    static uint8_t buf[CRC_BYTES];
    for (size_t i = 0; i < CRC_BYTES; i++) {
        buf[i] = (uint8_t)rng();
    }
    uint32_t crc = 0;
    for (int r = 0; r < CRC_ROUNDS; r++) {
        crc = crc32_buf(buf, CRC_BYTES, crc);
    }
    printf("crc    %08lx\n", (unsigned long)crc);

    uint32_t *v = malloc(SORT_N * sizeof(uint32_t));
    for (int i = 0; i < SORT_N; i++) {
        v[i] = rng();
    }
    qsort(v, SORT_N, sizeof(uint32_t), cmp_u32);
    uint32_t sum = 0;
    for (int i = 0; i < SORT_N; i++) {
        sum = sum * 31 + v[i];
    }
    printf("sort   %08lx\n", (unsigned long)sum);
    free(v);

    for (int i = 0; i < MAT_N; i++) {
        for (int j = 0; j < MAT_N; j++) {
            ma[i][j] = (int32_t)(rng() & 0xff) - 128;
            mb[i][j] = (int32_t)(rng() & 0xff) - 128;
        }
    }
    int32_t trace = 0;
    for (int r = 0; r < MAT_ROUNDS; r++) {
        for (int i = 0; i < MAT_N; i++) {
            for (int j = 0; j < MAT_N; j++) {
                int32_t s = 0;
                for (int k = 0; k < MAT_N; k++) {
                    s += ma[i][k] * mb[k][j];
                }
                mc[i][j] = s;
            }
        }
        for (int i = 0; i < MAT_N; i++) {
            trace += mc[i][i];
            ma[i][(i + r) % MAT_N] ^= mc[i][i] & 0x7f;
        }
    }
    printf("matrix %08lx\n", (unsigned long)(uint32_t)trace);
    return 0;
}
