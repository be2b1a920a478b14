/**
 * Kernel events for the timeline: reclaim and OOM kills.
 *
 * The kernel model keeps no clock: events carry no timestamp, and the caller stamps them with
 * the simulated time at which it drains them ({@link KernelEventLog.drain}, called once per tick
 * by the engine). Reclaim is aggregated: within one drain interval, all pages reclaimed for the
 * same cause from the same process (or page cache of the same cgroup) form one event, so a
 * 100 ms tick of memcg pressure yields a handful of events, not one per 32-page batch. An OOM
 * event closes the aggregation window so the order "reclaim, then OOM, then reclaim" survives.
 *
 * @module
 */

/** Why reclaim ran (kernel §3). */
export type ReclaimCause =
  /** A memcg charge hit `memory.limit_in_bytes` / `memory.max`, or v2 `memory.high` was exceeded. */
  | 'memcg'
  /** kswapd: free pages fell below the low watermark; reclaims to high. */
  | 'kswapd'
  /** Direct reclaim: an allocation would take free pages below the min watermark. */
  | 'direct';

/** Lazily freed pages or page cache were reclaimed. */
export interface ReclaimEvent {
  /** Discriminator. */
  readonly kind: 'reclaim';
  /** Why reclaim ran. */
  readonly cause: ReclaimCause;
  /** For `memcg`: which limit triggered it. */
  readonly trigger?: 'max' | 'high';
  /** The cgroup whose limit triggered it (memcg) or whose pages were taken (global). */
  readonly cgroup?: string;
  /** The process whose lazily freed pages were discarded, or `"pagecache"`. */
  readonly fromProcess: string;
  /** pid of that process (absent for page cache). */
  readonly pid?: number;
  /** Pages freed, in bytes. */
  readonly bytes: number;
}

/** The OOM killer killed a process. */
export interface OomEvent {
  /** Discriminator. */
  readonly kind: 'oom';
  /** `memcg` for a cgroup limit, `global` for the machine. */
  readonly scope: 'memcg' | 'global';
  /** The cgroup whose limit was hit (memcg) or the victim's cgroup (global). */
  readonly cgroup?: string;
  /** The killed process's name. */
  readonly victim: string;
  /** The killed process's pid. */
  readonly pid: number;
  /** The victim's RSS when killed (bytes), lazily freed pages included (kernel §3.4). */
  readonly rssBytes: number;
}

/** Any kernel event. */
export type KernelEvent = ReclaimEvent | OomEvent;

type MutableReclaim = { -readonly [K in keyof ReclaimEvent]: ReclaimEvent[K] };

/** Collects events between drains, aggregating reclaim. */
export class KernelEventLog {
  private events: KernelEvent[] = [];
  private open = new Map<string, MutableReclaim>();
  /**
   * The open event the last call merged into or made. Reclaim calls come in streams for the
   * same cause, cgroup and process, and an event whose fields all equal the call's has the
   * call's key, so comparing them finds it without building the key string.
   */
  private last: MutableReclaim | undefined = undefined;

  /** Records `bytes` reclaimed; merged with an open event of the same key. */
  reclaim(cause: ReclaimCause, trigger: 'max' | 'high' | undefined, cgroup: string | undefined, fromProcess: string, pid: number | undefined, bytes: number): void {
    if (bytes <= 0) return;
    const l = this.last;
    if (l !== undefined && l.cause === cause && l.trigger === trigger && l.cgroup === cgroup && l.pid === pid && l.fromProcess === fromProcess) {
      l.bytes += bytes;
      return;
    }
    const key = `${cause}\u0000${trigger ?? ''}\u0000${cgroup ?? ''}\u0000${pid ?? fromProcess}`;
    const ev = this.open.get(key);
    if (ev !== undefined) {
      ev.bytes += bytes;
      this.last = ev;
      return;
    }
    const fresh: MutableReclaim = { kind: 'reclaim', cause, fromProcess, bytes };
    if (trigger !== undefined) fresh.trigger = trigger;
    if (cgroup !== undefined) fresh.cgroup = cgroup;
    if (pid !== undefined) fresh.pid = pid;
    this.open.set(key, fresh);
    this.events.push(fresh);
    this.last = fresh;
  }

  /** Records an OOM kill; later reclaim starts new events. */
  oom(ev: OomEvent): void {
    this.events.push(ev);
    this.open.clear();
    this.last = undefined;
  }

  /** Returns and forgets the events since the last drain, in order. */
  drain(): KernelEvent[] {
    const out = this.events;
    this.events = [];
    this.open.clear();
    this.last = undefined;
    return out;
  }
}
