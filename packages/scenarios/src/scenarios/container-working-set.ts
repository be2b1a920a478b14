/**
 * Container metrics under MADV_FREE: cgroup usage keeps lazily freed pages, cAdvisor's working
 * set (usage − inactive_file) does not, RSS does.
 *
 * @module
 */
import { GiB, MiB, type SimConfig } from '@scavsim/core';
import { last, num, samplesOf } from '../claims.js';
import type { Scenario } from '../scenario.js';

const config: SimConfig = {
  scenario: 'container-working-set',
  seed: 1,
  duration: '6min',
  machine: { memTotal: '16GiB', kernel: '5.10.0' },
  cgroups: [{ name: 'pod', version: 2, limit: '6GiB' }],
  processes: [{
    kind: 'go', name: 'app', go: '1.15.15', cgroup: 'pod', gomaxprocs: 4,
    workload: {
      baseLive: 50 * MiB,
      phases: [
        { name: 'load', duration: '60s', allocRate: 512 * MiB, liveTarget: { kind: 'ramp', from: 0, to: '1.5GiB' } },
        { name: 'idle', duration: '5min' },
      ],
    },
  }],
};

export const containerWorkingSet: Scenario = {
  name: 'container-working-set',
  title: 'Container dashboards disagree: usage vs working set vs RSS under MADV_FREE',
  teaches: `A Go 1.15 service in a cgroup (v2, 6 GiB limit) after a load. The scavenger releases
~3 GiB with \`MADV_FREE\`. The kernel moves those pages to the inactive *file* LRU without freeing
them. So:

- \`memory.current\` (\`container_memory_usage_bytes\`) and RSS stay high: the pages are still charged;
- cAdvisor's working set, \`usage − inactive_file\` (\`container_memory_working_set_bytes\`, what
  kubelet evicts on and \`kubectl top\` shows), drops at once.

The two dashboards are both right; they count lazily freed memory differently
(google/cadvisor#2242, golang/go#44554).`,
  config,
  claims: [
    {
      id: 'usage-stays-ws-drops',
      text: 'After the release, cgroup usage stays above 2.5 GiB while the working set is below 0.5 GiB.',
      check(r) {
        const s = last(samplesOf(r));
        return { pass: num(s, 'cg_usage') > 2.5 * GiB && num(s, 'cg_working_set') < 0.5 * GiB, detail: `usage ${(num(s, 'cg_usage') / GiB).toFixed(2)} GiB, working set ${(num(s, 'cg_working_set') / MiB).toFixed(0)} MiB, RSS ${(num(s, 'VmRSS') / GiB).toFixed(2)} GiB` };
      },
    },
    {
      id: 'gap-is-lazyfree',
      text: 'The gap between usage and working set is the inactive_file count, which here is the process\'s LazyFree (within 5 %).',
      check(r) {
        const s = last(samplesOf(r));
        const gap = num(s, 'cg_usage') - num(s, 'cg_working_set');
        const lazy = num(s, 'LazyFree');
        return { pass: lazy > 0 && Math.abs(gap - lazy) <= 0.05 * lazy, detail: `usage − working set ${(gap / MiB).toFixed(0)} MiB, LazyFree ${(lazy / MiB).toFixed(0)} MiB` };
      },
    },
  ],
};
