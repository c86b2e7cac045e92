// One fault drill: a real MNIST search on a private dev server with `nas worker` processes,
// while trainers, workers and the server are killed with SIGKILL at moments drawn from a seed.
// The search is started, raised (nas budget) and read (nas status/result) through the nas CLI,
// as a user would. See README.md for what is checked and why.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../domain/rng';
import { rungEpochs } from '../../domain/schedulers/rungs';
import { openArtifactStore } from '../../store';
import { stopDevServer } from '../../infra/temporal/dev-server';
import { TRAINING_FAILURE_ATTEMPTS } from '../../contracts/training-retry';
import { EPOCH_LOG, type EpochRecord } from '../../trainer/epoch-log';
import { checkSearch, passed, type DrillVerdict } from './checks';
import { DrillServer, DrillWorker, freePortPair, killPid, runNas, signalGroup, sleep } from './processes';
import { evaluateCheckpoint } from './reproduce';
import type { SearchResult } from '../../domain/search/types';

export type KillKind = 'trainer' | 'worker' | 'server';
export const KINDS: readonly KillKind[] = ['trainer', 'worker', 'server'];

export interface DrillOptions {
  seed: number;
  /** Kills of each kind. */
  kills: number;
  /** Worker processes (each one training slot); the search's concurrency is this. */
  workers: number;
  trainSize: number;
  validationSize: number;
  maxEpochs: number;
  /** Trials of the search: enough to outlast the kills (default 9 per kill of each kind, plus 6). */
  trials?: number;
  /**
   * Keep the search going with `nas budget` (one raise per two brackets left) until the kills are
   * done, instead of sizing it up front. Off by default: it once made the search
   * nondeterministic, before nas budget waited for a quiet moment (README.md, "Found by the drill").
   */
  raiseBudget: boolean;
  /** Pause before each kill, drawn uniformly from this range (ms). */
  gapMs: [number, number];
  /** Pause before a killed worker or server is started again, drawn from this range (ms). */
  downMs: [number, number];
  /** Keep the drill's NAS home (server db, logs, artifacts) instead of removing it. */
  keep: boolean;
  log: (line: string) => void;
}

export const DEFAULTS: Omit<DrillOptions, 'log'> = {
  seed: 1,
  kills: 10,
  workers: 2,
  // Epochs of a few seconds on one core, so that kills land in the middle of trainings.
  trainSize: 4096,
  validationSize: 512,
  maxEpochs: 4,
  raiseBudget: false,
  gapMs: [4_000, 12_000],
  downMs: [0, 3_000],
  keep: false,
};

export interface DrillReport {
  searchId: string;
  status: string;
  /** Kills that interrupted a training, by kind (server kills always count). */
  kills: Record<KillKind, number>;
  /** Trainer or worker kills that landed after the training had saved its target (tried again). */
  missedKills: number;
  budgetRaises: number;
  verdict: DrillVerdict;
  /** Activity attempts per trial beyond the first, from the attempts logs. */
  retries: number;
  best?: { trialId: string; recorded: number; reproduced: number };
  seconds: number;
  home: string;
  ok: boolean;
  problems: string[];
}

/**
 * A trial's training may crash this often and still succeed: the attempts a crashed trainer
 * gets, less one (a killed worker gets the longer store outage schedule; this bound covers both).
 */
const KILLS_PER_TRIAL = TRAINING_FAILURE_ATTEMPTS - 1;
/** Tries per planned trainer or worker kill to land one in the middle of a training. */
const MAX_KILL_ATTEMPTS = 5;
/** Successive halving keeps the best half of each rung. */
const ETA = 2;

