/*
 * The decode cache's storage. Every entry starts as the decoded form of
 * the word 0, so an entry is valid exactly when its word matches.
 */
#include <assert.h>
#include <stdlib.h>

#include "decode_cache.h"

ArmDecodeCache *arm_decode_cache_new(void)
{
    ArmDecodeCache *dc = malloc(sizeof(*dc));
    assert(dc != NULL);
    a32_decode(0, &dc->e[0]);
    for (size_t i = 1; i < sizeof(dc->e) / sizeof(dc->e[0]); i++) {
        dc->e[i] = dc->e[0];
    }
    return dc;
}

void arm_decode_cache_free(ArmDecodeCache *dc)
{
    free(dc);
}
