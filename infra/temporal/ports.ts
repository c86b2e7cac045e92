// Port probing, so that a port held by some other program is reported as such
// instead of surfacing later as an opaque dev-server crash.
import * as http2 from 'node:http2';
import * as net from 'node:net';

/** True if we can bind host:port right now (and immediately let it go). */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') resolve(false);
      else reject(err);
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the OS considers free at this instant (racy by nature; fine for tests and defaults). */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not allocate a port'))));
    });
  });
}

/**
 * True if the listener at host:port answers the HTTP/2 handshake (as any gRPC
 * server, Temporal included, does). Checked before a gRPC probe because grpc-js
 * never abandons a connection attempt to a peer that stays silent: the socket
 * would outlive Connection.close() and keep our process from exiting.
 */
export function speaksHttp2(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const session = http2.connect(`http://${host}:${port}`);
    const done = (answer: boolean) => {
      clearTimeout(timer);
      session.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    session.once('remoteSettings', () => done(true));
    session.once('error', () => done(false));
  });
}
