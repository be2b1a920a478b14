/**
 * Runs one benchmark in a fresh node process and prints its figures as one JSON line, so that
 * the peak RSS it reports belongs to that benchmark alone. Used by bench/run.ts:
 *
 *   node --conditions=@scavsim/source --import tsx bench/child.ts scaling 1073741824 1GiB
 *   node --conditions=@scavsim/source --import tsx bench/child.ts freeosmemory <trace.jsonl>
 *   node --conditions=@scavsim/source --import tsx bench/child.ts incident-hour
 *   node --conditions=@scavsim/source --import tsx bench/child.ts incident-run
 *   node --conditions=@scavsim/source --import tsx bench/child.ts baseline
 *   node --conditions=@scavsim/source --import tsx bench/child.ts stream-jsonl 24h [/dev/null]
 *   node --conditions=@scavsim/source --import tsx bench/child.ts page-transitions engine 6000 50
 *   node --conditions=@scavsim/source --import tsx bench/child.ts web-page
 *   node --conditions=@scavsim/source --import tsx bench/child.ts replay-hour
 *   node --conditions=@scavsim/source --import tsx bench/child.ts gctrace-write /tmp/x/gctrace.log 1073741824
 *   node --conditions=@scavsim/source --import tsx bench/child.ts gctrace-read /tmp/x/gctrace.log
 *   node --conditions=@scavsim/source --import tsx bench/child.ts prom-write /tmp/x/export.json 1073741824
 *   node --conditions=@scavsim/source --import tsx bench/child.ts prom-read /tmp/x/export.json <points>
 *
 * The page-transition targets are timed one per process for a second reason: neither should
 * be timed on what the other left in the process (page-transitions.ts).
 */
import { benchScaling } from './scaling.js';
import { benchFreeosmemorySim } from './freeosmemory.js';
import { benchIncidentHour } from './incident-hour.js';
import { benchIncidentRun } from './incident-run.js';
import { timeTargetAlone } from './page-transitions.js';
import { benchWebPage } from './web-page.js';
import { benchGctraceRead, benchGctraceWrite, benchPrometheusRead, benchPrometheusWrite, benchReplayHour } from './replay.js';
import { benchStreamJsonl } from './streaming.js';

const [task, a, b] = process.argv.slice(2);
let out: unknown;
if (task === 'scaling') out = benchScaling(Number(a), b ?? String(a));
else if (task === 'freeosmemory') out = benchFreeosmemorySim(a!);
else if (task === 'incident-hour') out = benchIncidentHour();
else if (task === 'incident-run') out = benchIncidentRun();
else if (task === 'page-transitions' && (a === 'engine' || a === 'reference')) out = timeTargetAlone(a, Number(b), Number(process.argv[5]));
else if (task === 'web-page') out = await benchWebPage();
else if (task === 'replay-hour') out = await benchReplayHour();
else if (task === 'gctrace-write') out = benchGctraceWrite(a!, Number(b));
else if (task === 'gctrace-read') out = await benchGctraceRead(a!);
else if (task === 'prom-write') out = benchPrometheusWrite(a!, Number(b));
else if (task === 'prom-read') out = await benchPrometheusRead(a!, Number(b));
else if (task === 'stream-jsonl') out = benchStreamJsonl(a!, b);
else if (task === 'baseline') out = { peakRssBytes: process.resourceUsage().maxRSS * 1024 };
else throw new Error(`unknown bench task ${task}`);
process.stdout.write(`${JSON.stringify(out)}\n`);
