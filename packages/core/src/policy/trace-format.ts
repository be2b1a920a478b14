/**
 * The runtime's trace lines, formatted exactly as each Go version prints them (spec
 * go-runtime.md go §6), so that simulated output can be compared with real `GODEBUG=gctrace=1` /
 * `scavtrace=1` logs.
 *
 * The runtime prints integers with its own `print`, after right shifts: MB values are
 * `bytes >> 20`, KiB values `bytes >> 10` (floored), and util is the integer division
 * `heapInUse * 100 / heapRetained`. Times in the GC line go through `itoaDiv` and `fmtNSAsMS`
 * [go1.17.13:proc.go itoaDiv, fmtNSAsMS]. JavaScript's `>>` is 32-bit, so shifts are done as
 * floored divisions on exact integers here. Inputs are bytes and nanoseconds; every formatter
 * validates them and throws {@link ScavsimError} naming the field. Lines are returned without
 * the trailing newline.
 *
 * @module
 */
import { ScavsimError } from '../errors.js';
import { type GoVersion, formatGoVersion, goAtLeast } from './go-version.js';
import { policyRowFor, type ScavengerTraceFormat } from './go-policy-table.js';

/** Inputs of one gctrace GC line (bytes and nanoseconds). */
export interface GcTraceInput {
  /** GC cycle number (`memstats.numgc`, from 1). */
  readonly gc: number;
  /** Start of the cycle, ns since runtime init. */
  readonly startNs: number;
  /** `memstats.gc_cpu_fraction` in [0, 1]; printed as `int(f*100)` %. */
  readonly gcCpuFraction: number;
  /** Wall-clock ns of sweep termination, concurrent mark, mark termination. */
  readonly clockNs: readonly [number, number, number];
  /** CPU ns: sweep termination, assist, background, idle, mark termination. */
  readonly cpuNs: readonly [number, number, number, number, number];
  /** Heap at GC start (bytes, `work.heap0`). */
  readonly heapStart: number;
  /** Heap at mark end (bytes, `work.heap1`). */
  readonly heapEnd: number;
  /** Marked live heap (bytes, `work.heap2`). */
  readonly heapLive: number;
  /** Heap goal (bytes). */
  readonly heapGoal: number;
  /** Scannable stack bytes (printed from Go 1.18). */
  readonly stackScan?: number;
  /** Scannable globals bytes (printed from Go 1.18). */
  readonly globalsScan?: number;
  /** GOMAXPROCS during the cycle. */
  readonly procs: number;
  /** True for `runtime.GC()` (and FreeOSMemory); sysmon's periodic GC is not forced in the trace. */
  readonly forced: boolean;
}

/** Inputs of the ≤ 1.13 `scvg` pair (bytes). */
export interface ScvgInput {
  /** Bytes released by this pass. The first line is printed only when > 0. */
  readonly released: number;
  /** HeapInuse now. */
  readonly heapInuse: number;
  /** HeapIdle now. */
  readonly heapIdle: number;
  /** HeapSys now. */
  readonly heapSys: number;
  /** HeapReleased now (≤ heapSys). */
  readonly heapReleased: number;
  /** ≤ 1.12: the sysmon pass number `k` (ignored when `freeOSMemory`). */
  readonly k?: number;
  /** The pass is `debug.FreeOSMemory` (≤1.12: `k = -1`; 1.13: `forced scvg:`). */
  readonly freeOSMemory?: boolean;
}

/** Inputs of a 1.14+ scavtrace line (bytes). */
export interface ScavTraceInput {
  /** Background bytes released since the last line (1.14–1.20: the `work` value). */
  readonly releasedBg: number;
  /** 1.21+: bytes released eagerly (growth, memory limit, FreeOSMemory). */
  readonly releasedEager?: number;
  /** HeapReleased now (`total` ≤ 1.20, `now` 1.21+). */
  readonly heapReleased: number;
  /** HeapInuse now. */
  readonly heapInuse: number;
  /** heapRetained = HeapSys − HeapReleased; must be > 0. */
  readonly heapRetained: number;
  /** 1.15–1.18: the scavenge generation. */
  readonly gen?: number;
  /** The line is FreeOSMemory's (` (forced)`). */
  readonly forced?: boolean;
  /** 1.18+: the PI controller overflowed since the last line (printed unless `forced`). */
  readonly controllerReset?: boolean;
}

function nat(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new ScavsimError(typeof v === 'number' ? 'E_RANGE' : 'E_TYPE', field, `expected a non-negative integer, got ${String(v)}`,
      'a non-negative safe integer');
  }
  return v;
}

