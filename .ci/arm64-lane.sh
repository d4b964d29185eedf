#!/usr/bin/env bash
# arm64-lane.sh - the aarch64 half of CI on an x86-64 Debian host: correctness of the kernels, the native
# backends (Arm Compute Library shim, OpenBLAS) and the torchvision reference, in the arm64 JDK under
# qemu-user, once per CPU model:
#   neoverse-n1  NEON, 128-bit species
#   neoverse-v1  SVE, 256-bit species
#   a64fx        SVE, 512-bit species
# Steps: (1) the arm64 root (.ci/arm64/env.sh; idempotent, needs root the first time), (2) cross-build
# native/ and run its self-check under each CPU model, (3) compile the test classes on the host
# (mvn -o test-compile), (4) per CPU model and module, run surefire forked into the arm64 JVM
# (-Djvm=$ARM64_HOME/jdk/bin/java, which execs qemu with QEMU_CPU from the environment).
# (5) per CPU model (ARM64_LANE_SELFTEST_CPUS narrows it), `shufflenet selftest --quick` (kernel checks and native backends; step 4 ran the reference) and its summary.
# Prints tests run/failed/skipped per CPU model and module, the self-tests' verdicts, and the time each took.
# Timings under emulation say nothing about speed; only correctness counts here.
#
# Settings (environment):
#   ARM64_HOME         arm64 root (default /tmp/arm64)
#   ARM64_LANE_CPUS    CPU models (default "neoverse-n1 neoverse-v1 a64fx")
#   ARM64_LANE_XMX     heap of the emulated JVM (default 1g; without it the heap follows host RAM)
#   ARM64_LANE_MODULES modules to test (default "kernels bindings shufflenet")
#   ARM64_LANE_TESTS_<module>  surefire -Dtest filter per module (defaults below; empty = all tests)
#   ARM64_LANE_TESTS_<module>_AFTER_FIRST  the filter for every CPU model after the first (default: the above)
#   ARM64_LANE_JVM_ARGS extra arguments for the emulated JVM
#   ARM64_LANE_SELFTEST 0 leaves out step 5 (selftest; default 1)
#   ARM64_LANE_SELFTEST_CPUS CPU models step 5 runs selftest on (default: ARM64_LANE_CPUS)
#   ARM64_LANE_SELFTEST_JOBS how many of them run at once (default 2)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/bin/jdk-env.sh"
cd "$root"
lane_start=$(date +%s)

export ARM64_HOME=${ARM64_HOME:-/tmp/arm64}
tools=$root/.ci/arm64
cpus=${ARM64_LANE_CPUS:-neoverse-n1 neoverse-v1 a64fx}
modules=${ARM64_LANE_MODULES:-kernels bindings shufflenet}
xmx=${ARM64_LANE_XMX:-1g}
# Default test selection per module: everything in kernels and bindings but the tests that start child JVMs
# (ProcessBuilder in the emulated JVM execs the arm64 java binary on the host, which fails without binfmt_misc;
# such tests should also skip themselves when -Dshufflenet.test.emulated=true, which the lane sets); in
# shufflenet the native backends, the torchvision reference, and where v1's shuffles go (which depends on the
# lane count: NEON's 4 lanes vectorise shuffles that 16 lanes fold into a GEMM's read).
: "${ARM64_LANE_TESTS_kernels=!KernelRegistryTest#withoutTheVectorModule*}"
: "${ARM64_LANE_TESTS_bindings=!*InChildJvm*}"
: "${ARM64_LANE_TESTS_shufflenet=dev/shufflenet/panama/backend/**/*Test, TorchvisionReferenceTest, ShuffleFoldingTest}"
# The torchvision reference runs the whole model eight times (four backends, two kernel sets, two thread
# counts), about half of this lane's time under qemu's SVE. What depends on the CPU model is the vector
# width (the java backend, which runs the best kernel set) and the native libraries' own kernel choice
# (openblas, acl, auto): every model runs those. The scalar kernels and the thread splits run on the first
# CPU model only, which is the fastest to emulate (NEON). ARM64_LANE_TESTS_<module>_AFTER_FIRST is the
# filter for the CPU models after the first (default: the module's filter).
: "${ARM64_LANE_TESTS_shufflenet_AFTER_FIRST=dev/shufflenet/panama/backend/**/*Test, TorchvisionReferenceTest#matchesPyTorchOnEveryBackend, ShuffleFoldingTest}"

