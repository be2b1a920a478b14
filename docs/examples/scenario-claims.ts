// Run a teaching scenario and check the claims it demonstrates.
import { getScenario, runScenario } from '@scavsim/scenarios';

export const run = runScenario(getScenario('incident-go1.16'));
for (const c of run.claims) console.log(`${c.pass ? 'holds' : 'FAILS'}: ${c.text} (${c.detail})`);
