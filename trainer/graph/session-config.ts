// The serialized tensorflow.ConfigProto of the graph path's sessions. TensorFlow's defaults
// serve unless the environment says otherwise:
// - NAS_GRAPH_INTER_THREADS: the sessions' inter-op pool (independent ops side by side).
// - NAS_GRAPH_INTRA_THREADS: ConfigProto's intra-op threads. In practice the process's first
//   CPU device fixes them (TensorFlow shares one Eigen pool per process unless
//   TF_OVERRIDE_GLOBAL_THREADPOOL=1), and tfjs-node's eager context comes first: set
//   TF_NUM_INTRAOP_THREADS, which TrainerPool already sets per child, instead.
// - NAS_GRAPH_GRAPPLER=off (no Grappler pass at all) or no-remap (Grappler without its
//   remapper, the pass that fuses conv/matmul + bias + activation): to measure what they buy.
const CONFIG = { intra: 2, inter: 5, graphOptions: 10 } as const; // ConfigProto field numbers
const GRAPH_OPTIONS = { rewriteOptions: 10 } as const;
const REWRITER = { remapping: 14, disableMetaOptimizer: 19 } as const;
const TOGGLE_OFF = 2;
const WIRE = { varint: 0, bytes: 2 } as const;

export const GRAPPLER_SETTINGS = ['on', 'off', 'no-remap'] as const;

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

// A field's key is itself a varint: fields above 15 take two bytes.
const key = (field: number, wire: number): number[] => varint((field << 3) | wire);
const varintField = (field: number, value: number): number[] => [...key(field, WIRE.varint), ...varint(value)];
const messageField = (field: number, body: number[]): number[] => [...key(field, WIRE.bytes), ...varint(body.length), ...body];

function threads(name: string, env: NodeJS.ProcessEnv): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new Error(`${name} must be a whole number of threads from 1 to 1024, got '${raw}'`);
  return n;
}

function rewriterConfig(env: NodeJS.ProcessEnv): number[] {
  const raw = env.NAS_GRAPH_GRAPPLER;
  if (raw === undefined || raw === '' || raw === 'on') return [];
  if (raw === 'off') return varintField(REWRITER.disableMetaOptimizer, 1);
  if (raw === 'no-remap') return varintField(REWRITER.remapping, TOGGLE_OFF);
  throw new Error(`NAS_GRAPH_GRAPPLER must be one of ${GRAPPLER_SETTINGS.join(', ')}, got '${raw}'`);
}

/** ConfigProto bytes, or null for TensorFlow's defaults. */
export function sessionConfig(env: NodeJS.ProcessEnv = process.env): Uint8Array | null {
  const intra = threads('NAS_GRAPH_INTRA_THREADS', env);
  const inter = threads('NAS_GRAPH_INTER_THREADS', env);
  const rewriter = rewriterConfig(env);
  const bytes: number[] = [];
  if (intra !== undefined) bytes.push(...varintField(CONFIG.intra, intra));
  if (inter !== undefined) bytes.push(...varintField(CONFIG.inter, inter));
  if (rewriter.length > 0) bytes.push(...messageField(CONFIG.graphOptions, messageField(GRAPH_OPTIONS.rewriteOptions, rewriter)));
  return bytes.length > 0 ? Uint8Array.from(bytes) : null;
}
