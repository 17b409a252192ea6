/*
 * tzmon's console: the Secure UART (a PL011, ARM DDI 0183: DR at 0x000,
 * FR.TXFF bit 5, CR.UARTEN|TXE) and a printf that knows %s, %u, %d, %x and
 * %08x, which is all tzmon says. Lines end in CR LF for raw terminals.
 */
#include <stdarg.h>

#include "tzmon.h"

#define UART_DR 0x000u
#define UART_FR 0x018u
#define UART_CR 0x030u
#define FR_TXFF (1u << 5)
#define CR_ENABLE_TX 0x101u

static void con_putc(char c)
{
    if (c == '\n') {
        con_putc('\r');
    }
    while (mmio_read(SECURE_UART_BASE + UART_FR) & FR_TXFF) {
    }
    mmio_write(SECURE_UART_BASE + UART_DR, (uint8_t)c);
}

static void con_number(uint32_t v, unsigned base, unsigned width)
{
    char digits[12];
    unsigned n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (width > n) {
        con_putc('0');
        width--;
    }
    while (n) {
        con_putc(digits[--n]);
    }
}

void con_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mmio_write(SECURE_UART_BASE + UART_CR, CR_ENABLE_TX);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            con_putc(*p);
            continue;
        }
        unsigned width = 0;
        while (p[1] >= '0' && p[1] <= '9') {
            width = width * 10 + (unsigned)(*++p - '0');
        }
        switch (*++p) {
        case 's':
            for (const char *s = va_arg(ap, const char *); *s; s++) {
                con_putc(*s);
            }
            break;
        case 'd': {
            int v = va_arg(ap, int);
            if (v < 0) {
                con_putc('-');
                v = -v;
            }
            con_number((uint32_t)v, 10, width);
            break;
        }
        case 'u':
            con_number(va_arg(ap, uint32_t), 10, width);
            break;
        case 'x':
            con_number(va_arg(ap, uint32_t), 16, width);
            break;
        default:
            con_putc('%');
            con_putc(*p);
            break;
        }
    }
    va_end(ap);
}
