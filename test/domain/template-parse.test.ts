// The template family's config reading: what a template may say, and for each mistake a message
// that names its path and what would fix it.
import test from 'ava';
import { parseSearchConfig } from '../../domain/config/validate';
import { ConfigError } from '../../domain/config/errors';

type Node = Record<string, unknown>;

const conv = (id: string, extra: Node = {}): Node => ({ id, op: 'conv', params: { filters: 8, kernelSize: 3 }, ...extra });
const head: Node = { id: 'head', op: 'head', params: { pooling: 'global-avg' } };
const DEFAULTS = { activation: 'relu', order: 'conv-act', strides: 1 };

function space(nodes: Node[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'template', defaults: DEFAULTS, nodes, ...extra };
}

function problemsOf(spaceSection: unknown): string[] {
  try {
    parseSearchConfig({ space: spaceSection });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

test('template: a valid template reads with its defaults filled in, and reads again to itself', (t) => {
  const config = parseSearchConfig({
    space: space([conv('c1', { params: { filters: { range: [8, 24, 8] }, kernelSize: { choice: [3, 5] } } }), conv('c2', { optional: true }), head]),
  });
  t.deepEqual(config.space, {
    type: 'template',
    nodes: [
      { id: 'c1', op: 'conv', inputs: ['input'], params: { filters: { range: [8, 24, 8] }, kernelSize: { choice: [3, 5] }, strides: 1, activation: 'relu', order: 'conv-act' } },
      { id: 'c2', op: 'conv', inputs: ['c1'], optional: true, params: { filters: 8, kernelSize: 3, strides: 1, activation: 'relu', order: 'conv-act' } },
      { id: 'head', op: 'head', inputs: ['c2'], params: { pooling: 'global-avg' } },
    ],
  });
  t.deepEqual(parseSearchConfig(JSON.parse(JSON.stringify(config))), config);
});

const P = 'space.nodes';
/** [what, the space section, a problem expected verbatim or as a pattern]. */
const CASES: [string, unknown, string | RegExp][] = [
  ['no nodes', { type: 'template' }, /^space\.nodes: must be a non-empty list of nodes, the last one the classifier/],
  ['unknown space key', space([head], { layers: 3 }), 'space.layers: unknown key; allowed keys in space for type "template": type, nodes, defaults'],
  ['unknown node key', space([conv('c1', { kind: 'x' }), head]), `${P}[0].kind: unknown key; allowed keys of a node: id, op, inputs, merge, optional, when, params`],
  ['bad id', space([conv('c-1'), head]), `${P}[0].id: must be 1-64 letters, digits or '_' (it names the node's layers), got "c-1"`],
  ['reserved id', space([conv('input'), head]), `${P}[0].id: "input" is the images' node; name this node otherwise`],
  ['repeated id', space([conv('c1'), conv('c1'), head]), `${P}[1].id: "c1" is also the id of space.nodes[0]; ids must be unique`],
  ['unknown op', space([{ id: 'c1', op: 'lstm' }, head]), /^space\.nodes\[0\]\.op: unknown operation: "lstm"; operations: conv, sepconv, dilconv/],
  ['unknown op in a choice', space([conv('c1', { op: { choice: ['conv', 'gru'] } }), head]), /^space\.nodes\[0\]\.op\.choice\[1\]: unknown operation: "gru"/],
  ['head before the end', space([{ id: 'h', op: 'head', params: { pooling: 'flatten' } }, head]), /^space\.nodes\[0\]\.op: only the last node is the head: "head"/],
  ['last node not a head', space([conv('c1')]), /^space\.nodes\[0\]\.op: the last node is the classifier: its op must be "head"/],
  ['empty choice', space([conv('c1', { op: { choice: [] } }), head]), `${P}[0].op.choice: must be a non-empty list, got []`],
  ['repeated option', space([conv('c1', { params: { filters: { choice: [8, 8] }, kernelSize: 3 } }), head]), `${P}[0].params.filters.choice: must not repeat an option, got [8,8]`],
  ['unknown param', space([conv('c1', { params: { filters: 8, kernelSize: 3, units: 64 } }), head]), /^space\.nodes\[0\]\.params\.units: not a parameter of "conv" \(conv: filters, kernelSize, strides, activation, order\)$/],
  ['missing param', space([{ id: 'c1', op: 'conv', params: { filters: 8 } }, head]), `${P}[0].params.kernelSize: missing (square kernel size) for op "conv"; give it here or in space.defaults`],
  ['value an op refuses', space([conv('c1', { params: { filters: 8, kernelSize: 4 } }), head]), `${P}[0].params.kernelSize: 4 is not allowed by op "conv" (kernelSize: one of 1, 3, 5, 7)`],
  ['integer out of range', space([conv('c1', { params: { filters: 5000, kernelSize: 3 } }), head]), `${P}[0].params.filters: 5000 is not allowed by op "conv" (filters: an integer between 1 and 4096)`],
  [
    'choice value no op of the node allows',
    space([conv('c1', { op: { choice: ['conv', 'sepconv'] }, params: { filters: 8, kernelSize: { choice: [3, 9] } } }), head]),
    `${P}[0].params.kernelSize.choice: 9 is allowed by none of "conv", "sepconv" (kernelSize: one of 1, 3, 5, 7)`,
  ],
  [
    'choice one op of the node cannot take',
    space([conv('c1', { op: { choice: ['conv', 'sepconv'] }, params: { filters: 8, kernelSize: { choice: [1] } } }), head]),
    `${P}[0].params.kernelSize.choice: none of 1 is allowed by op "sepconv" (kernelSize: one of 3, 5, 7)`,
  ],
  ['range min above max', space([conv('c1', { params: { filters: { range: [32, 8] }, kernelSize: 3 } }), head]), `${P}[0].params.filters.range: min 32 is above max 8`],
  ['range step below 1', space([conv('c1', { params: { filters: { range: [8, 32, 0] }, kernelSize: 3 } }), head]), `${P}[0].params.filters.range: step must be at least 1, got 0`],
  ['range not integers', space([conv('c1', { params: { filters: { range: [8, 'x'] }, kernelSize: 3 } }), head]), /^space\.nodes\[0\]\.params\.filters\.range: must be \[min, max\] or \[min, max, step\] of integers/],
  ['range too long', space([conv('c1', { params: { filters: { range: [1, 4000] }, kernelSize: 3 } }), head]), /^space\.nodes\[0\]\.params\.filters\.range: gives 4000 options, at most 256/],
  ['two sources in a case', space([conv('c1', { params: { filters: { choice: [8], value: 8 }, kernelSize: 3 } }), head]), `${P}[0].params.filters: must have exactly one of "value", "choice", "range", "ref", got value, choice`],
  ['input listed later', space([conv('c1', { inputs: ['c2'] }), conv('c2'), head]), `${P}[0].inputs[0]: "c2" is space.nodes[1], listed later; a node's inputs must be listed before it`],
  ['input unknown', space([conv('c1'), conv('c2', { inputs: ['c9'] }), head]), `${P}[1].inputs[0]: no node has id "c9"; earlier nodes: "input", "c1"`],
  ['own input', space([conv('c1', { inputs: ['c1'] }), head]), `${P}[0].inputs[0]: a node cannot take its own output ("c1")`],
  ['merge missing', space([conv('c1'), conv('c2'), { id: 'add', op: 'identity', inputs: ['c1', 'c2'] }, head]), `${P}[2].merge: required: this node may take two or more inputs; one of "sum", "concat" or {"choice": ["sum", "concat"]}`],
  ['merge with one input', space([conv('c1', { merge: 'sum' }), head]), `${P}[0].merge: only meaningful when the node may take two or more inputs; remove it`],
  ['unused node', space([conv('c1'), conv('c2', { inputs: ['input'] }), head]), `${P}[0]: no later node takes "c1" as an input, so it can never reach the head; list it in a later node's inputs or remove it`],
  ['condition on an unknown key', space([conv('c1'), conv('c2', { when: { 'c1.filters': 8 } }), head]), `${P}[1].when.c1.filters: "c1.filters" is no earlier choice; conditions name choices asked before this point: (none yet)`],
  [
    'condition on a later key',
    space([conv('c1', { when: { 'c2.op': 'conv' } }), conv('c2', { op: { choice: ['conv', 'sepconv'] } }), head]),
    `${P}[0].when.c2.op: "c2.op" is no earlier choice; conditions name choices asked before this point: (none yet)`,
  ],
  [
    'condition that can never hold',
    space([conv('c1', { op: { choice: ['conv', 'sepconv'] } }), conv('c2', { when: { 'c1.op': 'dense' } }), head]),
    `${P}[1].when.c1.op: "dense" can never hold: c1.op is one of "conv", "sepconv"`,
  ],
  ['ref to an unknown choice', space([conv('c1', { params: { filters: { ref: 'c0.filters' }, kernelSize: 3 } }), head]), /^space\.nodes\[0\]\.params\.filters\.ref: must name an earlier choice/],
  [
    'ref whose values the op refuses',
    space([conv('c1', { params: { filters: 8, kernelSize: { choice: [1, 3] } } }), conv('c2', { op: 'sepconv', params: { filters: 8, kernelSize: { ref: 'c1.kernelSize' } } }), head]),
    `${P}[1].params.kernelSize.ref: c1.kernelSize may be 1, which op "sepconv" does not allow (kernelSize: one of 3, 5, 7)`,
  ],
  [
    'ref to an optional node in the last case',
    space([conv('c1', { optional: true, params: { filters: { choice: [8, 16] }, kernelSize: 3 } }), conv('c2', { params: { filters: { ref: 'c1.filters' }, kernelSize: 3 } }), head]),
    /^space\.nodes\[1\]\.params\.filters: the param refs "c1\.filters", which some networks do not choose/,
  ],
  ['param with when alone', space([conv('c1', { optional: true }), conv('c2', { params: { filters: { value: 8, when: { 'c1.enabled': true } }, kernelSize: 3 } }), head]), /^space\.nodes\[1\]\.params\.filters: a param with "when" needs a value for when it does not hold/],
  [
    'case list not ending unconditionally',
    space([conv('c1', { optional: true }), conv('c2', { params: { filters: [{ value: 8, when: { 'c1.enabled': true } }, { value: 16, when: { 'c1.enabled': false } }], kernelSize: 3 } }), head]),
    `${P}[1].params.filters[1]: the last case must have no "when": it applies when no earlier case does`,
  ],
  ['optional head', space([conv('c1'), { ...head, optional: true }]), `${P}[1].optional: the head is always there; remove optional`],
  ['unknown default', space([conv('c1'), head], { defaults: { ...DEFAULTS, filterz: 8 } }), /^space\.defaults\.filterz: not a parameter of any operation; parameters: /],
  [
    'a bad default names the default and the node using it',
    space([conv('c1'), head], { defaults: { ...DEFAULTS, activation: 'swish' } }),
    /^space\.defaults\.activation \(for space\.nodes\[0\] "c1"\): "swish" is not allowed by op "conv" \(activation: one of "relu"/,
  ],
];

for (const [what, section, expected] of CASES) {
  test(`template refuses: ${what}`, (t) => {
    const problems = problemsOf(section);
    const found = problems.some((p) => (typeof expected === 'string' ? p === expected : expected.test(p)));
    t.true(found, `expected ${String(expected)}\ngot:\n${problems.join('\n')}`);
  });
}

test('template refuses a template whose draws are mostly invalid, naming the rule they break', (t) => {
  // Summing 8 or 16 channels with 8 or 16 channels: half of the draws mismatch, and with the
  // dense layer in front of a convolution every draw is invalid.
  const problems = problemsOf(
    space([
      { id: 'd', op: 'dense', params: { units: 16 } },
      conv('c1', { params: { filters: { choice: [8, 16] }, kernelSize: 3 } }),
      head,
    ]),
  );
  t.is(problems.length, 1, problems.join('\n'));
  t.regex(problems[0], /^space\.nodes: only 0 of 64 seeded draws give a valid network \(at least 8 are needed\); most fail for input \[28,28,1\]: node 'c1' \(conv\): needs a spatial/);
});
