// Every operation the search knows has tfjs layers, and the model built from a graph agrees
// with the pure shape and parameter arithmetic, for every operation, order, merge and head.
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import type { ArchitectureGraph, GraphNode } from '../../contracts/graph';
import { CONV_ORDERS, getOperation, operationNames } from '../../domain/ops';
import { graphCosts } from '../../domain/graph';
import { selectBackend } from '../../trainer/backend';
import { buildModel } from '../../trainer/model/build';
import { layerBuilderOps } from '../../trainer/model/layers/registry';
import { TEST_BACKEND } from './helpers';

test.before(async () => {
  await selectBackend(TEST_BACKEND, { log: () => undefined });
});

test('the tfjs layer registry covers exactly the registered operations', (t) => {
  t.deepEqual([...layerBuilderOps()].sort(), [...operationNames()].sort());
});

const input: GraphNode = { id: 'x', op: 'input', params: {}, inputs: [] };
const stem: GraphNode = { id: 'stem', op: 'conv', params: { filters: 6, kernelSize: 3, strides: 1, activation: 'relu', order: 'conv-act' }, inputs: ['x'] };

/** Every operation with every choice of its categorical parameters (integers at small values), after a stem. */
function singleOpGraphs(): { name: string; graph: ArchitectureGraph }[] {
  const out: { name: string; graph: ArchitectureGraph }[] = [];
  for (const op of operationNames().filter((n) => n !== 'input' && n !== 'head')) {
    const fields = Object.entries(getOperation(op).fields);
    let combos: Record<string, string | number | boolean>[] = [{}];
    for (const [field, spec] of fields) {
      const values = spec.kind === 'choice' ? spec.values : [5];
      combos = combos.flatMap((c) => values.map((v) => ({ ...c, [field]: v })));
    }
    combos.forEach((params, i) => {
      for (const pooling of ['flatten', 'global-avg']) {
        out.push({
          name: `${op} ${JSON.stringify(params)} head ${pooling}`,
          graph: { nodes: [input, stem, { id: `n${i}`, op, params, inputs: ['stem'] }, { id: 'out', op: 'head', params: { pooling }, inputs: [`n${i}`] }] },
        });
      }
    });
  }
  return out;
}

function checkAgainstTfjs(t: import('ava').ExecutionContext, graph: ArchitectureGraph, inputShape: [number, number, number], label: string): void {
  const costs = graphCosts(graph, inputShape, 5);
  const model = buildModel(graph, inputShape, 5, 3);
  try {
    t.is(model.countParams(), costs.params, `${label}: params`);
    t.deepEqual(model.outputs[0].shape, [null, 5], label);
    const y = tf.tidy(() => (model.predict(tf.randomNormal([2, ...inputShape])) as tf.Tensor).shape);
    t.deepEqual(y, [2, 5], label);
    // Each node's tfjs output shape is the computed one.
    for (const node of costs.nodes) {
      const layer = model.layers.find((l) => l.name === node.id);
      if (layer !== undefined && node.op !== 'input') t.deepEqual(layer.outputShape, [null, ...node.output], `${label}: ${node.id}`);
    }
  } finally {
    model.dispose();
  }
}

test.serial('each operation, in every order and with both heads, matches tfjs in parameters and shapes', (t) => {
  const before = tf.memory().numTensors;
  const graphs = singleOpGraphs();
  t.true(graphs.length > 100);
  for (const { name, graph } of graphs) checkAgainstTfjs(t, graph, [9, 7, 2], name);
  t.is(tf.memory().numTensors, before, 'building and disposing leaks no tensor');
  t.true(CONV_ORDERS.length === 3);
});

test.serial('sum and concat merges, a dense tail and zero edges match tfjs', (t) => {
  const c = (id: string, inputs: string[], order: string, filters = 6, extra: Partial<GraphNode> = {}): GraphNode => ({
    id, op: 'conv', params: { filters, kernelSize: 3, strides: 1, activation: 'elu', order }, inputs, ...extra,
  });
  const graph: ArchitectureGraph = {
    nodes: [
      input,
      stem,
      c('a', ['stem'], 'act-conv-bn'),
      c('b', ['a', 'stem'], 'conv-bn-act', 6, { merge: 'sum' }),
      { id: 'z', op: 'zero', params: { strides: 1 }, inputs: ['b'] },
      c('d', ['b', 'a', 'z'], 'conv-act', 4, { merge: 'concat' }),
      { id: 'p', op: 'maxpool', params: { poolSize: 3, strides: 2 }, inputs: ['d'] },
      { id: 'f', op: 'dense', params: { units: 7, activation: 'tanh' }, inputs: ['p'] },
      { id: 'out', op: 'head', params: { pooling: 'flatten' }, inputs: ['f'] },
    ],
  };
  checkAgainstTfjs(t, graph, [9, 7, 2], 'merges');
  checkAgainstTfjs(t, graph, [32, 32, 3], 'merges 32x32x3');
});
