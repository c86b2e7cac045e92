// The determinism and bookkeeping contract every Strategy must honour, as a reusable ava suite.
// A scripted run interleaves asks with out-of-order tells (including failures and pruned
// trials), much like several workers reporting back in whatever order they finish.
import test from 'ava';
import type { Architecture, Observation } from '../../../domain/types';
import type { EpochMetrics } from '../../../contracts/training';
import type { Strategy } from '../../../domain/strategies/strategy';
import type { SearchSpace } from '../../../domain/spaces';
import { canonicalJson as architectureKey } from '../../../domain/json';

export type Op = { ask: string } | { tell: string };

/** A pure stand-in for training: a pseudo-accuracy hashed from the architecture. */
export function fakeScore(arch: Architecture): number {
  let h = 2166136261;
  for (const ch of architectureKey(arch)) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return (h % 10000) / 10000;
}

/** A stand-in parameter count, independent of the score, for multi-objective strategies. */
export function fakeParams(arch: Architecture): number {
  return 1000 + Math.round(fakeScore({ ...arch, type: `${arch.type}/params` }) * 100_000);
}

function fakeCurve(value: number, epochs: number): EpochMetrics[] {
  return Array.from({ length: epochs }, (_, i) => {
    const acc = value * ((i + 1) / epochs);
    return { epoch: i + 1, loss: 1 - acc, accuracy: acc, valLoss: 1 - acc, valAccuracy: acc, seconds: 1 };
  });
}

/**
 * Every 7th trial fails and every 5th is pruned, so both paths run in every contract test.
 * Results carry what the engine tells: final metrics, params, FLOPs and the learning curve.
 */
export function observe(id: string, arch: Architecture): Observation {
  const n = Number(id.slice(1));
  if (n % 7 === 6) return { state: 'failed' };
  const value = fakeScore(arch);
  const epochs = n % 5 === 4 ? 1 : 3;
  const curve = fakeCurve(value, epochs);
  const params = fakeParams(arch);
  return { state: n % 5 === 4 ? 'pruned' : 'complete', value, epochs, metrics: curve[curve.length - 1], params, flops: params * 50, curve };
}

/** Asks t0..t{n-1}; after each odd ask from t3 on, tells the two before the previous one, newest first. */
export function script(n: number): Op[] {
  const ops: Op[] = [];
  for (let i = 0; i < n; i++) {
    ops.push({ ask: `t${i}` });
    if (i >= 3 && i % 2 === 1) ops.push({ tell: `t${i - 2}` }, { tell: `t${i - 3}` });
  }
  const told = new Set(ops.flatMap((op) => ('tell' in op ? [op.tell] : [])));
  for (let i = 0; i < n; i++) if (!told.has(`t${i}`)) ops.push({ tell: `t${i}` });
  return ops;
}

/** Runs `ops`, returning the key of every asked architecture; `asked` carries state across calls. */
export function run(strategy: Strategy, ops: Op[], asked = new Map<string, Architecture>()): string[] {
  const keys: string[] = [];
  for (const op of ops) {
    if ('ask' in op) {
      const arch = strategy.ask(op.ask).architecture;
      asked.set(op.ask, arch);
      keys.push(architectureKey(arch));
    } else {
      const arch = asked.get(op.tell);
      if (arch === undefined) throw new Error(`script tells ${op.tell} before asking it`);
      strategy.tell(op.tell, observe(op.tell, arch));
    }
  }
  return keys;
}

export interface ContractSubject {
  name: string;
  space: SearchSpace;
  create(seed: number): Strategy;
  restore(snapshot: unknown): Strategy;
  /** Trials per scripted run; enough to get past any warm-up phase. */
  trials: number;
  /** True for a strategy that by design ignores its seed (exhaustive enumeration in a fixed order). */
  seedIndependent?: boolean;
  /** A space with fewer networks than `trials`, to check repeats are never silent. */
  tinySpace?: { space: SearchSpace; create(seed: number): Strategy; trials: number };
}