export async function runDrill(o: DrillOptions): Promise<DrillReport> {
  const started = Date.now();
  const rng = new Rng(o.seed);
  const draw = ([lo, hi]: [number, number]) => lo + rng.next() * (hi - lo);
  const home = mkdtempSync(join(tmpdir(), 'nas-drill-'));
  const artifacts = join(home, 'artifacts');
  mkdirSync(join(home, 'logs'), { recursive: true });
  mkdirSync(artifacts, { recursive: true });
  const server = new DrillServer(home, await freePortPair());
  const env: NodeJS.ProcessEnv = { ...process.env, NAS_HOME: home, NAS_ARTIFACTS: artifacts, TEMPORAL_ADDRESS: server.address, NAS_LOG_LEVEL: 'warn' };
  const searchId = `drill-${o.seed}`;
  const kills: Record<KillKind, number> = { trainer: 0, worker: 0, server: 0 };
  const killsOfTrial = new Map<string, number>();
  const problems: string[] = [];
  const workers: DrillWorker[] = [];
  let workerCount = 0;
  const startWorker = async (): Promise<DrillWorker> => {
    const w = new DrillWorker(env, join(home, 'logs', `worker-${++workerCount}.log`), 1);
    workers.push(w);
    await w.polling(120_000);
    return w;
  };

  const trials = o.trials ?? 9 * o.kills + 6;
  let state = { status: 'running', trialsStarted: 0, trialsTotal: trials };
  let killsDone = false;
  let budgetRaises = 0;
  let missedKills = 0;
  try {
    await server.start();
    o.log(`dev server ${server.address} (pid ${server.pid}), home ${home}`);
    await Promise.all(Array.from({ length: o.workers }, () => startWorker()));

    const configFile = join(home, 'drill.json');
    writeFileSync(configFile, JSON.stringify(searchConfig(o, trials), null, 2));
    const start = await runNas(['search', configFile, '--id', searchId, '--detach'], env);
    if (start.code !== 0) throw new Error(`nas search failed (${start.code}): ${start.stderr}`);
    if (/background worker/.test(start.stdout + start.stderr)) throw new Error(`nas search started a worker of its own: ${start.stderr}`);

    // Follows the search (and with raiseBudget keeps it going until the kills are done).
    const bracket = Math.round(Math.pow(ETA, rungEpochs(minEpochs(o), o.maxEpochs, ETA).length - 1));
    const monitor = (async () => {
      while (state.status === 'running') {
        await sleep(2_000);
        const s = await runNas(['status', searchId, '--json'], env, 30_000);
        if (s.code !== 0) continue; // the server or every workflow worker may be down right now
        const report = JSON.parse(s.stdout) as { status: string; progress?: { trialsStarted: number; trialsTotal: number } };
        state = { status: report.status, trialsStarted: report.progress?.trialsStarted ?? 0, trialsTotal: report.progress?.trialsTotal ?? state.trialsTotal };
        // Headroom of three brackets: status may not answer for a while (server or workers down).
        if (o.raiseBudget && !killsDone && state.status === 'running' && state.trialsTotal - state.trialsStarted < 3 * bracket) {
          const raised = await runNas(['budget', searchId, String(state.trialsTotal + 2 * bracket)], env, 30_000);
          if (raised.code === 0) budgetRaises += 1;
        }
      }
    })();

    const plan = shuffled(KINDS.flatMap((k) => Array.from({ length: o.kills }, () => k)), rng);
    for (const kind of plan) {
      await sleep(draw(o.gapMs));
      if (state.status !== 'running') break;
      const down = draw(o.downMs);
      if (kind === 'server') {
        await server.kill();
        kills.server += 1;
        o.log(`kill -9 server (pid ${server.pid}); restart in ${(down / 1000).toFixed(1)} s`);
        await sleep(down);
        await server.start();
      } else {
        // A kill counts once it interrupted a training; one that landed just after the training
        // saved its target epoch (or on a trainer between trainings) is logged and tried again.
        let interrupted = false;
        for (let attempt = 1; attempt <= MAX_KILL_ATTEMPTS && !interrupted; attempt++) {
          const victim = await chooseVictim(kind, workers.filter((w) => w.alive), artifacts, searchId, killsOfTrial, rng);
          if (victim === undefined) {
            problems.push(`no ${kind} in training to kill within a minute`);
            break;
          }
          for (const { trialId } of victim.calls) killsOfTrial.set(trialId, (killsOfTrial.get(trialId) ?? 0) + 1);
          const trials = victim.calls.map((c) => c.trialId).join(', ');
          if (kind === 'trainer') killPid(victim.pid);
          else signalGroup(victim.pid, 'SIGKILL');
          interrupted = await interruptedAny(victim, artifacts, searchId);
          if (interrupted) kills[kind] += 1;
          else missedKills += 1;
          const note = interrupted ? '' : ': it had already saved its target epoch, not counted';
          if (kind === 'trainer') {
            o.log(`kill -9 trainer ${victim.pid} (${trials})${note}`);
          } else {
            o.log(`kill -9 worker ${victim.pid} with its trainers (${trials})${note}; new worker in ${(down / 1000).toFixed(1)} s`);
            await sleep(down);
            await startWorker();
          }
        }
      }
    }
    killsDone = true;
    o.log(`kills done (${KINDS.map((k) => `${k} ${kills[k]}`).join(', ')}); waiting for the search to finish`);
    const deadline = Date.now() + 10 * 60_000;
    while (state.status === 'running' && Date.now() < deadline) await sleep(1_000);
    if (state.status === 'running') throw new Error(`search ${searchId} still running 10 min after the last kill (stuck? see the worker logs in ${home}/logs, kept with --keep)`);
    await monitor.catch(() => undefined);

    const got = await runNas(['result', searchId, '--json'], env, 120_000);
    if (got.code !== 0) throw new Error(`nas result failed (${got.code}): ${got.stderr}`);
    const result = JSON.parse(got.stdout) as SearchResult;
    const store = openArtifactStore(artifacts);
    const logs = new Map<string, EpochRecord[]>();
    let retries = 0;
    for (const t of result.trials) {
      logs.set(t.trialId, (await store.readRecords(searchId, t.trialId, EPOCH_LOG)) as EpochRecord[]);
      const attempts = (await store.readRecords(searchId, t.trialId, 'attempts')) as { attempt: number }[];
      retries += attempts.filter((a) => a.attempt > 1).length;
    }
    const verdict = checkSearch(result.trials, logs);

    let best: DrillReport['best'];
    if (result.best) {
      const trial = result.trials.find((t) => t.trialId === result.best!.trialId);
      if (trial?.checkpoint) {
        // The seed only initialises weights, which the checkpoint replaces.
        const again = await evaluateCheckpoint(artifacts, trial.checkpoint, result.best.graph, { ...result.config.dataset, splitSeed: result.config.seed }, result.config.training, 0);
        best = { trialId: trial.trialId, recorded: result.best.metrics.valAccuracy, reproduced: again.valAccuracy };
      }
    }

    if (result.status !== 'completed') problems.push(`search ended ${result.status}`);
    for (const k of KINDS) if (kills[k] < o.kills) problems.push(`only ${kills[k]} of ${o.kills} ${k} kills happened before the search ended`);
    if (!passed(verdict)) problems.push(describeFailures(verdict));
    if (best === undefined) problems.push('no best trial with a checkpoint');
    else if (Math.abs(best.recorded - best.reproduced) > 1e-6) problems.push(`best ${best.trialId}: recorded val accuracy ${best.recorded}, its checkpoint gives ${best.reproduced}`);
    return { searchId, status: result.status, kills, missedKills, budgetRaises, verdict, retries, best, seconds: (Date.now() - started) / 1000, home, ok: problems.length === 0, problems };
  } finally {
    killsDone = true;
    state.status = state.status === 'running' ? 'aborted' : state.status;
    for (const w of workers) signalGroup(w.pid, 'SIGKILL');
    await stopDevServer({ dataDir: home, graceMs: 5_000 }).catch(() => undefined);
    if (!o.keep) rmSync(home, { recursive: true, force: true });
  }
}

