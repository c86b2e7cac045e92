// Slot utilisation of a finished search, from its workflow history: when each training
// activity started and completed. Prints how much of the search's span had both (all) slots
// training, and the idle tail at the end.
//
//   node dist/bench/slot-utilisation/main.js <searchId> [slots]     (TEMPORAL_ADDRESS as for nas)
import { withClient } from '../../client/with-client';
import { busyProfile } from './profile';
import { trainings } from './history';

async function run(): Promise<void> {
  const [searchId, slotsArg] = process.argv.slice(2);
  if (!searchId) throw new Error('usage: main.js <searchId> [slots]');
  const slots = Number(slotsArg ?? 2);
  const intervals = await withClient((client) => trainings(client, searchId));
  const p = busyProfile(intervals, slots);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`${searchId}: ${intervals.length} trainings over ${(p.spanMs / 1000).toFixed(1)} s with ${slots} slots`);
  console.log(`  mean utilisation ${pct(p.utilisation)}; time with k slots busy: ${p.fractionBusy.map((f, k) => `${k}: ${pct(f)}`).join(', ')}`);
  console.log(`  after the last moment all ${slots} slots were busy: ${(p.tailMs / 1000).toFixed(1)} s (${pct(p.tailMs / p.spanMs)} of the span)`);
}

run().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
