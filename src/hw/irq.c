/* Interrupt lines: see irq.h. */
#include <stddef.h>

#include "irq.h"

IrqLine irq_line(IrqHandler set, void *opaque, int n)
{
    return (IrqLine){ .set = set, .opaque = opaque, .n = n };
}

void irq_set(const IrqLine *line, int level)
{
    if (line && line->set) {
        line->set(line->opaque, line->n, level);
    }
}

void irq_raise(const IrqLine *line)
{
    irq_set(line, 1);
}

void irq_lower(const IrqLine *line)
{
    irq_set(line, 0);
}