say() { printf 'arm64-lane: %s\n' "$*"; }
elapsed() { echo $(( $(date +%s) - $1 )); }
# CPU seconds (user + sys) used so far by finished children, qemu's JVMs included: unlike wall time it does not
# grow when other jobs share the machine, so it is the figure to compare between runs.
# `times` must run in this shell (a $(...) subshell starts with zeroed counters), so it writes to a file.
work=$(mktemp -d "${TMPDIR:-/tmp}/arm64-lane.XXXXXX")
trap 'rm -rf "$work"' EXIT
cpu_now() {  # sets CPU
    times >"$work/times"
    CPU=$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%d", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$work/times")
}

# 1. The arm64 root: JDK 25, ACL 24.11, OpenBLAS, qemu. Idempotent; a no-op once built.
t=$(date +%s)
if [ "$(id -u)" = 0 ]; then
    bash "$tools/env.sh"   # also installs g++-aarch64-linux-gnu
    command -v make >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq make >/dev/null; }
elif [ ! -x "$ARM64_HOME/bin/qemu-aarch64" ]; then
    echo "arm64-lane: $ARM64_HOME is not built and building it needs root (run $tools/env.sh as root)" >&2
    exit 1
fi
# surefire's <jvm> must be a java binary that runs the arm64 JDK; env.sh links it to .ci/arm64/java.
[ -x "$ARM64_HOME/jdk/bin/java" ] || { echo "arm64-lane: $ARM64_HOME/jdk/bin/java missing" >&2; exit 1; }
say "arm64 root ready in $(elapsed "$t") s"

# 2. The ACL shim, cross-built, and its self-check (plain loops, guard pages) under every CPU model.
t=$(date +%s)
make -s -C native cross ARM64_HOME="$ARM64_HOME"
for cpu in $cpus; do
    out=$(QEMU_CPU=$cpu make -s -C native cross-check ARM64_HOME="$ARM64_HOME" 2>&1) || {
        echo "$out"; echo "arm64-lane: the shim's self-check failed on $cpu" >&2; exit 1; }
    echo "  $cpu: $(echo "$out" | tail -n 1)"
done
say "native shim built and self-checked in $(elapsed "$t") s"

# 3. Test classes, compiled on the host (online: the arm64 OpenBLAS jar may not be in a fresh Maven cache yet;
#    the later steps run offline on what this one fetched). -Dopenblas.classifier=linux-arm64 (here and in step 4): this Maven runs
#    on x86-64, where bindings' pom would pick the x86-64 OpenBLAS natives; the emulated JVM needs arm64's. The shim goes where the aarch64 Maven build packs it (a class-path
#    resource of bindings), so the tests load it the way users do: AclLibrary extracts and loads it.
t=$(date +%s)
module_list=$(echo "$modules" | tr ' ' ',')
mvn -q -B -ntp -pl "$module_list" -am test-compile -Dopenblas.classifier=linux-arm64 >"$work/test-compile.log" 2>&1 || {
    cat "$work/test-compile.log"; echo "arm64-lane: test-compile failed" >&2; exit 1; }
make -s -C native install-resource \
    DEST="$root/bindings/target/classes/dev/shufflenet/panama/bindings/acl/native/linux-aarch64" >/dev/null
say "test classes compiled in $(elapsed "$t") s"

