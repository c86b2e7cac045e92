// The exhaustive strategy and the enumeration under it: every distinct network exactly once,
// in a fixed order, resumable at an offset; checked against a brute-force walk of the choice
// program written independently here.
import test from 'ava';
import { CellSpace } from '../../domain/spaces/cell';
import { ChainSpace } from '../../domain/spaces/chain';
import { distinctNetworks, nextSequence, type ChoiceValue, type SearchSpace } from '../../domain/spaces';
import { ExhaustiveSearch, createStrategy, restoreStrategy, strategyOptions } from '../../domain/strategies';

/** Every complete answer sequence, by recursion over nextChoice (not the odometer under test). */
function allSequences(space: SearchSpace): ChoiceValue[][] {
  const out: ChoiceValue[][] = [];
  const walk = (prefix: ChoiceValue[]): void => {
    const choice = space.nextChoice(prefix);
    if (choice === undefined) out.push(prefix);
    else for (const option of choice.options) walk([...prefix, option]);
  };
  walk([]);
  return out;
}

// 1 block, 3 operations: small enough to brute-force, and with isomorphic listings (a block's
// two edges commute under the sum) so deduplication has work to do.
const cell: SearchSpace = new CellSpace({ blocks: 1, operations: ['maxpool3', 'identity', 'zero'], initialFilters: 4, stacks: 2, cellsPerStack: 1 });
const tinyChain = new ChainSpace({ maxLayers: 1, operations: ['maxpool', 'avgpool'] });

test('the odometer visits every answer sequence once, in the order of the recursive walk', (t) => {
  const expected = allSequences(cell);
  const visited: ChoiceValue[][] = [];
  for (let seq = nextSequence(cell, undefined); seq !== undefined; seq = nextSequence(cell, seq)) visited.push(seq);
  t.deepEqual(visited, expected);
});

test('distinctNetworks gives each canonical hash once, at its first sequence, and misses none', (t) => {
  const sequences = allSequences(cell);
  const hashes = sequences.map((s) => cell.hash(cell.decode(s)));
  const distinct = [...distinctNetworks(cell)];
  t.true(distinct.length < sequences.length, 'some listings are isomorphic');
  t.is(new Set(distinct.map((n) => n.hash)).size, distinct.length);
  t.deepEqual(new Set(distinct.map((n) => n.hash)), new Set(hashes));
  distinct.forEach((n, i) => {
    t.is(n.index, i);
    t.deepEqual(n.sequence, sequences[hashes.indexOf(n.hash)]);
  });
});

test('exhaustive proposes every distinct network once in enumeration order, then repeats saying why', (t) => {
  const distinct = [...distinctNetworks(cell)];
  const strategy = createStrategy(strategyOptions({ type: 'exhaustive' }), cell, 1);
  for (const [i, n] of distinct.entries()) {
    const proposal = strategy.ask(`t${i}`);
    t.is(cell.hash(proposal.architecture), n.hash);
    t.is(proposal.repeatReason, undefined);
    strategy.tell(`t${i}`, { state: 'complete', value: 0.5 });
  }
  const extra = strategy.ask('extra');
  t.regex(extra.repeatReason ?? '', /exhaustive enumeration is complete/);
  t.deepEqual(cell.validate(extra.architecture), []);
});

test('offset resumes where an earlier piece stopped: pieces cover the space with no overlap', (t) => {
  const distinct = [...distinctNetworks(cell)].map((n) => n.hash);
  const pieces = [0, 7, 20].map((offset, k, all) => {
    const strategy = ExhaustiveSearch.create(cell, offset);
    const size = (all[k + 1] ?? distinct.length) - offset;
    return Array.from({ length: size }, (_, i) => cell.hash(strategy.ask(`t${i}`).architecture));
  });
  t.deepEqual(pieces.flat(), distinct);
});

test('an offset past the end proposes a valid network with a reason', (t) => {
  const strategy = ExhaustiveSearch.create(tinyChain, 100);
  const proposal = strategy.ask('t0');
  t.deepEqual(tinyChain.validate(proposal.architecture), []);
  t.truthy(proposal.repeatReason);
});

test('a restored snapshot continues the enumeration exactly', (t) => {
  const options = strategyOptions({ type: 'exhaustive', offset: 3 });
  const a = createStrategy(options, cell, 1);
  for (let i = 0; i < 5; i++) a.ask(`t${i}`);
  const b = restoreStrategy(options, cell, JSON.parse(JSON.stringify(a.snapshot())));
  for (let i = 5; i < 12; i++) t.deepEqual(b.ask(`t${i}`), a.ask(`t${i}`));
});

test('strategy.offset must be a non-negative whole number, named in the message', (t) => {
  t.throws(() => strategyOptions({ type: 'exhaustive', offset: -1 }), { message: /strategy\.offset/ });
  t.throws(() => strategyOptions({ type: 'exhaustive', offset: 1.5 }), { message: /strategy\.offset/ });
});
