// The serialized tensorflow.ConfigProto of the graph path's sessions. TensorFlow's defaults
// (one intra-op and one inter-op pool, each as wide as the machine) serve unless the
// environment sets NAS_GRAPH_INTRA_THREADS / NAS_GRAPH_INTER_THREADS, e.g. to give each of
// several trainer processes on a small machine its share.
const FIELDS = { intra: 2, inter: 5 } as const; // ConfigProto field numbers

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

function threads(name: string, env: NodeJS.ProcessEnv): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new Error(`${name} must be a whole number of threads from 1 to 1024, got '${raw}'`);
  return n;
}

/** ConfigProto bytes, or null for TensorFlow's defaults. */
export function sessionConfig(env: NodeJS.ProcessEnv = process.env): Uint8Array | null {
  const intra = threads('NAS_GRAPH_INTRA_THREADS', env);
  const inter = threads('NAS_GRAPH_INTER_THREADS', env);
  const bytes: number[] = [];
  if (intra !== undefined) bytes.push(FIELDS.intra << 3, ...varint(intra));
  if (inter !== undefined) bytes.push(FIELDS.inter << 3, ...varint(inter));
  return bytes.length > 0 ? Uint8Array.from(bytes) : null;
}