# 4. The tests, one surefire JVM per CPU model and module.
# CompileThresholdScaling=0.1: C2 compiles hot methods after a tenth of the usual invocations and loop trips, so
# the Vector API kernels reach their NEON/SVE intrinsics within the tests instead of running as Java fallbacks
# in the interpreter and C1 (measured on a64fx: kernel tests 2x faster, PointwiseTiles*/VectorPointwiseConv
# compiled by C2, where at the default thresholds only two of the micro-kernels were).
jvm_args="-Xmx$xmx -XX:+UseSerialGC -XX:CompileThresholdScaling=0.1 -Dshufflenet.test.emulated=true"
jvm_args="$jvm_args -Dshufflenet.native.cache=$work/native-cache"
# The auto backend calibrates every layer shape before it runs; under qemu that took 538 s of a64fx's library
# step, and emulated timings choose nothing real: a short calibration still proves the auto path runs.
jvm_args="$jvm_args -Dshufflenet.calibration.millis=2 -Dshufflenet.calibration.warmup.millis=50"
jvm_args="$jvm_args ${ARM64_LANE_JVM_ARGS:-}"
summary=()
failed=0
count() {  # totals over the surefire XML reports of one module: tests failures errors skipped
    awk -F'"' '/<testsuite /{ for (i = 1; i < NF; i++) {
                 if ($i ~ / tests=$/) t += $(i+1); if ($i ~ / failures=$/) f += $(i+1);
                 if ($i ~ / errors=$/) e += $(i+1); if ($i ~ / skipped=$/) s += $(i+1) } }
               END { printf "%d %d %d %d\n", t, f, e, s }' "$1"/TEST-*.xml 2>/dev/null || echo "0 0 0 0"
}
first_cpu=${cpus%% *}
for cpu in $cpus; do
    cpu_start=$(date +%s); cpu_now; cpu_cpu=$CPU
    cpu_tests=0; cpu_bad=0; cpu_skipped=0; parts=""
    for module in $modules; do
        module_start=$(date +%s)
        # kernels and bindings depend on no other module, so surefire:test alone runs their compiled tests.
        # shufflenet's siblings resolve to their target/classes only once the reactor has run a compile phase:
        # "-am compile -Dmaven.main.skip" runs it without compiling anything again (step 3 did), and the
        # siblings' own surefire:test finds no test matching shufflenet's filter.
        case $module in
            kernels | bindings) goal=(surefire:test) ;;
            *) goal=(-am compile surefire:test -Dmaven.main.skip) ;;
        esac
        filter_var="ARM64_LANE_TESTS_$module"
        if [ "$cpu" != "$first_cpu" ]; then
            later_var="${filter_var}_AFTER_FIRST"
            [ -n "${!later_var+set}" ] && filter_var=$later_var
        fi
        filter=${!filter_var:-}
        reports="$root/$module/target/surefire-reports"
        rm -rf "$reports"
        log="$work/$cpu-$module.log"
        status=ok
        if ! QEMU_CPU=$cpu mvn -o -B -ntp -pl "$module" "${goal[@]}" -Dopenblas.classifier=linux-arm64 \
                -Djvm="$ARM64_HOME/jdk/bin/java" "-Dtest.extraArgs=$jvm_args" \
                ${filter:+"-Dtest=$filter"} -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false \
                >"$log" 2>&1; then
            status=FAILED
            failed=1
            grep -E 'Tests run:.*(Fail|Err)|FAIL|ERROR\]' "$log" | head -n 40 | sed "s/^/  [$cpu $module] /" || true
        fi
        read -r tests failures errors skipped < <(count "$reports")
        if [ "$status" = FAILED ] && [ "$tests" = 0 ]; then
            tail -n 30 "$log" | sed "s/^/  [$cpu $module] /"
        fi
        cpu_tests=$((cpu_tests + tests)); cpu_bad=$((cpu_bad + failures + errors)); cpu_skipped=$((cpu_skipped + skipped))
        parts="$parts $module=$tests/$((failures + errors))/$skipped($(elapsed "$module_start")s)"
        say "$cpu $module: $tests tests, $((failures + errors)) failed, $skipped skipped, $(elapsed "$module_start") s ($status)"
    done
    cpu_now
    summary+=("$(printf '%-12s %5d tests %3d failed %3d skipped %5d s wall %5d s cpu |%s' "$cpu" "$cpu_tests" \
        "$cpu_bad" "$cpu_skipped" "$(elapsed "$cpu_start")" $((CPU - cpu_cpu)) "$parts")")
