/**
 * Reading the runtime's trace lines: the other half of `trace-format.ts`.
 *
 * Each pattern here matches exactly the layout the formatter of the same name writes (the
 * tests format lines for every Go version with `trace-format.ts` and read them back), so the
 * layouts are stated once, by the writers, and checked here rather than restated. A parsed
 * line names the layouts it fits; {@link goMinorsPrinting} turns layouts into the Go versions
 * that print them, read off the policy table's `gcTrace`/`scavengerTrace`
 * columns, so a log tells its Go version only as far as the table says.
 *
 * Real logs are not clean: a line may carry a prefix (a timestamp, `kubectl logs
 * --timestamps`, a journald or syslog header) or be glued to the program's own output, and the
 * last line of a log may be cut off. {@link parseTraceLine} therefore looks for the trace text
 * anywhere in the line and returns what precedes it as `prefix`; a line that starts like a
 * trace line but does not finish as one is `damaged`, not silently skipped.
 *
 * Values are as printed: MB and KiB are the runtime's floored shifts (`bytes >> 20`,
 * `bytes >> 10`), times in seconds and milliseconds.
 *
 * @module
 */
import type { GcTraceFormat, ScavengerTraceFormat } from './go-policy-table.js';
import { GO_POLICY_TABLE } from './go-policy-table.js';

/** A `gc N @T ...` line [go1.11:mgc.go:1666-1694], [go1.18:mgc.go:1093-1098]. */
export interface ParsedGcLine {
  readonly kind: 'gc';
  /** `gctrace-1.18` when the line has `MB stacks, MB globals`. */
  readonly format: GcTraceFormat;
  /** GC number. */
  readonly gc: number;
  /** Start of the cycle, seconds since the runtime started (`@3.021s`). */
  readonly startS: number;
  /** Percent of CPU spent in GC since start. */
  readonly cpuPercent: number;
  /** Wall-clock ms of sweep termination, concurrent mark and mark termination. */
  readonly clockMs: readonly [number, number, number];
  /** Heap at GC start, at mark end, and marked live (MB, floored). */
  readonly heapStartMB: number;
  readonly heapEndMB: number;
  readonly heapLiveMB: number;
  /** Heap goal (MB). */
  readonly goalMB: number;
  /** Scannable stacks and globals (MB; 1.18+ only). */
  readonly stacksMB?: number;
  readonly globalsMB?: number;
  /** GOMAXPROCS. */
  readonly procs: number;
  /** `(forced)`: runtime.GC or FreeOSMemory. */
  readonly forced: boolean;
}

/** A 1.14+ scavtrace line [go1.14.13, go1.15.3, go1.18, go1.19.8, go1.21.12:mgcscavenge.go printScavTrace]. */
export interface ParsedScavLine {
  readonly kind: 'scav';
  /** The layouts the line fits (a plain line is printed alike by 1.14 and 1.19–1.20). */
  readonly formats: readonly ScavengerTraceFormat[];
  /** Scavenge generation (1.15–1.18). */
  readonly gen?: number;
  /** Background work since the last line (KiB; 1.14–1.20 all work). */
  readonly workKiB: number;
  /** 1.21+: eager work (KiB). */
  readonly eagerKiB?: number;
  /** HeapReleased now (KiB). */
  readonly releasedKiB: number;
  /** `heapInuse × 100 / heapRetained`. */
  readonly utilPercent: number;
  /** FreeOSMemory's line. */
  readonly forced: boolean;
  /** 1.18+: the PI controller was reset. */
  readonly controllerReset: boolean;
}

