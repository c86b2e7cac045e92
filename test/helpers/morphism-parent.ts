// The small conv > maxpool > dense network the morphism inheritance tests train as a parent
// (fast on 28x28 MNIST: a strided conv and a pool before the dense layer).
import type { ArchitectureGraph } from '../../contracts/graph';

export const MORPHISM_TEST_PARENT: ArchitectureGraph = {
  nodes: [
    { id: 'input', op: 'input', params: {}, inputs: [] },
    { id: 'n1', op: 'conv', params: { filters: 4, kernelSize: 3, strides: 2, activation: 'relu', order: 'conv-act' }, inputs: ['input'] },
    { id: 'n2', op: 'maxpool', params: { poolSize: 2, strides: 2 }, inputs: ['n1'] },
    { id: 'n3', op: 'dense', params: { units: 16, activation: 'relu' }, inputs: ['n2'] },
    { id: 'head', op: 'head', params: { pooling: 'flatten' }, inputs: ['n3'] },
  ],
};
