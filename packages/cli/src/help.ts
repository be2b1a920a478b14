/**
 * Usage text of `scavsim` and of each command.
 *
 * @module
 */

const OVERRIDES = `  --go V            Go version (1.15, go1.15.10, 1.21rc2)
  --kernel V        kernel version (4.14, 5.10)
  --godebug k=v     GODEBUG setting, e.g. madvdontneed=1 (repeatable, or k=v,k=v)
  --gogc N          GOGC: integer from -1 to 100000, or off
  --gomemlimit SIZE GOMEMLIMIT: 512MiB, 2GiB, bytes, or off
  --seed N          root seed (non-negative integer)
  --duration D      simulated duration: 30s, 6min, 1h
  --mem-total SIZE  machine memory (MemTotal), e.g. 8GiB
  --cgroup-limit SIZE  memory cgroup limit, e.g. 2GiB: the scenario's cgroups get it, or
                    every process runs in one new cgroup with it
  --swap SIZE       swap size (0 by default; MADV_FREE needs swap on kernels 4.5-4.11)
  --sample-interval D  time between samples, e.g. 100ms, 1s`;

/** Usage of each command, by name. */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  list: `scavsim list [--format text|json]

List the named scenarios.`,
  run: `scavsim run <name|file.json> [options]

Run a scenario and print its outcome.

${OVERRIDES}
  --format F        summary (default), jsonl (probe trace format) or csv
  --events          with --format jsonl: also write event lines ({"ev":...})
  --out F           write the formatted output to file F instead of stdout
  --svg F           write an SVG chart of RSS, HeapInuse, HeapReleased, LazyFree to F
  --trace           print the runtime's gctrace/scavtrace lines to stderr (with --godebug gctrace=1 or scavtrace=1)
  --chart           print a terminal chart (to stderr when stdout carries jsonl/csv)`,
  compare: `scavsim compare <name|file.json> --go 1.15 --go 1.16 [options]

Run several variants of one scenario and show them side by side. Repeat one or more of
--go, --kernel, --godebug, --gogc, --gomemlimit, --mem-total, --cgroup-limit, --swap,
--sample-interval; repeated flags pair up by position and
flags given once apply to every variant.

${OVERRIDES}
  --svg F           write one SVG chart with a panel per variant
  --chart           print a terminal chart per variant`,
  policy: `scavsim policy --go V [--kernel V] [--godebug k=v] [--format text|json]

Show the scavenging policy a Go version follows on a kernel: the madvise advice, the
triggers in force, and why.`,
  explain: `scavsim explain <name|file.json> --at T [--process P] [options]

Split RSS − HeapInuse at simulated time T into its causes: free heap not yet scavenged,
the scavenger's retained buffer, memory released with MADV_FREE that is still resident,
and non-heap memory, with what to do about each.

  --at T            simulated time, e.g. 90s, 5min (required)
  --process P       only this process
  --format F        text (default) or json
${OVERRIDES}`,
  fidelity: `scavsim fidelity <trace.jsonl> [--repeat <trace.jsonl>]... [--seeds N] [--format text|json]

Rebuild the scenario of a trace recorded by the fidelity probe, simulate it, and compare
real and simulated figures at the key moments, as the fidelity suite does. A loadtest runs
N seeds (default 8) and is judged against their band; --repeat adds recordings of the same
run, judged with the trace as one range. Figures listed as known disagreements are shown
with their causes and do not fail the verdict. Exits 1 when a figure is out of tolerance
(or a listed one now agrees).

  --repeat FILE     another recording of the same run (repeatable)
  --seeds N         seeds for a loadtest's band, 1 to 64
  --format F        text (default) or json`,
  sweep: `scavsim sweep <grid.json> [--workers N] [--shard i/n] [--format csv|jsonl] [--out F] [--heatmap F.svg]
scavsim sweep merge <rows.jsonl>... [--format csv|jsonl] [--out F] [--heatmap F.svg]

Run every combination of a grid on a pool of worker processes, one row per run in grid order
(peak and end RSS, end LazyFree and HeapReleased, time for RSS to fall to half its peak, OOM
kill), and draw a heatmap of one figure. The grid lists values as written on the command line:
  {"scenario": ["incident-go1.15"], "go": ["1.15", "1.16"], "godebug": ["madvdontneed=0", "madvdontneed=1"],
   "kernel": ["4.14", "5.10"], "heatmap": {"x": "go", "value": "end_rss_bytes"}}
Keys: scenario, go, kernel, godebug, gogc, gomemlimit, seed, duration, mem-total, cgroup-limit,
swap, sample-interval. A point the engine refuses gets its error in its row.

  --workers N       worker processes (default: the cores, at most 8; 0 runs in the main thread)
  --shard i/n       run only the points whose index is i-1 modulo n (for batch runners);
                    join the shards' --format jsonl output with scavsim sweep merge
  --format F        csv (default) or jsonl (what sweep merge reads)
  --out F           write the rows to F instead of stdout
  --heatmap F       write a heatmap SVG of the grid's heatmap figure to F`,
  replay: `scavsim replay <file>... [options]

Replay a Go service's own telemetry: read the files of one run (GODEBUG=gctrace=1/scavtrace=1
logs of Go 1.11-1.26, a Prometheus query_range JSON export, CSV with a time column, JSONL probe
traces), fit its workload and settings, replay it under the observed settings, print the error
per series and why, and answer what-ifs.

What you know of the observed run (it wins over what the telemetry suggests):
  --go V            Go version (1.19.8, go1.21)
  --kernel V        kernel release (6.1.0)
  --godebug k=v     GODEBUG of the run, e.g. madvdontneed=0 (repeatable)
  --gogc N          GOGC (integer or off)
  --gomemlimit SIZE GOMEMLIMIT (2GiB, bytes, or off)
  --mem-total SIZE  the machine's memory
  --swap SIZE       the machine's swap
  --cgroup-limit SIZE  the container's memory limit (or off)
  --gomaxprocs N    GOMAXPROCS
  --what-if SPEC    a variant, keys as the flags above: 'go=1.16', 'godebug=madvdontneed=1,gogc=50' (repeatable)
  --format F        summary (default), jsonl (probe trace format; t_ms on the telemetry's clock) or csv:
                    the samples of the one --what-if, or of the fitted replay without one
  --out F           write the formatted output to F instead of stdout
  --svg F           write an SVG chart: observed, fitted and each what-if
  --chart           print a terminal chart of each (to stderr when stdout carries jsonl/csv)
  --emit-scenario F write the fitted workload as a scenario file (scavsim run F)
  --at T            with the summary: split each variant's RSS gap at time T (e.g. 190s) by cause`,
  help: `scavsim help [command]

Show usage.`,
};

/** The top-level usage. */
export const MAIN_HELP = `scavsim: simulate Go's heap scavenger and Linux madvise

Usage: scavsim <command> [options]

Commands:
  list       list the named scenarios
  run        run a scenario (summary, JSONL, CSV, SVG or terminal chart)
  compare    run variants of a scenario side by side
  policy     show the scavenging policy of a Go version on a kernel
  explain    split the RSS − HeapInuse gap at a moment by cause
  fidelity   compare a recorded probe trace with its simulation
  sweep      run a grid of configs on a worker pool; rows, heatmap
  replay     replay your service's telemetry (gctrace, Prometheus, CSV) and its what-ifs
  help       show usage of a command

Options: --help (any command), --version

Exit status: 0 success, 1 a check failed (fidelity), 2 bad arguments or input.
`;
