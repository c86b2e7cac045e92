// The template family's networks: the shipped example template (configs/custom-template.json)
// under hundreds of seeded samples and mutations, the meaning of optional nodes, conditions,
// refs and input choices, and rejection of draws whose shapes do not fit.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSearchConfig } from '../../domain/config/validate';
import { createSpace, type SearchSpace } from '../../domain/spaces';
import { TemplateSpace, parseTemplate, type TemplateArchitecture } from '../../domain/spaces/template';
import { NOMINAL_INPUTS } from '../../domain/spaces/choice-space';
import { graphHash, validateGraph } from '../../domain/graph';
import { createStrategy } from '../../domain/strategies';
import { Rng } from '../../domain/rng';
import type { ChoiceValue } from '../../domain/spaces/choices';
import { fakeScore } from './helpers/strategy-contract';

const EXAMPLE = resolve(__dirname, '..', '..', '..', 'configs', 'custom-template.json');
const example = createSpace(parseSearchConfig(JSON.parse(readFileSync(EXAMPLE, 'utf8'))).space) as TemplateSpace;

function templateSpace(nodes: unknown[], defaults: Record<string, unknown> = { activation: 'relu', order: 'conv-act', strides: 1 }): TemplateSpace {
  const problems: string[] = [];
  const { template } = parseTemplate({ type: 'template', defaults, nodes }, problems);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return new TemplateSpace(template);
}

function graphProblems(space: SearchSpace<TemplateArchitecture>, arch: TemplateArchitecture): string[] {
  const graph = space.compile(arch);
  return NOMINAL_INPUTS.flatMap((shapes) => validateGraph(graph, shapes));
}

test('example template: 500 samples and 500 mutations are valid, compile, and encode/decode to the same network', (t) => {
  const rng = new Rng(11);
  const samples = Array.from({ length: 500 }, () => example.sample(rng));
  const mutants: TemplateArchitecture[] = [];
  let parent = samples[0];
  for (let i = 0; i < 500; i++) {
    const child = example.mutate(parent, rng);
    t.not(example.hash(child), example.hash(parent), `mutation ${i} left the network unchanged`);
    mutants.push(child);
    // Walk on from the child mostly, restart from a sample sometimes: long and short lineages.
    parent = i % 10 === 9 ? samples[i] : child;
  }
  for (const arch of [...samples, ...mutants]) {
    t.deepEqual(example.validate(arch), [], example.describe(arch));
    t.deepEqual(graphProblems(example, arch), []);
    const decoded = example.decode(example.encode(arch));
    t.deepEqual(decoded, arch);
    t.is(example.hash(decoded), example.hash(arch));
    t.is(example.hash(JSON.parse(JSON.stringify(arch)) as TemplateArchitecture), graphHash(example.compile(arch)));
  }
  // Every choice's every option occurs, so nothing in the template is dead.
  const seen = new Map<string, Set<ChoiceValue>>();
  for (const arch of samples) for (const [k, v] of Object.entries(arch.choices)) seen.set(k, (seen.get(k) ?? new Set()).add(v));
  const observed = Object.fromEntries([...seen].map(([k, vs]) => [k, [...vs].map(String).sort()]));
  t.deepEqual(observed, {
    'stem.filters': ['16', '8'],
    'down.op': ['conv', 'maxpool'],
    'b1.op': ['conv', 'dilconv', 'sepconv'],
    'b1.kernelSize': ['3', '5'],
    'b2.enabled': ['false', 'true'],
    'add.inputs': ['b2', 'down+b2'],
    'add.merge': ['concat', 'sum'],
    'wide.filters': ['16', '32'],
    'head.pooling': ['flatten', 'global-avg'],
  });
});

test('example template: sampling is reproducible, neighbours are valid distinct networks, nextChoice walks the program', (t) => {
  const a = Array.from({ length: 20 }, ((rng) => () => example.sample(rng))(new Rng(3)));
  const b = Array.from({ length: 20 }, ((rng) => () => example.sample(rng))(new Rng(3)));
  t.deepEqual(a, b);
  for (const arch of a.slice(0, 5)) {
    const neighbours = example.neighbours(arch);
    t.true(neighbours.length > 3);
    const hashes = new Set(neighbours.map((n) => example.hash(n)));
    t.is(hashes.size, neighbours.length);
    t.false(hashes.has(example.hash(arch)));
    for (const n of neighbours) t.deepEqual(example.validate(n), []);
    // A tree search builds the same network choice by choice.
    const values = example.encode(arch);
    const prefix: ChoiceValue[] = [];
    for (const value of values) {
      const choice = example.nextChoice(prefix);
      t.truthy(choice);
      t.true(choice!.options.includes(value));
      prefix.push(value);
    }
    t.is(example.nextChoice(prefix), undefined);
  }
});

test('example template: random search and evolution propose valid networks only', (t) => {
  for (const spec of [{ type: 'random' as const }, { type: 'evolution' as const, populationSize: 6, sampleSize: 2 }]) {
    const strategy = createStrategy(spec, example, 4);
    for (let i = 0; i < 40; i++) {
      const { architecture } = strategy.ask(`t${i}`);
      t.deepEqual(example.validate(architecture), [], `${spec.type} t${i}`);
      strategy.tell(`t${i}`, { state: 'complete', value: fakeScore(architecture), epochs: 1 });
    }
  }
});

const convNode = (id: string, extra: Record<string, unknown> = {}) => ({ id, op: 'conv', params: { filters: 8, kernelSize: 3 }, ...extra });
const head = { id: 'head', op: 'head', params: { pooling: 'flatten' } };
const decodeAll = (space: TemplateSpace): TemplateArchitecture[] => {
  // Every network of a small space, by walking every answer sequence.
  const out: TemplateArchitecture[] = [];
  const walk = (prefix: ChoiceValue[]): void => {
    const choice = space.nextChoice(prefix);
    if (choice === undefined) out.push(space.decode(prefix));
    else for (const o of choice.options) walk([...prefix, o]);
  };
  walk([]);
  return out;
};

