#!/usr/bin/env bash
# The CPU benchmark: the same bare-metal program (bench/guest/cpubench.c)
# on tzemu and on qemu-system-arm, in the same run, several times each;
# prints the best wall-clock time of each and their ratio. A measurement,
# never a pass/fail.
set -eu
elf=${1:-build/bench/cpubench.elf}
runs=${RUNS:-5}
tzemu=${TZEMU:-build/tzemu}

now() { date +%s.%N; }

best_of() {
    local best="" out t0 t1 dt
    for _ in $(seq "$runs"); do
        t0=$(now)
        out=$("$@" </dev/null 2>&1)
        t1=$(now)
        dt=$(echo "$t1 - $t0" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$dt < $best" | bc -l)" = 1 ]; then
            best=$dt
        fi
    done
    printf '%s\n%s\n' "$best" "$out"
}

common=(-M virt -cpu cortex-a15 -nographic -semihosting -kernel "$elf")
t_res=$(best_of "$tzemu" "${common[@]}")
q_res=$(best_of qemu-system-arm "${common[@]}" -nic none -monitor none)
t_time=$(head -n 1 <<<"$t_res")
q_time=$(head -n 1 <<<"$q_res")
echo "cpubench output (tzemu):"
tail -n +2 <<<"$t_res" | sed 's/^/  /'
if [ "$(tail -n +2 <<<"$t_res")" != "$(tail -n +2 <<<"$q_res")" ]; then
    echo "cpubench: tzemu and qemu-system-arm printed different results!"
    tail -n +2 <<<"$q_res" | sed 's/^/  qemu: /'
fi
qemu_version=$(qemu-system-arm --version | head -n 1)
printf 'cpubench: tzemu %.3f s, %s %.3f s (best of %d); tzemu runs at %.2fx its speed\n' \
    "$t_time" "$qemu_version" "$q_time" "$runs" "$(echo "$q_time / $t_time" | bc -l)"
