/**
 * The names a Go service's memory goes by, and which telemetry field each one is.
 *
 * Prometheus names are client_golang's (`prometheus/go_collector.go` for the `go_memstats_*`
 * set every version exports, `go_collector_latest.go` for the `runtime/metrics` names with
 * `/` and `:` turned into `_`, e.g. `/gc/heap/goal:bytes` → `go_gc_heap_goal_bytes`),
 * `process_collector.go` for `process_*`, and cAdvisor's `container_memory_*`. A few
 * `runtime/metrics` classes only add up to a MemStats field (`HeapInuse` = heap objects +
 * unused heap); {@link COMPOSITES} lists those sums. CSV and JSONL columns may use the MemStats
 * or `/proc` name itself (`HeapInuse`, `VmRSS`), a snake_case form (`heap_inuse_bytes`), or a
 * Prometheus name; a unit at the end of a column name (`VmRSS_kB`, `rss (MiB)`) scales the values.
 *
 * @module
 */
import type { TelemetryField } from './telemetry.js';

/** Prometheus metric name → telemetry field (values in bytes or counts unless `scale` says otherwise). */
export const PROMETHEUS_FIELDS: Readonly<Record<string, { readonly field: TelemetryField; readonly scale?: number }>> = {
  // client_golang go_collector.go (MemStats).
  go_memstats_alloc_bytes: { field: 'HeapAlloc' },
  go_memstats_heap_alloc_bytes: { field: 'HeapAlloc' },
  go_memstats_heap_inuse_bytes: { field: 'HeapInuse' },
  go_memstats_heap_idle_bytes: { field: 'HeapIdle' },
  go_memstats_heap_released_bytes: { field: 'HeapReleased' },
  go_memstats_heap_sys_bytes: { field: 'HeapSys' },
  go_memstats_sys_bytes: { field: 'Sys' },
  go_memstats_next_gc_bytes: { field: 'NextGC' },
  go_memstats_alloc_bytes_total: { field: 'TotalAlloc' },
  go_memstats_mallocs_total: { field: 'Mallocs' },
  go_memstats_heap_objects: { field: 'HeapObjects' },
  go_memstats_stack_inuse_bytes: { field: 'StackInuse' },
  go_memstats_last_gc_time_seconds: { field: 'LastGC', scale: 1000 },
  go_gc_duration_seconds_count: { field: 'NumGC' },
  go_goroutines: { field: 'Goroutines' },
  // client_golang go_collector_latest.go (runtime/metrics, Go 1.16+).
  go_gc_heap_goal_bytes: { field: 'NextGC' },
  go_gc_heap_allocs_bytes_total: { field: 'TotalAlloc' },
  go_gc_heap_allocs_objects_total: { field: 'Mallocs' },
  go_gc_heap_objects_objects: { field: 'HeapObjects' },
  go_gc_heap_live_bytes: { field: 'HeapLive' },
  go_gc_cycles_total_gc_cycles_total: { field: 'NumGC' },
  go_gc_cycles_forced_gc_cycles_total: { field: 'NumForcedGC' },
  go_memory_classes_heap_released_bytes: { field: 'HeapReleased' },
  go_memory_classes_total_bytes: { field: 'Sys' },
  go_memory_classes_heap_stacks_bytes: { field: 'StackInuse' },
  go_sched_goroutines_goroutines: { field: 'Goroutines' },
  // process_collector.go.
  process_resident_memory_bytes: { field: 'VmRSS' },
  // cAdvisor (the container's memory cgroup).
  container_memory_rss: { field: 'cg_rss' },
  container_memory_working_set_bytes: { field: 'cg_working_set' },
  container_memory_usage_bytes: { field: 'cg_usage' },
};

/** `runtime/metrics` classes that only add up to a MemStats field: field = sum of parts at the same time. */
export const COMPOSITES: readonly { readonly field: TelemetryField; readonly parts: readonly string[] }[] = [
  { field: 'HeapInuse', parts: ['go_memory_classes_heap_objects_bytes', 'go_memory_classes_heap_unused_bytes'] },
  { field: 'HeapIdle', parts: ['go_memory_classes_heap_free_bytes', 'go_memory_classes_heap_released_bytes'] },
  { field: 'HeapAlloc', parts: ['go_memory_classes_heap_objects_bytes'] },
  {
    field: 'HeapSys',
    parts: ['go_memory_classes_heap_objects_bytes', 'go_memory_classes_heap_unused_bytes', 'go_memory_classes_heap_free_bytes', 'go_memory_classes_heap_released_bytes'],
  },
];

/** Every raw name a composite needs. */
export const COMPOSITE_PARTS: ReadonlySet<string> = new Set(COMPOSITES.flatMap((c) => c.parts));

/** Prometheus series that state settings or the clock rather than a quantity over time. */
export const PROMETHEUS_SETTINGS = {
  /** `go_info{version="go1.21.5"}` (go_collector.go). */
  goInfo: 'go_info',
  /** `/gc/gogc:percent` (Go 1.21+). */
  gogc: 'go_gc_gogc_percent',
  /** `/gc/gomemlimit:bytes` (Go 1.21+). */
  gomemlimit: 'go_gc_gomemlimit_bytes',
  /** Unix seconds the process started (process_collector.go). */
  processStart: 'process_start_time_seconds',
} as const;

const ALL_FIELDS: readonly TelemetryField[] = [
  'HeapAlloc', 'HeapInuse', 'HeapIdle', 'HeapReleased', 'HeapSys', 'Sys', 'NextGC', 'NumGC', 'NumForcedGC', 'TotalAlloc',
  'Mallocs', 'HeapObjects', 'StackInuse', 'HeapLive', 'Goroutines', 'LastGC', 'VmRSS', 'RssAnon', 'RssFile', 'LazyFree',
  'cg_usage', 'cg_rss', 'cg_working_set',
];

const UNIT_SUFFIXES: readonly [string, number][] = [['kib', 1024], ['kb', 1024], ['mib', 1024 ** 2], ['mb', 1024 ** 2], ['gib', 1024 ** 3], ['gb', 1024 ** 3], ['bytes', 1]];

function squash(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const BY_SQUASHED = new Map<string, TelemetryField>();
for (const f of ALL_FIELDS) BY_SQUASHED.set(squash(f), f);
// MemStats' Go names in snake_case (heap_inuse, next_gc, num_gc, total_alloc) squash to the same keys.
BY_SQUASHED.set('rss', 'VmRSS');

/**
 * The field a column or key names, and the factor its values are in (`VmRSS_kB` → VmRSS × 1024;
 * `/proc/status` prints kB, which are KiB). `null` when the name is not a memory field.
 */
export function fieldForColumn(name: string): { field: TelemetryField; scale: number } | null {
  const trimmed = name.trim();
  const prom = PROMETHEUS_FIELDS[trimmed];
  if (prom !== undefined) return { field: prom.field, scale: prom.scale ?? 1 };
  let key = squash(trimmed);
  const direct = BY_SQUASHED.get(key);
  if (direct !== undefined) return { field: direct, scale: 1 };
  for (const [suffix, scale] of UNIT_SUFFIXES) {
    if (key.endsWith(suffix) && key.length > suffix.length) {
      key = key.slice(0, -suffix.length);
      const f = BY_SQUASHED.get(key);
      if (f !== undefined) return { field: f, scale };
    }
  }
  return null;
}
