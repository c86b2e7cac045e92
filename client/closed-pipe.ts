// `nas list | head` or `nas search --help | head` closes the pipe before nas has written
// everything; Node then emits EPIPE on stdout, and an unhandled 'error' event crashes the
// process with a stack trace. A reader that has gone away wants nothing more: exit quietly.
import { EXIT } from './exit-codes';

/** On EPIPE, exit with 0 and no message; other stream errors stay errors. */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') exit(EXIT.ok);
    else throw err;
  });
}
