/*
 * The decode cache's storage. Every entry starts as the decoded form of
 * the word 0 (Thumb entries: of the key 0), so an entry is valid exactly
 * when its word matches.
 */
#include <assert.h>
#include <stdlib.h>

#include "decode_cache.h"
#include "thumb.h"

/* Copies @e[0] to the rest of the @n entries. */
static void fill(ArmInsn *e, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        e[i] = e[0];
    }
}

ArmDecodeCache *arm_decode_cache_new(void)
{
    ArmDecodeCache *dc = malloc(sizeof(*dc));
    assert(dc != NULL);
    a32_decode(0, &dc->e[0]);
    fill(dc->e, sizeof(dc->e) / sizeof(dc->e[0]));
    thumb_decode(0, &dc->t[0]);
    fill(dc->t, sizeof(dc->t) / sizeof(dc->t[0]));
    return dc;
}

void arm_decode_cache_free(ArmDecodeCache *dc)
{
    free(dc);
}
