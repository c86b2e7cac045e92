// The contract every registered scheduler passes (DESIGN.md: a new scheduler is one file, one
// registration line, and this suite): driven through the Scheduler interface alone with seeded
// scores and a seeded completion order, it finishes, tells every trial exactly once, never
// hands out a job for a trial it pruned, and answers the same after a JSON round trip.
import test from 'ava';
import { createScheduler, findScheduler, restoreScheduler, schedulerTypes, type Job, type Scheduler } from '../../domain/schedulers';
import { ConfigReader } from '../../domain/config/reader';
import { Rng } from '../../domain/rng';
import type { FidelitySection } from '../../domain/config/search-config';

function optionsOf(type: string, extra: Record<string, unknown> = {}): FidelitySection {
  const definition = findScheduler(type);
  if (!definition) throw new Error(`no scheduler ${type}`);
  const r = new ConfigReader();
  const options = definition.readOptions({ type, maxEpochs: 9, ...extra }, r);
  if (r.problems.length > 0) throw new Error(r.problems.join('\n'));
  return options;
}

interface Run {
  jobs: string[];
  tells: string[];
  trials: number;
}

/** Drives a scheduler to the end with `slots` jobs in flight, restoring it through JSON every `roundTripEvery` steps. */
function drive(fidelity: FidelitySection, trials: number, seed: number, slots: number, roundTripEvery = 0): Run {
  let s: Scheduler = createScheduler(fidelity, trials);
  const rng = new Rng(seed);
  const order = new Rng(seed + 1);
  const run: Run = { jobs: [], tells: [], trials: 0 };
  const pruned = new Set<string>();
  let inFlight: Job[] = [];
  for (let step = 0; step < 10_000 && !s.isFinished(); step++) {
    while (inFlight.length < slots) {
      let job = s.nextJob();
      if (!job) {
        const request = s.wantNew();
        if (!request) break;
        const ids = Array.from({ length: request.count }, () => `t${++run.trials}`);
        s.addTrials(ids);
        job = s.nextJob();
      }
      if (!job) break;
      if (pruned.has(job.trialId)) throw new Error(`job for pruned ${job.trialId}`);
      run.jobs.push(`${job.trialId}@${job.targetEpochs}`);
      inFlight.push(job);
    }
    run.tells.push(...s.takeTells());
    if (inFlight.length === 0) break;
    const [job] = inFlight.splice(order.int(inFlight.length), 1);
    // One trial in twenty fails; the rest score by a seeded draw.
    const outcome = s.report(job, rng.next() < 0.05 ? null : rng.next());
    outcome.pruned.forEach((id) => pruned.add(id));
    run.tells.push(...s.takeTells());
    if (roundTripEvery > 0 && step % roundTripEvery === 0) {
      s = restoreScheduler(fidelity, JSON.parse(JSON.stringify(s.snapshot())));
    }
  }
  run.tells.push(...s.takeTells());
  if (!s.isFinished()) throw new Error(`${fidelity.type} did not finish: ${inFlight.length} in flight`);
  return run;
}

for (const type of schedulerTypes()) {
  test(`${type}: finishes, tells every trial once, and the budget holds`, (t) => {
    const fidelity = optionsOf(type);
    for (const slots of [1, 3]) {
      const run = drive(fidelity, 20, 7, slots);
      t.is(run.trials, 20, `slots ${slots}`);
      t.deepEqual([...run.tells].sort(), Array.from({ length: 20 }, (_, i) => `t${i + 1}`).sort());
    }
  });

  test(`${type}: same calls, same decisions; a JSON round trip changes nothing`, (t) => {
    const fidelity = optionsOf(type);
    const a = drive(fidelity, 17, 3, 2);
    t.deepEqual(drive(fidelity, 17, 3, 2), a);
    t.deepEqual(drive(fidelity, 17, 3, 2, 2), a);
  });

  test(`${type}: a job's target never exceeds maxEpochs`, (t) => {
    const fidelity = optionsOf(type);
    const run = drive(fidelity, 12, 5, 2);
    t.true(run.jobs.every((j) => Number(j.split('@')[1]) <= fidelity.maxEpochs), run.jobs.join(' '));
  });
}

test('unknown options name their fidelity key', (t) => {
  for (const type of schedulerTypes()) {
    const r = new ConfigReader();
    findScheduler(type)?.readOptions({ type, eta: 1 }, r);
    t.true(r.problems.some((p) => p.startsWith('fidelity.eta:')), `${type}: ${r.problems.join('; ')}`);
  }
  t.throws(() => createScheduler({ type: 'nope', minEpochs: 1, maxEpochs: 1, eta: 3, bracketSize: 1 }, 1), { message: /fidelity\.type: unknown scheduler "nope"; registered: / });
});
