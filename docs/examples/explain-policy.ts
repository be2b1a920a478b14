// Ask which advice a Go version uses on a kernel, and why.
import { resolvePolicy } from '@scavsim/core';

export const policy = resolvePolicy({ go: '1.15.10', kernel: '4.4.0-210-generic', godebug: '' });
console.log(policy.advice);
for (const reason of policy.adviceReasons) console.log(`- ${reason}`);
