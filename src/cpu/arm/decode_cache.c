/* The decode cache's storage: entries start empty (no function). */
#include <assert.h>
#include <stdlib.h>

#include "decode_cache.h"

ArmDecodeCache *arm_decode_cache_new(void)
{
    ArmDecodeCache *dc = calloc(1, sizeof(*dc));
    assert(dc != NULL);
    return dc;
}

void arm_decode_cache_free(ArmDecodeCache *dc)
{
    free(dc);
}
