/**
 * The kernel event log's reclaim aggregation (events.ts): within one drain interval, reclaim
 * for the same cause, trigger, cgroup and process is one event, whatever order the calls come
 * in; an OOM kill or a drain starts new events.
 */
import { describe, expect, it } from 'vitest';
import { KernelEventLog } from '../../src/kernel/events.js';

describe('KernelEventLog reclaim aggregation', () => {
  it('merges calls with the same key, also when other keys come in between', () => {
    const log = new KernelEventLog();
    log.reclaim('memcg', 'max', 'web', 'a', 1, 4096);
    log.reclaim('memcg', 'max', 'web', 'a', 1, 4096);
    log.reclaim('memcg', 'max', 'web', 'b', 2, 8192);
    log.reclaim('memcg', 'max', 'web', 'a', 1, 4096);
    log.reclaim('memcg', 'high', 'web', 'a', 1, 4096);
    log.reclaim('kswapd', undefined, undefined, 'a', 1, 4096);
    log.reclaim('memcg', 'max', 'web', 'b', 2, 8192);
    expect(log.drain()).toEqual([
      { kind: 'reclaim', cause: 'memcg', trigger: 'max', cgroup: 'web', fromProcess: 'a', pid: 1, bytes: 3 * 4096 },
      { kind: 'reclaim', cause: 'memcg', trigger: 'max', cgroup: 'web', fromProcess: 'b', pid: 2, bytes: 2 * 8192 },
      { kind: 'reclaim', cause: 'memcg', trigger: 'high', cgroup: 'web', fromProcess: 'a', pid: 1, bytes: 4096 },
      { kind: 'reclaim', cause: 'kswapd', fromProcess: 'a', pid: 1, bytes: 4096 },
    ]);
  });

  it('keeps page cache of different cgroups apart, and ignores empty reclaim', () => {
    const log = new KernelEventLog();
    log.reclaim('kswapd', undefined, 'x', 'pagecache', undefined, 4096);
    log.reclaim('kswapd', undefined, 'y', 'pagecache', undefined, 4096);
    log.reclaim('kswapd', undefined, 'x', 'pagecache', undefined, 0);
    log.reclaim('kswapd', undefined, 'x', 'pagecache', undefined, 4096);
    expect(log.drain().map((e) => (e.kind === 'reclaim' ? [e.cgroup, e.bytes] : null))).toEqual([['x', 8192], ['y', 4096]]);
  });

  it('starts new events after an OOM kill and after a drain', () => {
    const log = new KernelEventLog();
    log.reclaim('direct', undefined, undefined, 'a', 1, 4096);
    log.oom({ kind: 'oom', scope: 'global', victim: 'a', pid: 1, rssBytes: 1 << 20 });
    log.reclaim('direct', undefined, undefined, 'a', 1, 4096);
    expect(log.drain().map((e) => e.kind)).toEqual(['reclaim', 'oom', 'reclaim']);
    log.reclaim('direct', undefined, undefined, 'a', 1, 4096);
    expect(log.drain()).toEqual([{ kind: 'reclaim', cause: 'direct', fromProcess: 'a', pid: 1, bytes: 4096 }]);
  });
});