export function strategyContract(s: ContractSubject): void {
  const ops = script(s.trials);

  test(`${s.name}: same seed and tells give the same asks and snapshots`, (t) => {
    const [a, b] = [s.create(42), s.create(42)];
    t.deepEqual(run(a, ops), run(b, ops));
    t.deepEqual(a.snapshot(), b.snapshot());
  });

  if (s.seedIndependent === true) {
    test(`${s.name}: the seed does not change the asks (a fixed order by design)`, (t) => {
      t.deepEqual(run(s.create(1), ops), run(s.create(2), ops));
    });
  } else {
    test(`${s.name}: different seeds give different asks`, (t) => {
      t.notDeepEqual(run(s.create(1), ops), run(s.create(2), ops));
    });
  }

  test(`${s.name}: every ask is valid in the space`, (t) => {
    const strategy = s.create(3);
    const asked = new Map<string, Architecture>();
    run(strategy, ops, asked);
    for (const [id, arch] of asked) t.deepEqual(s.space.validate(arch), [], id);
  });

  test(`${s.name}: no repeated network (canonical hash) among the proposals in a large space`, (t) => {
    const asked = new Map<string, Architecture>();
    run(s.create(4), ops, asked);
    const hashes = [...asked.values()].map((a) => s.space.hash(a));
    t.is(new Set(hashes).size, hashes.length);
  });

  if (s.tinySpace !== undefined) {
    const tiny = s.tinySpace;
    test(`${s.name}: in a space smaller than the budget, every proposal repeating a network says why`, (t) => {
      const strategy = tiny.create(8);
      const seen = new Set<string>();
      let repeats = 0;
      for (let i = 0; i < tiny.trials; i++) {
        const id = `t${i}`;
        const proposal = strategy.ask(id);
        t.deepEqual(tiny.space.validate(proposal.architecture), [], id);
        const hash = tiny.space.hash(proposal.architecture);
        if (seen.has(hash)) {
          repeats++;
          t.true(typeof proposal.repeatReason === 'string' && proposal.repeatReason.length > 0, `${id} repeats a network silently`);
        } else {
          t.is(proposal.repeatReason, undefined, `${id} is new but gives a repeat reason`);
        }
        seen.add(hash);
        strategy.tell(id, observe(id, proposal.architecture));
      }
      t.true(repeats > 0, 'the budget exceeds the space, so some proposal must repeat');
    });
  }

  test(`${s.name}: duplicate outcomes are accepted, with or without the earlier value`, (t) => {
    const strategy = s.create(6);
    const asked = new Map<string, Architecture>();
    run(strategy, ops.slice(0, 12), asked);
    for (const id of ['dup1', 'dup2', 'dup3']) strategy.ask(id);
    t.notThrows(() => strategy.tell('dup1', { state: 'duplicate', duplicateOf: 't0' }));
    t.notThrows(() => strategy.tell('dup2', { state: 'duplicate', duplicateOf: 't1', value: 0.5, epochs: 3 }));
    t.throws(() => strategy.tell('dup3', { state: 'duplicate' } as Observation), { message: /must name the trial it repeats/ });
    const restored = s.restore(JSON.parse(JSON.stringify(strategy.snapshot())));
    t.deepEqual(restored.ask('next').architecture, strategy.ask('next').architecture);
  });

  test(`${s.name}: a JSON round trip mid-run, with trials pending, continues identically`, (t) => {
    for (const cut of [5, Math.floor(ops.length / 2), ops.length - 3]) {
      const original = s.create(7);
      const asked = new Map<string, Architecture>();
      run(original, ops.slice(0, cut), asked);
      const restored = s.restore(JSON.parse(JSON.stringify(original.snapshot())));
      t.deepEqual(restored.snapshot(), original.snapshot(), `snapshot at ${cut}`);
      const rest = ops.slice(cut);
      t.deepEqual(run(restored, rest, new Map(asked)), run(original, rest, asked), `asks after ${cut}`);
      t.deepEqual(restored.snapshot(), original.snapshot(), `final snapshot, cut at ${cut}`);
    }
  });

  test(`${s.name}: snapshots and asked architectures are copies`, (t) => {
    const [a, b] = [s.create(9), s.create(9)];
    const half = ops.slice(0, Math.floor(ops.length / 2));
    run(a, half);
    run(b, half);
    // Any architecture form (a family genotype, a morphism's graph): overwrite a field.
    const snap = a.snapshot() as { trials: { architecture: Record<string, unknown> }[] };
    snap.trials[0].architecture.type = 'garbage';
    const arch = a.ask('extra').architecture;
    b.ask('extra');
    (arch as unknown as Record<string, unknown>).type = 'garbage';
    t.deepEqual(a.snapshot(), b.snapshot());
  });

  test(`${s.name}: tell and ask reject bad calls with precise messages`, (t) => {
    const strategy = s.create(5);
    const arch = strategy.ask('t0').architecture;
    t.throws(() => strategy.ask('t0'), { message: "ask('t0'): trial id was already asked" });
    t.throws(() => strategy.ask(''), { message: 'ask(""): trial id must be a non-empty string' });
    t.throws(() => strategy.tell('nope', { state: 'complete', value: 0.5 }), {
      message: "tell('nope'): unknown trial id; it was never asked",
    });
    const bad: [unknown, string][] = [
      [{ state: 'complete', value: Number.NaN }, 'observation.value must be a finite number, got NaN'],
      [{ state: 'complete', value: Infinity }, 'observation.value must be a finite number, got Infinity'],
      [{ state: 'complete', value: '0.9' }, 'observation.value must be a finite number, got "0.9"'],
      [{ state: 'complete' }, "a 'complete' observation needs a value"],
      [{ state: 'failed', value: 0.1 }, "a 'failed' observation must not carry a value, got 0.1"],
      [{ state: 'done', value: 0.1 }, 'observation.state must be one of complete, pruned, failed, duplicate, got "done"'],
      [{ state: 'pruned', value: 0.1, epochs: -1 }, 'observation.epochs must be a non-negative integer, got -1'],
    ];
    for (const [obs, message] of bad) {
      t.throws(() => strategy.tell('t0', obs as Observation), { message: `tell('t0'): ${message}` });
    }
    // Rejected tells leave no trace: the trial can still be told, exactly once.
    const before = strategy.snapshot();
    strategy.tell('t0', { state: 'complete', value: fakeScore(arch) });
    t.notDeepEqual(strategy.snapshot(), before);
    t.throws(() => strategy.tell('t0', { state: 'complete', value: 0.5 }), {
      message: "tell('t0'): trial was already told (state 'complete')",
    });
  });
}
