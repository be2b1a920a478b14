/**
 * The limits a run's memory is measured against, as horizontal reference lines of a chart:
 * each Go process's GOMEMLIMIT (where its Go version has one: 1.19 on, as the policy table
 * says) and the limit of the memory cgroup it runs in. Both come from the run's config (the
 * header carries it), as the user set them; the heap goal, which moves, is a curve (`NextGC`).
 *
 * @module
 */
import { parseSize, resolvePolicy } from '@scavsim/core';
import type { RunResult } from '@scavsim/core';

/** A limit kind, in legend order. */
export const LIMIT_KINDS = ['GOMEMLIMIT', 'cgroup limit'] as const;
/** A limit kind. */
export type LimitKind = (typeof LIMIT_KINDS)[number];

/** One limit of one process. */
export interface ProcessLimit {
  /** The process (config name). */
  readonly process: string;
  /** Which limit. */
  readonly kind: LimitKind;
  /** Bytes. */
  readonly bytes: number;
}

interface ConfigProcess { readonly name?: unknown; readonly kind?: unknown; readonly go?: unknown; readonly godebug?: unknown; readonly gomemlimit?: unknown; readonly cgroup?: unknown }
interface ConfigCgroup { readonly name?: unknown; readonly limit?: unknown; readonly 'memory.limit_in_bytes'?: unknown; readonly 'memory.max'?: unknown }

/** A size as the config wrote it, or undefined when it is none, `max`, `off` or not a size. */
function sizeOf(v: unknown): number | undefined {
  if (v === undefined || v === null || v === 'max' || v === 'off') return undefined;
  try {
    const b = parseSize(v as string | number, 'limit');
    return b > 0 && Number.isFinite(b) ? b : undefined;
  } catch {
    return undefined;
  }
}

/** The GOMEMLIMIT and cgroup limit of every process of the run's config that has one. */
export function processLimits(result: RunResult): ProcessLimit[] {
  const config = result.header.config as { processes?: readonly ConfigProcess[]; cgroups?: readonly ConfigCgroup[] } | undefined;
  const kernel = typeof result.header.kernel === 'string' ? result.header.kernel : '5.10';
  const out: ProcessLimit[] = [];
  for (const p of config?.processes ?? []) {
    if (p === null || typeof p !== 'object' || typeof p.name !== 'string') continue;
    const gomemlimit = sizeOf(p.gomemlimit);
    if (p.kind === 'go' && gomemlimit !== undefined && typeof p.go === 'string') {
      // Before Go 1.19 there is no memory limit: the runtime ignores GOMEMLIMIT.
      let honoured = false;
      try {
        honoured = resolvePolicy({ go: p.go, kernel, godebug: typeof p.godebug === 'string' ? p.godebug : '', gomemlimit }).triggers.memoryLimit.kind !== 'none';
      } catch {
        honoured = false;
      }
      if (honoured) out.push({ process: p.name, kind: 'GOMEMLIMIT', bytes: gomemlimit });
    }
    const cg = typeof p.cgroup === 'string' ? config?.cgroups?.find((c) => c !== null && typeof c === 'object' && c.name === p.cgroup) : undefined;
    const limit = cg === undefined ? undefined : sizeOf(cg.limit ?? cg['memory.limit_in_bytes'] ?? cg['memory.max']);
    if (limit !== undefined) out.push({ process: p.name, kind: 'cgroup limit', bytes: limit });
  }
  return out;
}
