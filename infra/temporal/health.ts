// Readiness probing of a Temporal frontend. "Port open" is not enough: the dev
// server accepts connections before its namespaces exist, and workers that start
// in that window fail with NamespaceNotFound.
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { sleep } from './process-util';

/**
 * One attempt: true if the frontend answers and `namespace` is registered.
 * Only point this at something known to speak gRPC or at a closed port (see speaksHttp2).
 */
export async function probeTemporal(address: string, namespace: string, timeoutMs = 2_000): Promise<boolean> {
  // lazy() + ensureConnected() rather than connect(): when connect() fails it
  // never hands us the object, so its gRPC channel could not be closed and would
  // keep retrying (and keep the process alive) forever.
  const connection = Connection.lazy({ address, connectTimeout: timeoutMs });
  try {
    await connection.ensureConnected(); // GetSystemInfo under connectTimeout
    await connection.withDeadline(Date.now() + timeoutMs, () =>
      connection.workflowService.describeNamespace({ namespace }),
    );
    return true;
  } catch {
    return false;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

export interface WaitHealthyOptions {
  address: string;
  namespace: string;
  timeoutMs: number;
  /** Checked between attempts; lets us stop waiting on a server that already died. */
  stillRunning: () => boolean;
}

export type WaitResult = 'healthy' | 'exited' | 'timeout';

export async function waitForHealthy(opts: WaitHealthyOptions): Promise<WaitResult> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (!opts.stillRunning()) return 'exited';
    const remaining = deadline - Date.now();
    if (remaining <= 0) return 'timeout';
    if (await probeTemporal(opts.address, opts.namespace, Math.min(2_000, Math.max(remaining, 250)))) return 'healthy';
    await sleep(250);
  }
}

/**
 * Register `namespace` on a dev server if missing. The CLI only creates namespaces
 * at launch, so a server reused after TEMPORAL_NAMESPACE changed needs this.
 */
export async function ensureNamespace(address: string, namespace: string, retentionDays = 7): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 5_000 });
  try {
    const svc = connection.workflowService;
    try {
      await svc.describeNamespace({ namespace });
      return;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    await svc.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(retentionDays * 24 * 3600 * 1000),
    });
    // Registration propagates through the server's namespace cache asynchronously.
    for (let i = 0; i < 50; i++) {
      if (await probeTemporal(address, namespace)) return;
      await sleep(200);
    }
    throw new Error(`Registered namespace '${namespace}' on ${address} but it did not become visible.`);
  } finally {
    await connection.close();
  }
}

function isNotFound(err: unknown): boolean {
  // gRPC status code 5 = NOT_FOUND.
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 5;
}
