/*
 * The C half of the guest tests' exception handlers (lib/vectors.S): record
 * what was taken, choose where to return (past the faulting instruction,
 * or exc_resume), run the Monitor's SMC protocol, and print records.
 */
#include <stdio.h>

#include "guest.h"

volatile ExcRecord exc_last;
volatile uint32_t exc_resume;
uint32_t try_r0;
uint32_t exc_far_base;
void (*volatile exc_hook)(ExcFrame *f);

void exc_dispatch(ExcFrame *f);

static void smc_command(ExcFrame *f)
{
    uint32_t scr = MRC(0, 1, 1, 0);
    switch (f->r[0]) {
    case SMC_TO_NS:
        MCR(0, 1, 1, 0, scr | SCR_NS);
        break;
    case SMC_TO_S:
        MCR(0, 1, 1, 0, scr & ~SCR_NS);
        break;
    case SMC_SET_SCR:
        MCR(0, 1, 1, 0, f->r[1]);
        break;
    case SMC_RUN:
        f->r[0] = ((uint32_t(*)(uint32_t))f->r[1])(f->r[2]);
        return;
    default:
        break;
    }
    f->r[0] = scr;
}

void exc_dispatch(ExcFrame *f)
{
    uint32_t type = f->type;
    uint32_t imm = 0;
    if (type == EXC_SVC) {
        imm = *(const volatile uint32_t *)(f->lr - 4) & 0xffffff;
        if (imm == SVC_TO_SVC) {
            f->spsr = (f->spsr & ~0x1fu) | MODE_SVC;
            return;
        }
    }
    exc_last.count++;
    exc_last.type = type;
    exc_last.cpsr = cpsr_read();
    exc_last.lr = f->lr;
    exc_last.spsr = f->spsr;
    exc_last.dfsr = MRC(0, 5, 0, 0);
    exc_last.dfar = MRC(0, 6, 0, 0);
    exc_last.ifsr = MRC(0, 5, 0, 1);
    exc_last.ifar = MRC(0, 6, 0, 2);
    exc_last.imm = imm;
    exc_last.scr = (type & 0x10) ? MRC(0, 1, 1, 0) : 0;
    switch (type & 0xf) {
    case EXC_DABT:
    case EXC_IRQ:
    case EXC_FIQ:
        f->lr -= 4;
        break;
    default:
        break;
    }
    if (type == EXC_MON_SMC) {
        smc_command(f);
    }
    if (exc_resume) {
        f->lr = exc_resume;
        exc_resume = 0;
    }
    if (exc_hook) {
        exc_hook(f);
    }
}

void exc_install(void)
{
    MCR(0, 12, 0, 0, (uint32_t)exc_vectors);
    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) & ~SCTLR_V);
}

void exc_clear(void)
{
    exc_last.count = 0;
    exc_last.type = EXC_NONE;
    exc_last.lr = exc_last.spsr = exc_last.imm = exc_last.scr = 0;
    exc_resume = 0;
}

const char *mode_name(uint32_t mode)
{
    switch (mode & 0x1f) {
    case MODE_USR: return "usr";
    case MODE_FIQ: return "fiq";
    case MODE_IRQ: return "irq";
    case MODE_SVC: return "svc";
    case MODE_MON: return "mon";
    case MODE_ABT: return "abt";
    case 0x1a: return "hyp";
    case MODE_UND: return "und";
    case MODE_SYS: return "sys";
    default: return "???";
    }
}

const char *flags_str(uint32_t psr)
{
    static char s[6];
    const char *l = "NZCVQ";
    for (int i = 0; i < 5; i++) {
        s[i] = (psr >> (31 - i)) & 1 ? l[i] : '-';
    }
    s[5] = '\0';
    return s;
}

static const char *exc_name(uint32_t type)
{
    switch (type) {
    case EXC_UND: return "UND";
    case EXC_SVC: return "SVC";
    case EXC_PABT: return "PABT";
    case EXC_DABT: return "DABT";
    case EXC_IRQ: return "IRQ";
    case EXC_FIQ: return "FIQ";
    case EXC_MON_SMC: return "MON-SMC";
    case EXC_MON_PABT: return "MON-PABT";
    case EXC_MON_DABT: return "MON-DABT";
    case EXC_MON_IRQ: return "MON-IRQ";
    case EXC_MON_FIQ: return "MON-FIQ";
    default: return "?";
    }
}

void exc_print(const char *what, uint32_t insn)
{
    volatile ExcRecord *e = &exc_last;
    if (e->count == 0) {
        printf("%s: no exception\n", what);
        exc_clear();
        return;
    }
    printf("%s: %s", what, exc_name(e->type));
    if (e->count != 1) {
        printf(" (x%u)", (unsigned)e->count);
    }
    printf(" in %s aif=%x", mode_name(e->cpsr), (unsigned)(e->cpsr >> 6) & 7);
    if (insn) {
        printf(" lr=insn%+d", (int)(e->lr - insn));
    } else {
        printf(" lr=%08x", (unsigned)e->lr);
    }
    printf(" spsr=%08x(%s)", (unsigned)e->spsr, mode_name(e->spsr));
    switch (e->type & 0xf) {
    case EXC_DABT:
        printf(" dfsr=%08x", (unsigned)e->dfsr);
        if (exc_far_base) {
            printf(" dfar=base%+d", (int)(e->dfar - exc_far_base));
        } else {
            printf(" dfar=%08x", (unsigned)e->dfar);
        }
        break;
    case EXC_PABT:
        printf(" ifsr=%08x", (unsigned)e->ifsr);
        /* IFAR is UNKNOWN after a debug event (BKPT). */
        if ((e->ifsr & 0x40f) != 2) {
            printf(" ifar=%08x", (unsigned)e->ifar);
        }
        break;
    case EXC_SVC:
        printf(" imm=%06x", (unsigned)e->imm);
        break;
    default:
        break;
    }
    if (e->type & 0x10) {
        printf(" scr=%08x", (unsigned)e->scr);
    }
    printf("\n");
    exc_clear();
}
