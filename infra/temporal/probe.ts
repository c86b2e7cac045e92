// A plain TCP connect to host:port, to tell "nothing listens there" (refused, unknown host,
// silence) in milliseconds instead of after gRPC's connect deadline of retries.
import { connect } from 'node:net';

export class AddressUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddressUnreachableError';
  }
}

/** Splits 'host:port' and '[v6]:port'; throws naming the address when it is not of that form. */
export function splitAddress(address: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(address.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65_535) {
    throw new AddressUnreachableError(`address '${address}' is not host:port (for example 127.0.0.1:7233)`);
  }
  return { host: m[1], port };
}

export function probeTcp(address: string, timeoutMs: number): Promise<void> {
  const { host, port } = splitAddress(address);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (why: string): void => {
      socket.destroy();
      reject(new AddressUnreachableError(`Cannot reach Temporal at ${address}: ${why}`));
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs / 1000} s`));
    socket.once('error', (err: NodeJS.ErrnoException) => fail(err.code === 'ECONNREFUSED' ? 'connection refused (nothing listens on that port)' : err.code === 'ENOTFOUND' ? `unknown host '${host}'` : err.message));
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
  });
}