/** A ≤ 1.13 `scvg` pair line [go1.11:mheap.go scavenge], [go1.13.4:mgcscavenge.go bgscavenge]. */
export interface ParsedScvgLine {
  readonly kind: 'scvg';
  /** The layout (numbered ≤ 1.12, or 1.13's). */
  readonly formats: readonly ScavengerTraceFormat[];
  /** FreeOSMemory's pass (`scvg-1:` ≤ 1.12, `forced scvg:` 1.13). */
  readonly forced: boolean;
  /** `N MB released` line: the MB; absent on the statistics line. */
  readonly releasedNowMB?: number;
  /** Statistics line: MB in use, idle, sys, released, consumed. */
  readonly stats?: { readonly inuse: number; readonly idle: number; readonly sys: number; readonly released: number; readonly consumed: number };
}

/** `GC forced`: printed by forcegchelper before sysmon's periodic GC [go1.19.8:proc.go forcegchelper]. */
export interface ParsedForcedLine {
  readonly kind: 'gc-forced';
}

/** A line that starts like a trace line but is cut off or garbled. */
export interface DamagedTraceLine {
  readonly kind: 'damaged';
  /** Which kind of line it started as. */
  readonly started: 'gc' | 'scav' | 'scvg';
}

/** What {@link parseTraceLine} found. */
export type ParsedTraceLine = (ParsedGcLine | ParsedScavLine | ParsedScvgLine | ParsedForcedLine | DamagedTraceLine) & {
  /** Text before the trace text (a timestamp or other program's output), trimmed. */
  readonly prefix: string;
  /** Text after the trace text on the same line, trimmed. */
  readonly rest: string;
};

const NUM = String.raw`(\d+(?:\.\d+)?)`;
const GC_RE = new RegExp(
  String.raw`gc (\d+) @${NUM}s (\d+)%: ${NUM}\+${NUM}\+${NUM} ms clock, ${NUM}\+${NUM}/${NUM}/${NUM}\+${NUM} ms cpu, ` +
  String.raw`(\d+)->(\d+)->(\d+) MB, (\d+) MB goal, (?:(\d+) MB stacks, (\d+) MB globals, )?(\d+) P( \(forced\))?`,
);
const SCAV_BG_EAGER_RE = /scav (\d+) KiB work \(bg\), (\d+) KiB work \(eager\), (\d+) KiB now, (\d+)% util( \(forced\)| \[controller reset\])?/;
const SCAV_RE = /scav (?:(\d+) )?(\d+) KiB work, (\d+) KiB total, (\d+)% util( \(forced\)| \[controller reset\])?/;
const SCVG_STATS_RE = /(forced )?scvg(-1|\d+)?: inuse: (\d+), idle: (\d+), sys: (\d+), released: (\d+), consumed: (\d+) \(MB\)/;
const SCVG_RELEASED_RE = /(forced )?scvg(-1|\d+)?: (\d+) MB released/;
/** Where a trace line may start: at the line start or after a non-word character. */
const START_RE = /(?:^|(?<=[^\w]))(gc \d+ @|scav \d|(?:forced )?scvg(?:-1|\d+)?:|GC forced)/;

/**
 * Finds and parses the runtime trace text in one log line (no newline). Returns `null` when the
 * line holds no trace text (the program's own output).
 */