test('template: a disabled optional node passes its first input through, and inputs that collapse are taken once', (t) => {
  const space = templateSpace([
    convNode('c1'),
    convNode('c2', { optional: true }),
    { id: 'add', op: 'identity', inputs: ['c1', 'c2'], merge: 'sum' },
    head,
  ]);
  const on = space.decode([true]);
  const off = space.decode([false]);
  t.deepEqual(on.choices, { 'c2.enabled': true });
  t.deepEqual(space.compile(on).nodes.map((n) => [n.id, n.inputs.join('+'), n.merge ?? '']), [
    ['input', '', ''],
    ['c1', 'input', ''],
    ['c2', 'c1', ''],
    ['add', 'c1+c2', 'sum'],
    ['head', 'add', ''],
  ]);
  t.deepEqual(space.compile(off).nodes.map((n) => [n.id, n.inputs.join('+'), n.merge ?? '']), [
    ['input', '', ''],
    ['c1', 'input', ''],
    ['add', 'c1', ''],
    ['head', 'add', ''],
  ]);
  t.is(space.describe(on), 'c1:conv3x3-8-relu > c2:conv3x3-8-relu > add:identity[sum c1,c2] > head');
});

test('template: conditions decide which nodes and param cases exist, refs tie values without a choice', (t) => {
  const space = templateSpace([
    convNode('c1', { op: { choice: ['conv', 'sepconv'] }, params: { filters: { choice: [8, 16] }, kernelSize: 3 } }),
    convNode('c2', { when: { 'c1.op': 'conv' }, params: { filters: { ref: 'c1.filters' }, kernelSize: [{ when: { 'c1.filters': 16 }, choice: [5, 7] }, 1] } }),
    head,
  ]);
  const all = decodeAll(space);
  const lines = all.map((a) => space.describe(a)).sort();
  t.deepEqual(lines, [
    'c1:conv3x3-16-relu > c2:conv5x5-16-relu > head',
    'c1:conv3x3-16-relu > c2:conv7x7-16-relu > head',
    'c1:conv3x3-8-relu > c2:conv1x1-8-relu > head',
    'c1:sepconv3x3-16-relu > head',
    'c1:sepconv3x3-8-relu > head',
  ]);
  t.deepEqual(all.map((a) => Object.keys(a.choices).join(',')).sort(), [
    'c1.op,c1.filters',
    'c1.op,c1.filters',
    'c1.op,c1.filters',
    'c1.op,c1.filters,c2.kernelSize',
    'c1.op,c1.filters,c2.kernelSize',
  ]);
});

test('template: an op choice offers each op only the param values it allows', (t) => {
  const space = templateSpace([convNode('c1', { op: { choice: ['conv', 'sepconv'] }, params: { filters: 8, kernelSize: { choice: [1, 3] } } }), head]);
  t.deepEqual(space.nextChoice(['conv']), { key: 'c1.kernelSize', options: [1, 3] });
  t.deepEqual(space.nextChoice(['sepconv']), { key: 'c1.kernelSize', options: [3] });
});

test('template: nodes no present node uses are dropped; an input choice picks among lists', (t) => {
  const space = templateSpace([
    convNode('a'),
    convNode('b', { inputs: ['input'] }),
    { id: 'join', op: 'identity', inputs: { choice: [['a'], ['a', 'b']] }, merge: { choice: ['sum', 'concat'] } },
    head,
  ]);
  t.deepEqual(space.nextChoice([]), { key: 'join.inputs', options: ['a', 'a+b'] });
  t.deepEqual(space.compile(space.decode(['a'])).nodes.map((n) => n.id), ['input', 'a', 'join', 'head']);
  t.deepEqual(space.compile(space.decode(['a+b', 'concat'])).nodes.map((n) => n.id), ['input', 'a', 'b', 'join', 'head']);
  t.is(space.describe(space.decode(['a+b', 'concat'])), 'a:conv3x3-8-relu > b:conv3x3-8-relu[input] > join:identity[concat a,b] > head');
});

test('template: draws whose shapes do not fit are rejected deterministically by sample, mutate and neighbours', (t) => {
  // A sum of two independently chosen widths: half of the draws mismatch.
  const space = templateSpace([
    convNode('a', { params: { filters: { choice: [8, 16] }, kernelSize: 3 } }),
    convNode('b', { params: { filters: { choice: [8, 16] }, kernelSize: { choice: [3, 5] } } }),
    { id: 'add', op: 'identity', inputs: ['a', 'b'], merge: 'sum' },
    head,
  ]);
  const all = decodeAll(space);
  t.is(all.length, 8);
  t.is(all.filter((a) => space.networkProblems(a).length > 0).length, 4);
  t.regex(space.networkProblems(space.decode([8, 16, 3]))[0], /^for input \[28,28,1\]: node 'add' \(identity\): a sum merge needs inputs of equal shape/);
  const rng = new Rng(5);
  const drawn = Array.from({ length: 100 }, () => space.sample(rng));
  t.true(drawn.every((a) => a.choices['a.filters'] === a.choices['b.filters']));
  t.deepEqual(drawn.slice(0, 10), ((r) => Array.from({ length: 10 }, () => space.sample(r)))(new Rng(5)));
  for (const a of drawn.slice(0, 20)) {
    const m = space.mutate(a, rng);
    t.deepEqual(space.validate(m), []);
    t.deepEqual(space.neighbours(a).map((n) => space.networkProblems(n)), [[]]);
  }
});