/** `v >> shift` for exact non-negative integers beyond 32 bits. */
function shr(v: number, shift: number): number {
  return Math.floor(v / 2 ** shift);
}

/**
 * The runtime's `itoaDiv`: formats val/10^dec with `dec` decimals, a line-by-line port (including
 * its quirk of a leading `0` when `dec` is 0 and `val` < 10, which `fmtNSAsMS` never triggers)
 * [go1.17.13:proc.go itoaDiv].
 */
export function itoaDiv(val: number, dec: number): string {
  const buf: string[] = [];
  let i = 31;
  const idec = i - dec;
  let v = val;
  while (v >= 10 || i >= idec) {
    buf[i] = String(v % 10);
    i--;
    if (i === idec) {
      buf[i] = '.';
      i--;
    }
    v = Math.floor(v / 10);
  }
  buf[i] = String(v);
  return buf.slice(i).join('');
}

/** The runtime's `fmtNSAsMS`: milliseconds with two significant digits below 10 ms [go1.17.13:proc.go fmtNSAsMS]. */
export function fmtNSAsMS(ns: number): string {
  if (ns >= 10e6) return itoaDiv(Math.floor(ns / 1e6), 0);
  let x = Math.floor(ns / 1e3);
  if (x === 0) return '0';
  let dec = 3;
  while (x >= 100) {
    x = Math.floor(x / 10);
    dec--;
  }
  return itoaDiv(x, dec);
}

/**
 * One gctrace GC line: `gc 12 @3.021s 2%: 0.015+1.2+0.012 ms clock, … ms cpu, 4->4->2 MB, 5 MB goal,
 * [0 MB stacks, 0 MB globals, ]8 P[ (forced)]` [go1.11:mgc.go:1666-1694], [go1.18:mgc.go:1093-1098].
 * @throws {@link ScavsimError} `E_UNKNOWN_VERSION` before Go 1.7, and for invalid inputs naming the field
 */
export function formatGcTrace(go: GoVersion, t: GcTraceInput): string {
  // go1.5 printed five clock phases (scan and install-write-barrier phases of its own; read in a
  // go1.5-era mgc.go); the three-phase layout was read at go1.11 and is assumed from 1.7. Rather
  // than print a layout 1.5/1.6 never had, refuse.
  if (!goAtLeast(go, 7)) {
    throw new ScavsimError('E_UNKNOWN_VERSION', 'go',
      `${formatGoVersion(go)} printed a different gctrace layout (more GC phases), which scavsim does not model`, 'go1.7 or later');
  }
  const gc = nat(t.gc, 'gc');
  const start = nat(t.startNs, 'startNs');
  if (typeof t.gcCpuFraction !== 'number' || !(t.gcCpuFraction >= 0 && t.gcCpuFraction <= 1)) {
    throw new ScavsimError('E_RANGE', 'gcCpuFraction', `${String(t.gcCpuFraction)} is not a fraction`, 'a number from 0 to 1');
  }
  const clock = t.clockNs.map((ns, i) => fmtNSAsMS(nat(ns, `clockNs[${i}]`)));
  const cpu = t.cpuNs.map((ns, i) => fmtNSAsMS(nat(ns, `cpuNs[${i}]`)));
  let line = `gc ${gc} @${itoaDiv(Math.floor(start / 1e6), 3)}s ${Math.trunc(t.gcCpuFraction * 100)}%: ` +
    `${clock.join('+')} ms clock, ${cpu[0]}+${cpu[1]}/${cpu[2]}/${cpu[3]}+${cpu[4]} ms cpu, ` +
    `${shr(nat(t.heapStart, 'heapStart'), 20)}->${shr(nat(t.heapEnd, 'heapEnd'), 20)}->${shr(nat(t.heapLive, 'heapLive'), 20)} MB, ` +
    `${shr(nat(t.heapGoal, 'heapGoal'), 20)} MB goal, `;
  if (goAtLeast(go, 18)) {
    line += `${shr(nat(t.stackScan, 'stackScan'), 20)} MB stacks, ${shr(nat(t.globalsScan, 'globalsScan'), 20)} MB globals, `;
  }
  line += `${nat(t.procs, 'procs')} P`;
  return t.forced ? `${line} (forced)` : line;
}

/**
 * The ≤ 1.13 scavenger pair, printed with gctrace: `scvg<k>: N MB released` (only if bytes were
 * released) and `scvg<k>: inuse: …, consumed: … (MB)`; 1.13 prints `scvg:` / `forced scvg:`
 * [go1.11:mheap.go scavenge], [go1.13.4:mgcscavenge.go bgscavenge, mheap.go scavengeAll].
 * `consumed` is `(sys − released) >> 20`, not the difference of the floored values.
 */