export function parseTraceLine(line: string): ParsedTraceLine | null {
  const start = START_RE.exec(line);
  if (start === null) return null;
  const at = start.index;
  const text = line.slice(at);
  const prefix = line.slice(0, at).trim();
  const head = start[1]!;
  if (head === 'GC forced') return { kind: 'gc-forced', prefix, rest: text.slice(head.length).trim() };
  if (head.startsWith('gc ')) {
    const m = GC_RE.exec(text);
    if (m === null || m.index !== 0) return { kind: 'damaged', started: 'gc', prefix, rest: '' };
    const n = (i: number): number => Number(m[i]);
    const hasStacks = m[17] !== undefined;
    return {
      kind: 'gc', format: hasStacks ? 'gctrace-1.18' : 'gctrace-1.11', gc: n(1), startS: n(2), cpuPercent: n(3),
      clockMs: [n(4), n(5), n(6)], heapStartMB: n(12), heapEndMB: n(13), heapLiveMB: n(14), goalMB: n(15),
      ...(hasStacks ? { stacksMB: n(16), globalsMB: n(17) } : {}),
      procs: n(18), forced: m[19] !== undefined, prefix, rest: text.slice(m[0].length).trim(),
    };
  }
  if (head.startsWith('scav')) {
    const e = SCAV_BG_EAGER_RE.exec(text);
    if (e !== null && e.index === 0) {
      return {
        kind: 'scav', formats: ['scavtrace-bg-eager'], workKiB: Number(e[1]), eagerKiB: Number(e[2]), releasedKiB: Number(e[3]),
        utilPercent: Number(e[4]), forced: e[5] === ' (forced)', controllerReset: e[5] === ' [controller reset]',
        prefix, rest: text.slice(e[0].length).trim(),
      };
    }
    const m = SCAV_RE.exec(text);
    if (m === null || m.index !== 0) return { kind: 'damaged', started: 'scav', prefix, rest: '' };
    const reset = m[5] === ' [controller reset]';
    // The generation is printed 1.15–1.18; a controller reset only exists from 1.18 (trace-format.ts).
    const gen = m[1] !== undefined;
    const formats: ScavengerTraceFormat[] = gen
      ? (reset ? ['scavtrace-gen-reset'] : ['scavtrace-gen', 'scavtrace-gen-reset'])
      : (reset ? ['scavtrace-1.19'] : ['scavtrace-1.14', 'scavtrace-1.19']);
    return {
      kind: 'scav', formats, ...(m[1] !== undefined ? { gen: Number(m[1]) } : {}), workKiB: Number(m[2]), releasedKiB: Number(m[3]),
      utilPercent: Number(m[4]), forced: m[5] === ' (forced)', controllerReset: reset, prefix, rest: text.slice(m[0].length).trim(),
    };
  }
  // scvg: ≤1.12 numbers its lines (`scvg3:`, `scvg-1:` for FreeOSMemory); 1.13 prints `scvg:` / `forced scvg:`.
  const s = SCVG_STATS_RE.exec(text);
  const r = s === null ? SCVG_RELEASED_RE.exec(text) : null;
  const m = s ?? r;
  if (m === null || m.index !== 0) return { kind: 'damaged', started: 'scvg', prefix, rest: '' };
  const numbered = m[2] !== undefined;
  const formats: ScavengerTraceFormat[] = [numbered ? 'scvg-numbered' : 'scvg-1.13'];
  const forced = m[1] !== undefined || m[2] === '-1';
  const rest = text.slice(m[0].length).trim();
  if (s !== null) {
    return {
      kind: 'scvg', formats, forced, prefix, rest,
      stats: { inuse: Number(s[3]), idle: Number(s[4]), sys: Number(s[5]), released: Number(s[6]), consumed: Number(s[7]) },
    };
  }
  return { kind: 'scvg', formats, forced, releasedNowMB: Number(m[3]), prefix, rest };
}

/** The oldest Go version whose trace lines scavsim reads (older gctrace layouts differ). */
export const OLDEST_READ_TRACE_MINOR = 11;

/**
 * The Go minor versions (`N` of `go1.N`, ascending) whose runtime prints any of the given
 * layouts, read off the policy table's `gcTrace` and `scavengerTrace` columns, from
 * {@link OLDEST_READ_TRACE_MINOR}.
 */
export function goMinorsPrinting(formats: readonly (GcTraceFormat | ScavengerTraceFormat)[]): number[] {
  const minors = new Set<number>();
  for (const row of GO_POLICY_TABLE) {
    if (!formats.includes(row.gcTrace) && !formats.includes(row.scavengerTrace)) continue;
    for (let m = Math.max(row.from.minor, OLDEST_READ_TRACE_MINOR); m <= row.to.minor; m++) minors.add(m);
  }
  return [...minors].sort((a, b) => a - b);
}
