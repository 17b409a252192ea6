/*
 * Interrupt lines: what a device raises and an interrupt controller (or a
 * test) receives. A line is a handler, its opaque state and the input number
 * on the receiving side, as QEMU's qemu_irq. Level-sensitive: the device
 * states the line's level whenever it may have changed; the receiver copes
 * with repeated levels. A line with no handler is unconnected: setting it
 * does nothing.
 */
#ifndef TZEMU_HW_IRQ_H
#define TZEMU_HW_IRQ_H

/**
 * IrqHandler - receives a level for input @n of the receiver @opaque;
 * @level is 0 (low) or non-zero (high) as the device gave it.
 */
typedef void (*IrqHandler)(void *opaque, int n, int level);

/* One line, passed around by value; all zero is an unconnected line. */
typedef struct IrqLine {
    IrqHandler set;
    void *opaque;
    int n;
} IrqLine;

/* An unconnected line. */
#define IRQ_LINE_NONE ((IrqLine){ 0 })

/** irq_line - a line to input @n of @opaque, served by @set. */
IrqLine irq_line(IrqHandler set, void *opaque, int n);

/**
 * irq_set - drive @line to @level. Does nothing if @line is NULL or has no
 * handler.
 */
void irq_set(const IrqLine *line, int level);
/** irq_raise - irq_set(@line, 1). */
void irq_raise(const IrqLine *line);
/** irq_lower - irq_set(@line, 0). */
void irq_lower(const IrqLine *line);

#endif
