// An example of a search-space family written as a TypeScript module of your own, loaded by
// path (README, "Your own spaces"): small residual networks. The config names it with
//   "space": { "type": "tiny-resnet", "module": "../dist/examples/spaces/tiny-resnet.js", "stages": 2 }
// and the workers that run the search workflow load it with
//   nas worker --space-module dist/examples/spaces/tiny-resnet.js
//
// A network is a stem convolution, then `stages` stages of residual blocks; every stage after
// the first halves the resolution with a strided convolution. The search chooses each stage's
// width (never narrower than the stage before), its number of blocks, and each block's kernel
// size and depth (one or two convolutions before the residual sum).
//
// The module runs inside Temporal's workflow sandbox, so it must be pure and deterministic: no
// I/O, no Node built-ins, no clocks, no randomness of its own (the space gets a seeded Rng).
import type { ArchitectureGraph, GraphNode } from '../../contracts/graph';
import type { ConfigReader, Json } from '../../domain/config/reader';
import { ChoiceSpace, type ChoiceProgram, type ChoiceValue, type SpaceFamily } from '../../domain/spaces';

/** The family's options, every default filled in: JSON, as it appears in the validated config. */
export interface TinyResNetOptions {
  type: 'tiny-resnet';
  stages: number;
  maxBlocks: number;
  widths: number[];
  kernelSizes: number[];
  [key: string]: unknown;
}

/** A network of the family (its genotype): plain JSON tagged with the family's type. */
export interface TinyResNet {
  type: 'tiny-resnet';
  stages: { filters: number; blocks: { kernelSize: number; convs: 1 | 2 }[] }[];
}

const KEYS = ['type', 'stages', 'maxBlocks', 'widths', 'kernelSizes'];
const CONV_KERNELS = [1, 3, 5, 7];

function readOptions(section: Json, r: ConfigReader): TinyResNetOptions {
  r.unknownKeys(section, KEYS, 'space');
  const positive = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 512;
  return {
    type: 'tiny-resnet',
    stages: r.int(section, 'stages', 'space.stages', 2, 1, 4),
    maxBlocks: r.int(section, 'maxBlocks', 'space.maxBlocks', 2, 1, 4),
    widths: r.list<number>(section, 'widths', 'space.widths', [8, 16, 32], positive, 'integers from 1 to 512'),
    kernelSizes: r.list<number>(section, 'kernelSizes', 'space.kernelSizes', [3, 5], (v) => CONV_KERNELS.includes(v as number), CONV_KERNELS.join('|')),
  };
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function program(o: TinyResNetOptions): ChoiceProgram<TinyResNet> {
  const widths = [...o.widths].sort((a, b) => a - b);
  return function* () {
    const stages: TinyResNet['stages'] = [];
    for (let s = 0; s < o.stages; s++) {
      const previous = stages[s - 1]?.filters ?? 0;
      const filters = (yield { key: `s${s}.filters`, options: widths.filter((w) => w >= previous) }) as number;
      const count = (yield { key: `s${s}.blocks`, options: range(1, o.maxBlocks) }) as number;
      const blocks: TinyResNet['stages'][number]['blocks'] = [];
      for (let b = 0; b < count; b++) {
        const kernelSize = (yield { key: `s${s}.b${b}.kernelSize`, options: o.kernelSizes }) as number;
        const convs = (yield { key: `s${s}.b${b}.convs`, options: [1, 2] }) as 1 | 2;
        blocks.push({ kernelSize, convs });
      }
      stages.push({ filters, blocks });
    }
    return { type: 'tiny-resnet', stages };
  };
}

/** The answer a network gives to a choice of the program (what encoding reads). */
function answer(arch: TinyResNet, key: string): ChoiceValue | undefined {
  const m = /^s(\d+)\.(?:(filters|blocks)|b(\d+)\.(kernelSize|convs))$/.exec(key);
  const stage = m ? arch.stages?.[Number(m[1])] : undefined;
  if (m === null || stage === undefined) return undefined;
  if (m[2] === 'filters') return stage.filters;
  if (m[2] === 'blocks') return stage.blocks?.length;
  const block = stage.blocks?.[Number(m[3])];
  return block?.[m[4] as 'kernelSize' | 'convs'];
}

const conv = (id: string, input: string, filters: number, kernelSize: number, strides: 1 | 2): GraphNode => ({
  id,
  op: 'conv',
  params: { filters, kernelSize, strides, activation: 'relu', order: 'conv-bn-act' },
  inputs: [input],
});

function compile(arch: TinyResNet): ArchitectureGraph {
  const nodes: GraphNode[] = [{ id: 'input', op: 'input', params: {}, inputs: [] }];
  const add = (node: GraphNode): string => {
    nodes.push(node);
    return node.id;
  };
  let x = add(conv('stem', 'input', arch.stages[0].filters, 3, 1));
  arch.stages.forEach((stage, s) => {
    if (s > 0) x = add(conv(`s${s}_down`, x, stage.filters, 3, 2));
    stage.blocks.forEach((block, b) => {
      let y = add(conv(`s${s}b${b}_c1`, x, stage.filters, block.kernelSize, 1));
      if (block.convs === 2) y = add(conv(`s${s}b${b}_c2`, y, stage.filters, block.kernelSize, 1));
      x = add({ id: `s${s}b${b}_add`, op: 'identity', params: {}, inputs: [x, y], merge: 'sum' });
    });
  });
  add({ id: 'head', op: 'head', params: { pooling: 'global-avg' }, inputs: [x] });
  return { nodes };
}

/** e.g. "8ch k3 k5x2 | 16ch/2 k3": per stage its width and its blocks' kernels (x2: two convolutions). */
function describe(arch: TinyResNet): string {
  return arch.stages
    .map((stage, s) => `${stage.filters}ch${s > 0 ? '/2' : ''} ${stage.blocks.map((b) => `k${b.kernelSize}${b.convs === 2 ? 'x2' : ''}`).join(' ')}`)
    .join(' | ');
}

export const spaceFamily: SpaceFamily<TinyResNetOptions, TinyResNet> = {
  type: 'tiny-resnet',
  doc: 'example module family: residual networks of `stages` stages, each with its width, 1..maxBlocks blocks and per-block kernel size and depth',
  readOptions,
  create: (options) => new ChoiceSpace<TinyResNet>({ type: 'tiny-resnet', program: program(options), answer, compile, describe }),
};
