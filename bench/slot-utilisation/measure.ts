// Runs one search on a private dev server with a real worker (`--concurrency <slots>`) and
// prints its slot utilisation from the trainings' start and end times in its history.
//
//   node dist/bench/slot-utilisation/measure.js <config.json> <searchId> [slots]
import { resolve } from 'node:path';
import { createTestEnv } from '../../test/helpers/temporal-test-env';
import { killGroup, nasEnv, runNas, startWorkerProcess, waitFor } from '../../test/e2e/processes';
import { trainings } from './history';
import { busyProfile } from './profile';

async function run(): Promise<void> {
  const [config, searchId, slotsArg] = process.argv.slice(2);
  if (!config || !searchId) throw new Error('usage: measure.js <config.json> <searchId> [slots]');
  const slots = Number(slotsArg ?? 2);
  const env = await createTestEnv();
  const nas = nasEnv(env.address);
  const worker = startWorkerProcess(nas, ['--concurrency', String(slots)]);
  try {
    await waitFor('the worker to poll', () => (worker.output().includes('worker polling') ? true : undefined), 120_000);
    const started = await runNas(['search', resolve(config), '--detach', '--id', searchId], nas);
    if (started.code !== 0) throw new Error(`nas search: ${started.stderr}`);
    const t0 = Date.now();
    await waitFor('the search to end', async () => {
      const r = JSON.parse((await runNas(['status', searchId, '--json'], nas)).stdout) as { status: string };
      return r.status === 'running' ? undefined : r;
    }, 3 * 3600_000, 2000);
    const intervals = await trainings(env.client, searchId);
    const p = busyProfile(intervals, slots);
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    console.log(`${searchId}: ${intervals.length} trainings, search took ${((Date.now() - t0) / 1000).toFixed(0)} s; trainings span ${(p.spanMs / 1000).toFixed(1)} s with ${slots} slots`);
    console.log(`  mean utilisation ${pct(p.utilisation)}; share of the span with k trainings running: ${p.fractionBusy.map((f, k) => `${k}: ${pct(f)}`).join(', ')}`);
    console.log(`  after the last moment all ${slots} slots were busy: ${(p.tailMs / 1000).toFixed(1)} s (${pct(p.tailMs / p.spanMs)} of the span)`);
  } finally {
    killGroup(worker.child, 'SIGTERM');
    await env.teardown();
  }
}

run().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
