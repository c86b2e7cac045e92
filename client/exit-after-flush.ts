// process.exit() right after a large write to a pipe cuts the output: Node hands pipe writes to
// the OS asynchronously, and exit drops what is still queued (`nas result --json | jq` got the
// first 64 KB of a 270 KB result). Exit once everything written so far has been handed over.
export function exitAfterFlush(code: number, exit: (code: number) => never = process.exit): void {
  let pending = 2;
  // A write's callback runs after the writes queued before it; on a closed pipe it runs too.
  const done = (): void => {
    pending -= 1;
    if (pending === 0) exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}
