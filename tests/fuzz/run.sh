#!/usr/bin/env bash
# A32 differential fuzz test: random programs from a32gen (tests/fuzz/a32gen.c),
# assembled with arm-none-eabi-as, run on tzemu and on qemu-system-arm (the
# reference); what they print must be the same. One result per program;
# ends with "N passed, N failed".
#
#   tests/fuzz/run.sh [--vfp|--thumb] [--long INSNS] [--insns INSNS] [--seed SEED]
#                     [--jobs N] [--keep DIR] [--unaligned] [--gen 'OPTIONS']
#
# --vfp fuzzes VFP instructions instead, with vfpgen (tests/fuzz/vfpgen.c):
# at least 40 000 instructions unless --insns or --long say otherwise, each
# output line r0-r8, the flags, the FPSCR, D0-D31 (two words each, high
# first) and the scratch buffer's hash.
#
# --thumb fuzzes Thumb code with t32gen (tests/fuzz/t32gen.c): at least
# 20 000 instructions unless --insns or --long say otherwise; the output
# lines are a32gen's.
#
# The seed is --seed, else $TZEMU_FUZZ_SEED, else taken from the clock; it
# is printed first, and the same seed makes the same programs. By default
# at least 100 000 random instructions; --long INSNS (e.g. 1000000) runs
# bigger programs until that many. On a mismatch the first differing
# program is shown: the group (instruction and its setup) after which the
# outputs first differ, the state before it, and after it on both sides;
# when only the scratch buffer's hash differs, the program is rebuilt with
# the hash after every group to name the group that wrote it. Failing
# programs are kept in build/fuzz/. --unaligned and --gen pass options to
# a32gen (--gen '--only mul_dual,sat --edges 60' fuzzes some classes).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
gen=$root/build/tests/fuzz/a32gen
tzemu=${TZEMU:-$root/build/tzemu}
seed=${TZEMU_FUZZ_SEED:-}
target=""
default_target=100000
blocks=40
groups=25
jobs=$(nproc 2>/dev/null || echo 2)
keep=""
extra=()
as_flags=""
regs=(r0 r1 r2 r3 r4 r5 r6 r7 r8 r9 r10 r11 r12 lr psr hash)
while [ $# -gt 0 ]; do
    case $1 in
    --vfp)
        gen=$root/build/tests/fuzz/vfpgen
        default_target=40000
        regs=(r0 r1 r2 r3 r4 r5 r6 r7 r8 apsr fpscr)
        for d in $(seq 0 31); do regs+=("d$d.hi" "d$d.lo"); done
        regs+=(hash)
        shift ;;
    --thumb)
        gen=$root/build/tests/fuzz/t32gen
        default_target=20000
        as_flags=-mimplicit-it=always
        shift ;;
    --long) target=$2; blocks=100; shift 2 ;;
    --insns) target=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --unaligned) extra+=(--unaligned); shift ;;
    --gen) read -r -a more <<<"$2"; extra+=("${more[@]}"); shift 2 ;;
    *) echo "usage: $0 [--vfp|--thumb] [--long INSNS] [--insns INSNS] [--seed SEED] [--jobs N] [--keep DIR] [--unaligned] [--gen 'A32GEN OPTIONS']" >&2
       exit 2 ;;
    esac
done
target=${target:-$default_target}
[ -n "$seed" ] || seed=$(( $(date +%s%N) % 1000000000000 ))
for tool in arm-none-eabi-as arm-none-eabi-ld qemu-system-arm "$gen" "$tzemu"; do
    if ! command -v "$tool" >/dev/null; then
        echo "fuzz: $tool not found (make check builds and installs it)"
        echo "0 passed, 1 failed"
        exit 1
    fi
done

if [ -n "$keep" ]; then
    work=$keep
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

export gen tzemu seed blocks groups work as_flags
export extra_flags="${extra[*]:-}"

