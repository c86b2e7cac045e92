// A CLI process that writes a large output to a pipe and exits must not cut it: `nas result
// --json | jq` of a search with a hundred trials (~270 KB) got only its first 64 KB.
import test from 'ava';
import { spawn } from 'node:child_process';

function run(exitWith: 'process.exit' | 'exitAfterFlush'): Promise<{ bytes: number; code: number | null }> {
  const size = 1 << 20;
  const script = [
    `const { exitAfterFlush } = require(${JSON.stringify(require.resolve('../../client/exit-after-flush'))});`,
    `process.stdout.write('x'.repeat(${size}));`,
    exitWith === 'exitAfterFlush' ? 'exitAfterFlush(3);' : 'process.exit(3);',
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let bytes = 0;
    // A slow reader, as a pipeline's next program may be: the writer must wait for it.
    child.stdout.on('data', (d: Buffer) => {
      bytes += d.length;
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 5);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ bytes, code }));
  });
}

test('exitAfterFlush exits with the code once a 1 MB write to a pipe is all out', async (t) => {
  const { bytes, code } = await run('exitAfterFlush');
  t.is(bytes, 1 << 20);
  t.is(code, 3);
});

test('process.exit right after the same write cuts it (what the CLI did)', async (t) => {
  const { bytes, code } = await run('process.exit');
  t.is(code, 3);
  t.true(bytes < 1 << 20, `got ${bytes} bytes`);
});