/** Rungs of 1/4, 1/2 and all of maxEpochs (fewer for small maxEpochs). */
function minEpochs(o: DrillOptions): number {
  return Math.max(1, Math.floor(o.maxEpochs / 4));
}

function searchConfig(o: DrillOptions, trials: number): unknown {
  return {
    dataset: { name: 'mnist', trainSize: o.trainSize, validationSize: o.validationSize },
    space: { type: 'chain', maxLayers: 3, filters: [8, 16], units: [32, 64] },
    strategy: { type: 'random' },
    fidelity: { type: 'successive-halving', minEpochs: minEpochs(o), maxEpochs: o.maxEpochs, eta: ETA },
    training: { batchSize: 64, learningRate: 0.002, optimizer: 'adam', backend: 'auto' },
    budget: { trials },
    concurrency: o.workers,
    seed: o.seed,
  };
}

/** One train() call in progress, as its epoch log shows it. */
interface Call {
  trialId: string;
  call: string;
  target: number;
}

interface Victim {
  pid: number;
  calls: Call[];
}

/**
 * What each trainer process is training now: its newest epoch record over all trials, unless
 * that record is the save of its call's target. Trainer processes are pooled and reused, so an
 * older call's record (one that ended without saving, e.g. cancelled) must not speak for them.
 */