# Builds program $1 (with the hash after every group when $2 is "trace"),
# runs it on both emulators: leaves their outputs in NAME.q and NAME.t and
# the verdict (ok, differ, build) in NAME.res.
run_one() {
    local i=$1 mode=${2:-} name=$work/p$1 flags=()
    # shellcheck disable=SC2206
    flags=($extra_flags)
    if [ "$mode" = trace ]; then
        name=$work/p$1.trace
        flags+=(--trace)
    fi
    if ! "$gen" "$seed" "$i" --blocks "$blocks" --groups "$groups" \
            "${flags[@]}" >"$name.S" ||
        ! arm-none-eabi-as -mcpu=cortex-a15 -mno-warn-deprecated $as_flags \
            "$name.S" -o "$name.o" >"$name.log" 2>&1 ||
        ! arm-none-eabi-ld -Ttext=0x40000000 "$name.o" -o "$name.elf" \
            >>"$name.log" 2>&1; then
        echo build >"$name.res"
        return
    fi
    timeout 20 "$tzemu" -M virt -cpu cortex-a15 -nographic -semihosting \
        -kernel "$name.elf" </dev/null >"$name.t" 2>&1
    echo "exit status: $?" >>"$name.t"
    timeout 20 qemu-system-arm -M virt -cpu cortex-a15 -nographic \
        -semihosting -nic none -monitor none -kernel "$name.elf" \
        </dev/null >"$name.q" 2>&1
    echo "exit status: $?" >>"$name.q"
    if cmp -s "$name.q" "$name.t"; then
        echo ok >"$name.res"
        [ "$mode" = trace ] || rm -f "$name.o" "$name.elf" "$name.q" "$name.t"
    else
        echo differ >"$name.res"
    fi
}
export -f run_one