done

# 5. `shufflenet selftest --quick` per CPU model, from the class path (the CLI jar is built for the host's
#    OpenBLAS; the classes and arm64 jars of step 3's Maven are what the tests ran): its summary is the closing
#    note's record of each CPU model. --no-128: the 128-bit pass needs a child JVM, which qemu-user cannot start
#    without binfmt_misc, and neoverse-n1 runs the kernels at 128 bits anyway. --no-reference: step 4 ran the
#    torchvision reference (TorchvisionReferenceTest) on every CPU model, and under qemu it is most of the time.
#    Every CPU model by default, run side by side; ARM64_LANE_SELFTEST_CPUS narrows it.
selftest_cpus=${ARM64_LANE_SELFTEST_CPUS:-$cpus}
selftests=()
if [ "${ARM64_LANE_SELFTEST:-1}" != 0 ]; then
    t=$(date +%s)
    mvn -o -q -B -ntp -pl bench -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
        -Dmdep.outputFile="$work/classpath" -Dopenblas.classifier=linux-arm64 >"$work/selftest-build.log" 2>&1 || {
        cat "$work/selftest-build.log"; echo "arm64-lane: building the CLI classes failed" >&2; exit 1; }
    make -s -C native install-resource \
        DEST="$root/bindings/target/classes/dev/shufflenet/panama/bindings/acl/native/linux-aarch64" >/dev/null
    say "CLI classes for selftest in $(elapsed "$t") s"
    # ARM64_LANE_SELFTEST_JOBS CPU models at a time (default 2): each is one emulated JVM (-Xmx$xmx), and two
    # side by side fill CI's two cores (one after the other, three took 70-84 s each).
    jobs_max=${ARM64_LANE_SELFTEST_JOBS:-2}
    t=$(date +%s)
    running=0
    for cpu in $selftest_cpus; do
        if [ "$running" -ge "$jobs_max" ]; then wait -n || true; running=$((running - 1)); fi
        (
            rc=0
            # shellcheck disable=SC2086  # jvm_args is a list of options, split on purpose
            QEMU_CPU=$cpu "$ARM64_HOME/jdk/bin/java" $jvm_args --add-modules=jdk.incubator.vector \
                --enable-native-access=ALL-UNNAMED -cp "$root/bench/target/classes:$(cat "$work/classpath")" \
                dev.shufflenet.panama.cli.ShuffleNetCli selftest --quick --no-128 --no-reference >"$work/$cpu-selftest.txt" \
                2>"$work/$cpu-selftest.err" || rc=$?
            echo "$rc" >"$work/$cpu-selftest.rc"
            elapsed "$t" >"$work/$cpu-selftest.seconds"
        ) &
        running=$((running + 1))
    done
    wait
    for cpu in $selftest_cpus; do
        status=ok
        if [ "$(cat "$work/$cpu-selftest.rc")" != 0 ]; then status=FAILED; failed=1; tail -n 20 "$work/$cpu-selftest.err"; fi
        seconds=$(cat "$work/$cpu-selftest.seconds")
        say "$cpu selftest ($status, done $seconds s after the first started; $jobs_max at a time):"
        sed 's/^/  /' "$work/$cpu-selftest.txt"
        selftests+=("$(printf '%-12s %s %5d s wall' "$cpu" "$(head -n 1 "$work/$cpu-selftest.txt" | sed 's/^shufflenet //')" "$seconds")")
    done
    say "selftests on $(echo "$selftest_cpus" | wc -w) CPU models in $(elapsed "$t") s"
fi

say "summary (module=tests/failed/skipped(time)):"
printf '  %s\n' "${summary[@]}"
if ((${#selftests[@]})); then
    say "selftest summary:"
    printf '  %s\n' "${selftests[@]}"
fi
cpu_now
say "total $(elapsed "$lane_start") s wall, $CPU s cpu"
exit $failed
