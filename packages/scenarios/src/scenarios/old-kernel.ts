/**
 * Go 1.15 on old kernels: 4.4, where MADV_FREE does not exist (EINVAL, the runtime falls
 * back to MADV_DONTNEED), and 4.9 without swap, where the kernel applies MADV_FREE as
 * MADV_DONTNEED.
 *
 * @module
 */
import { produce } from 'immer';
import { GiB, type SimConfig } from '@scavsim/core';
import { describe, eventsOf, last, num, samplesOf } from '../claims.js';
import type { Scenario } from '../scenario.js';
import { INCIDENT_CONFIG } from './incident.js';

const onKernel = (k: string, name: string): SimConfig => produce(INCIDENT_CONFIG, (d) => {
  d.scenario = name;
  d.machine.kernel = k;
});

export const oldKernel: Scenario = {
  name: 'old-kernel',
  title: 'Go 1.15 on kernel 4.4 (EINVAL, fallback) and 4.9 without swap',
  teaches: `The incident's workload on older kernels. On 4.4, \`madvise(MADV_FREE)\` fails with
EINVAL (the advice was added in 4.5); the Go runtime treats any error as "not supported",
switches the whole process to \`MADV_DONTNEED\` and redoes the call (mem_linux.go
\`adviseUnused\`). On 4.5–4.11 the kernel accepts \`MADV_FREE\` but, with no swap, applies it
as \`MADV_DONTNEED\` (mm/madvise.c before 4.12). Either way RSS falls with \`HeapReleased\`: the
"RSS stays at 3 GiB" incident needs a 4.12+ kernel.`,
  config: onKernel('4.4.0', 'old-kernel'),
  variants: { 'kernel-4.9': onKernel('4.9.0', 'old-kernel-4.9'), 'kernel-4.14': INCIDENT_CONFIG },
  claims: [
    {
      id: 'einval-fallback',
      text: 'On 4.4 the runtime reports one advice fallback from MADV_FREE to MADV_DONTNEED, and RSS ends below 0.5 GiB.',
      check(r) {
        const fb = eventsOf(r, 'advice-fallback');
        const s = last(samplesOf(r));
        return { pass: fb.length === 1 && num(s, 'VmRSS') < 0.5 * GiB, detail: `${fb.length} fallback event(s); ${describe(s, ['VmRSS', 'HeapReleased'])}` };
      },
    },
    {
      id: 'no-swap-acts-as-dontneed',
      text: 'On 4.9 without swap there is no fallback (the call succeeds) but RSS still ends below 0.5 GiB and LazyFree stays zero.',
      check(_r, v) {
        const run = v['kernel-4.9']!;
        const s = last(samplesOf(run));
        return { pass: eventsOf(run, 'advice-fallback').length === 0 && num(s, 'VmRSS') < 0.5 * GiB && num(s, 'LazyFree') === 0, detail: describe(s, ['VmRSS', 'LazyFree']) };
      },
    },
    {
      id: 'new-kernel-keeps',
      text: 'On 4.14 the same binary keeps RSS above 2.5 GiB: the difference is the kernel.',
      check(_r, v) {
        const s = last(samplesOf(v['kernel-4.14']!));
        return { pass: num(s, 'VmRSS') > 2.5 * GiB, detail: describe(s, ['VmRSS', 'LazyFree']) };
      },
    },
  ],
};