# Prints a dump line of each side as named registers, marking the ones
# that differ. $1 qemu's line, $2 tzemu's.
show_lines() {
    local -a qf tf
    read -r -a qf <<<"$1"
    read -r -a tf <<<"$2"
    local n=$((${#regs[@]} + 1))
    if [ "${qf[0]:-}" = EXC ] || [ "${tf[0]:-}" = EXC ] || [ ${#qf[@]} -ne $n ] ||
        [ ${#tf[@]} -ne $n ]; then
        echo "  qemu:  $1"
        echo "  tzemu: $2"
        return
    fi
    printf '  %-5s %-8s %-8s\n' reg qemu tzemu
    for k in $(seq 0 $((${#regs[@]} - 1))); do
        local mark=""
        [ "${qf[k + 1]}" = "${tf[k + 1]}" ] || mark="  <-- differs"
        printf '  %-5s %s %s%s\n' "${regs[k]}" "${qf[k + 1]}" "${tf[k + 1]}" "$mark"
    done
}

# Prints one dump line as named registers.
show_state() {
    local -a f
    read -r -a f <<<"$1"
    for k in $(seq 0 $((${#regs[@]} - 1))); do
        printf '  %-5s %s\n' "${regs[k]}" "${f[k + 1]:-?}"
    done
}

# The number of the first line where two files differ (empty if none).
first_diff() {
    cmp "$1" "$2" 2>/dev/null | sed -n 's/.* line \([0-9]*\).*/\1/p'
}

# Prints group B.G of program file $1 (its setup and instruction lines).
show_group() {
    awk -v want="@ group $2.$3" '
        $0 == want { on = 1; next }
        on && (/^@ / || /^\tstm sp, \{r0-r12, lr\}$/) { exit }
        on { print "    " $0 }' "$1"
}

# Lists block $2 of program file $1: its initial state and its groups,
# without the harness's dumps.
show_block() {
    awk -v b="$2" '
        $0 == "@ block " b { on = 1; next }
        !on { next }
        $0 == "@ end " b { exit }
        /^@ init/ { print "    " $0; next }
        /^@ group / { grp = 1; print "    " $0; next }
        !grp { next }
        $0 == "\tstm sp, {r0-r12, lr}" { skip = 1; next }
        skip == 1 && $0 == "\tbl dump" { skip = 2; next }
        skip == 2 && $0 != "\tldr r0, [sp, #56]" &&
            $0 != "\tmsr APSR_nzcvqg, r0" && $0 != "\tldm sp, {r0-r12, lr}" { skip = 0 }
        skip { next }
        { print "    " $0 }' "$1"
}

# Shows where outputs $1 (qemu) and $2 (tzemu) of program file $3 first
# differ: the group, the state before it, the states after it. Sets
# hash_only when only the buffer hash differs, blk to the block.
explain() {
    local q=$1 t=$2 src=$3 n ql tl tag
    hash_only=""
    blk=""
    n=$(first_diff "$q" "$t")
    ql=$(sed -n "${n}p" "$q")
    tl=$(sed -n "${n}p" "$t")
    tag=$(echo "$ql" | awk '{print $1}')
    if ! [[ $tag =~ ^[0-9a-f]{8}$ ]] || [ "$(echo "$tl" | awk '{print $1}')" != "$tag" ]; then
        echo "  output line $n:"
        show_lines "$ql" "$tl"
        return
    fi
    local g=$((16#${tag:4:4}))
    blk=$((16#${tag:0:4}))
    local b=$blk
    local prev
    prev=$(sed -n "$((n - 1))p" "$q" | awk '{print $1}')
    echo "  first difference after group $b.$g (output line $n):"
    sed -n "/^@ block $b\$/,/^@ init/p" "$src" | tail -n 1 | sed 's/^/    /'
    show_group "$src" "$b" "$g"
    if [ "$g" -gt 0 ] && [[ $prev =~ ^[0-9a-f]{4} ]] && [ "${prev:0:4}" = "${tag:0:4}" ]; then
        echo "  state before it (after group $b.$((16#${prev:4:4})), both agree):"
        show_state "$(sed -n "$((n - 1))p" "$q")"
    else
        echo "  state before it: the @ init line above (r0-r12, lr, psr)"
    fi
    echo "  after it:"
    show_lines "$ql" "$tl"
    if [ "$(echo "$ql" | cut -d' ' -f2-${#regs[@]})" = "$(echo "$tl" | cut -d' ' -f2-${#regs[@]})" ]; then
        hash_only=1
    fi
}

# Explains how program $1 differs; when only memory does, rebuilds it with
# the hash after every group to name the group that first wrote it.
report() {
    local i=$1 p=$work/p$1
    local res
    res=$(cat "$p.res")
    echo "FAIL fuzz program $i (seed $seed): $res"
    echo "  regenerate: ${gen#"$root"/} $seed $i --blocks $blocks --groups $groups ${extra_flags}"
    if [ "$res" = build ]; then
        head -20 "$p.log"
        return
    fi
    explain "$p.q" "$p.t" "$p.S"
    local b=$blk
    if [ -n "$hash_only" ]; then
        echo "  only memory differs; the same program with the hash after every group:"
        run_one "$i" trace
        local tp=$work/p$i.trace
        if [ "$(cat "$tp.res")" = differ ]; then
            explain "$tp.q" "$tp.t" "$tp.S"
        else
            echo "  (the traced program does not differ: $(cat "$tp.res"))"
        fi
    fi
    if [ -n "$b" ]; then
        echo "  the whole of block $b:"
        show_block "$p.S" "$b"
    fi
}

echo "fuzz: seed $seed, at least $target instructions, $blocks blocks of $groups groups per program"
start=$(date +%s.%N)
passed=0
failed=0
insns=0
programs=0
first_fail=""
batch=$((jobs * 4))
while [ "$insns" -lt "$target" ]; do
    seq "$programs" $((programs + batch - 1)) |
        xargs -P "$jobs" -I{} bash -c 'run_one {}'
    for i in $(seq "$programs" $((programs + batch - 1))); do
        if [ -f "$work/p$i.S" ]; then
            n=$(sed -n 's/^@ insns //p' "$work/p$i.S")
            insns=$((insns + ${n:-0}))
        fi
        if [ "$(cat "$work/p$i.res" 2>/dev/null)" = ok ]; then
            passed=$((passed + 1))
            rm -f "$work/p$i.S"
        else
            failed=$((failed + 1))
            echo "FAIL fuzz program $i (seed $seed)"
            [ -n "$first_fail" ] || first_fail=$i
        fi
    done
    programs=$((programs + batch))
    [ -z "$first_fail" ] || break
done
end=$(date +%s.%N)

if [ -n "$first_fail" ]; then
    report "$first_fail"
    mkdir -p "$root/build/fuzz"
    cp "$work/p$first_fail".* "$root/build/fuzz/" 2>/dev/null
    echo "  files: build/fuzz/p$first_fail.*"
fi
awk -v n="$insns" -v p="$programs" -v s="$start" -v e="$end" 'BEGIN {
    t = e - s
    printf "fuzz: %d programs, %d random instructions in %.1f s (%.0f instructions/s, build and both emulators)\n", p, n, t, n / t
}'
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