async function trainingNow(artifacts: string, searchId: string): Promise<Map<number, Call>> {
  const store = openArtifactStore(artifacts);
  const newest = new Map<number, { trialId: string; record: EpochRecord }>();
  for (const trialId of await store.listTrials(searchId).catch(() => [] as string[])) {
    for (const record of (await store.readRecords(searchId, trialId, EPOCH_LOG).catch(() => [])) as EpochRecord[]) {
      const seen = newest.get(record.pid);
      if (seen === undefined || seen.record.at <= record.at) newest.set(record.pid, { trialId, record });
    }
  }
  const out = new Map<number, Call>();
  for (const [pid, { trialId, record }] of newest) {
    if (!(record.event === 'saved' && record.epoch === record.target)) out.set(pid, { trialId, call: record.call, target: record.target });
  }
  return out;
}

/**
 * A trainer in the middle of a training, or a worker with such trainers, whose trials can take
 * one more crash within their retry budget: the drill tests recovery, not the retry limit.
 * Waits up to a minute.
 */
async function chooseVictim(kind: 'trainer' | 'worker', workers: DrillWorker[], artifacts: string, searchId: string, killsOfTrial: Map<string, number>, rng: Rng): Promise<Victim | undefined> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const training = await trainingNow(artifacts, searchId);
    const spare = (call: Call) => (killsOfTrial.get(call.trialId) ?? 0) < KILLS_PER_TRIAL;
    const candidates: Victim[] = [];
    for (const w of workers) {
      const calls = w.trainers().flatMap((pid) => (training.has(pid) ? [{ pid, call: training.get(pid)! }] : []));
      if (kind === 'trainer') {
        for (const { pid, call } of calls) if (spare(call)) candidates.push({ pid, calls: [call] });
      } else if (calls.length > 0 && calls.every(({ call }) => spare(call))) {
        candidates.push({ pid: w.pid, calls: calls.map(({ call }) => call) });
      }
    }
    if (candidates.length > 0) return candidates[rng.int(candidates.length)];
    await sleep(250);
  }
  return undefined;
}

/** After the kill: did one of the victim's calls end without saving its target epoch? */
async function interruptedAny(victim: Victim, artifacts: string, searchId: string): Promise<boolean> {
  // A record the victim was writing when it died is either complete in the log or absent.
  await sleep(200);
  const store = openArtifactStore(artifacts);
  for (const { trialId, call, target } of victim.calls) {
    const records = (await store.readRecords(searchId, trialId, EPOCH_LOG).catch(() => [])) as EpochRecord[];
    if (!records.some((r) => r.call === call && r.event === 'saved' && r.epoch === target)) return true;
  }
  return false;
}

function shuffled<T>(items: T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function describeFailures(v: DrillVerdict): string {
  const parts: string[] = [];
  if (v.duplicateIds.length) parts.push(`trials listed twice: ${v.duplicateIds.join(', ')}`);
  if (v.notFinal.length) parts.push(`trials without a final status: ${v.notFinal.join(', ')}`);
  if (v.lost.length) parts.push(`trials failed: ${v.lost.join(', ')}`);
  if (v.retrained.length) parts.push(`finished epochs trained again: ${v.retrained.map((r) => `${r.trialId}@${r.epoch}`).join(', ')}`);
  if (v.notResumed.length) parts.push(`not resumed from the newest checkpoint: ${v.notResumed.map((r) => `${r.trialId} from ${r.from} (newest ${r.newest})`).join(', ')}`);
  if (v.epochMismatch.length) parts.push(`epochs reported vs logged: ${v.epochMismatch.map((r) => `${r.trialId} ${r.reported}/${r.logged}`).join(', ')}`);
  return parts.join('; ');
}