export function formatScvgLines(go: GoVersion, s: ScvgInput): string[] {
  const fmt = traceFormatOf(go);
  if (fmt !== 'scvg-numbered' && fmt !== 'scvg-1.13') {
    throw new ScavsimError('E_CONFLICT', 'go', `${formatGoVersion(go)} prints scavtrace lines, not scvg lines`, 'go1.5 through go1.13.x');
  }
  let prefix: string;
  if (fmt === 'scvg-1.13') {
    prefix = s.freeOSMemory === true ? 'forced scvg' : 'scvg';
  } else if (s.freeOSMemory === true) {
    prefix = 'scvg-1';
  } else {
    prefix = `scvg${nat(s.k, 'k')}`;
  }
  const sys = nat(s.heapSys, 'heapSys');
  const rel = nat(s.heapReleased, 'heapReleased');
  if (rel > sys) throw new ScavsimError('E_CONFLICT', 'heapReleased', `${rel} exceeds heapSys ${sys}`, 'heapReleased ≤ heapSys');
  const lines: string[] = [];
  const released = nat(s.released, 'released');
  if (released > 0) lines.push(`${prefix}: ${shr(released, 20)} MB released`);
  lines.push(`${prefix}: inuse: ${shr(nat(s.heapInuse, 'heapInuse'), 20)}, idle: ${shr(nat(s.heapIdle, 'heapIdle'), 20)}, ` +
    `sys: ${shr(sys, 20)}, released: ${shr(rel, 20)}, consumed: ${shr(sys - rel, 20)} (MB)`);
  return lines;
}

/**
 * One scavtrace line (1.14+), in the layout of the version [go1.14.13, go1.15.3, go1.18,
 * go1.19.8, go1.21.12:mgcscavenge.go printScavTrace]:
 * `scav [<gen> ]<W> KiB work, <T> KiB total, <U>% util[ (forced)| [controller reset]]`, and from
 * 1.21 `scav <Wbg> KiB work (bg), <We> KiB work (eager), <R> KiB now, <U>% util…`.
 */
export function formatScavTrace(go: GoVersion, s: ScavTraceInput): string {
  const fmt = traceFormatOf(go);
  if (fmt === 'scvg-numbered' || fmt === 'scvg-1.13') {
    throw new ScavsimError('E_CONFLICT', 'go', `${formatGoVersion(go)} has no scavtrace (it was added in Go 1.14)`, 'go1.14 or later');
  }
  const retained = nat(s.heapRetained, 'heapRetained');
  if (retained === 0) throw new ScavsimError('E_RANGE', 'heapRetained', 'the runtime divides by heapRetained; 0 is impossible', 'a positive integer');
  const util = (BigInt(nat(s.heapInuse, 'heapInuse')) * 100n) / BigInt(retained);
  const bg = shr(nat(s.releasedBg, 'releasedBg'), 10);
  const total = shr(nat(s.heapReleased, 'heapReleased'), 10);
  let line: string;
  if (fmt === 'scavtrace-bg-eager') {
    line = `scav ${bg} KiB work (bg), ${shr(nat(s.releasedEager ?? 0, 'releasedEager'), 10)} KiB work (eager), ${total} KiB now, ${util}% util`;
  } else {
    const gen = fmt === 'scavtrace-gen' || fmt === 'scavtrace-gen-reset' ? `${nat(s.gen, 'gen')} ` : '';
    line = `scav ${gen}${bg} KiB work, ${total} KiB total, ${util}% util`;
  }
  if (s.releasedEager !== undefined && s.releasedEager !== 0 && fmt !== 'scavtrace-bg-eager') {
    throw new ScavsimError('E_CONFLICT', 'releasedEager', `${formatGoVersion(go)} does not report eager work separately`, 'go1.21 or later');
  }
  if (s.forced === true) return `${line} (forced)`;
  if (s.controllerReset === true) {
    if (fmt === 'scavtrace-1.14' || fmt === 'scavtrace-gen') {
      throw new ScavsimError('E_CONFLICT', 'controllerReset', `${formatGoVersion(go)} has no PI controller to reset`, 'go1.18 or later');
    }
    return `${line} [controller reset]`;
  }
  return line;
}

/** The scavenger trace layout of a version (go §6). */
export function traceFormatOf(go: GoVersion): ScavengerTraceFormat {
  return policyRowFor(go).scavengerTrace;
}
