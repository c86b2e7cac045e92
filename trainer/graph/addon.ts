// Loads the graph_step addon (trainer/graph/addon/graph_step.c), which infra/tfjs/provision.js
// builds at install time and puts next to the loaded tfjs-node package's TensorFlow libraries.
// Loading it never throws: the outcome says why it is unavailable, and the trainer then uses
// its eager path.
import * as fs from 'fs';
import * as path from 'path';

/** An output of a graph operation: [operation name, output index]. */
export type Output = [string, number];
/** An attribute: [name, kind, value] (kinds as graph_step.c documents them). */
export type Attr = [string, string, unknown];
/** A tensor crossing the addon: [TF_DataType, dims, data]. */
export type RawTensor = [number, number[], Float32Array | Int32Array];

export interface GraphHandle { readonly __graph: unique symbol }
export interface SessionHandle { readonly __session: unique symbol }

export interface GraphStepAddon {
  newGraph(): GraphHandle;
  deleteGraph(graph: GraphHandle): void;
  addOp(graph: GraphHandle, type: string, name: string, inputs: Array<Output | Output[]>, attrs: Attr[], controls: string[]): number;
  addGradients(graph: GraphHandle, ys: Output[], xs: Output[]): Array<Output | null>;
  /** Every operation: [name, type, inputs]. Absent from addons built before it existed. */
  operations?(graph: GraphHandle): Array<[string, string, Output[]]>;
  /** Makes input `index` of operation `op` read `src` (TF_UpdateEdge). Absent from older builds too. */
  updateEdge?(graph: GraphHandle, src: Output, op: string, index: number): void;
  newSession(graph: GraphHandle, config: Uint8Array | null): SessionHandle;
  closeSession(session: SessionHandle): void;
  /** With `runOptions` (serialized RunOptions), the result carries the serialized RunMetadata as `metadata`. */
  run(session: SessionHandle, feeds: Array<[string, number, number, number[], Float32Array | Int32Array]>, fetches: Output[], targets: string[], runOptions?: Uint8Array): RawTensor[] & { metadata?: ArrayBuffer };
  tensorflowVersion(): string;
}

export type AddonOutcome = { ok: true; addon: GraphStepAddon; file: string } | { ok: false; reason: string };

/** Where provision.js installs the addon for a tfjs-node package (graphStepTarget there). */
export function graphStepAddonPath(pkg: string): string | undefined {
  if (process.env.NAS_GRAPH_STEP_ADDON) return process.env.NAS_GRAPH_STEP_ADDON;
  try {
    return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'deps', 'graph-step', 'graph_step.node');
  } catch {
    return undefined;
  }
}

const loaded = new Map<string, AddonOutcome>();

/** The addon built against `pkg`'s TensorFlow (load `pkg` first: they share its library). */
export function loadGraphStepAddon(pkg: string): AddonOutcome {
  const cached = loaded.get(pkg);
  if (cached !== undefined) return cached;
  const file = graphStepAddonPath(pkg);
  let outcome: AddonOutcome;
  if (file === undefined) {
    outcome = { ok: false, reason: `${pkg} is not installed` };
  } else if (!fs.existsSync(file)) {
    outcome = { ok: false, reason: `the graph_step addon is not built (${file} is missing; run \`npm run postinstall\`, which builds it with the C compiler)` };
  } else {
    try {
      outcome = { ok: true, addon: require(file) as GraphStepAddon, file };
    } catch (err) {
      outcome = { ok: false, reason: `the graph_step addon at ${file} does not load: ${(err as Error).message}` };
    }
  }
  loaded.set(pkg, outcome);
  return outcome;
}
