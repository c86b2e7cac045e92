// Trial logs (<search>/<trial>/<log>.jsonl: epochs, attempts, trial) after a writer died
// mid-append: the torn record is skipped and reported, the next append starts on a fresh line
// instead of gluing onto it, and damage anywhere else is refused naming the file and the line.
import test from 'ava';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ArtifactCorruptError, LocalDirectoryStore, TORN_MARK, type SkippedRecord } from '../../store';

const roots: string[] = [];
test.after.always(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

function freshStore(): LocalDirectoryStore {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-torn-'));
  roots.push(root);
  return new LocalDirectoryStore(root);
}

async function read(store: LocalDirectoryStore, log = 'epochs'): Promise<{ records: unknown[]; skipped: SkippedRecord[] }> {
  const skipped: SkippedRecord[] = [];
  const records = await new LocalDirectoryStore(store.location).readRecords('s', 't', log, (s) => skipped.push(s));
  return { records, skipped };
}

test('a torn last record is skipped and reported; the next append starts on a fresh line', async (t) => {
  const store = freshStore();
  const file = path.join(store.location, 's', 't', 'epochs.jsonl');
  await store.appendRecord('s', 't', 'epochs', { epoch: 1 });
  await store.appendRecord('s', 't', 'epochs', { epoch: 2 });
  // What a writer killed mid-append leaves: the first bytes of its line, no newline.
  const torn = JSON.stringify({ epoch: 3, note: 'never finished' }).slice(0, 14);
  fs.appendFileSync(file, torn);
  let seen = await read(store);
  t.deepEqual(seen.records, [{ epoch: 1 }, { epoch: 2 }]);
  t.deepEqual(seen.skipped, [{ where: file, line: 3, last: true }]);

  // The next writer (a resumed trainer, a retried activity) closes the torn line first.
  await store.appendRecord('s', 't', 'epochs', { epoch: 3 });
  await store.appendRecord('s', 't', 'epochs', { epoch: 4 });
  seen = await read(store);
  t.deepEqual(seen.records, [{ epoch: 1 }, { epoch: 2 }, { epoch: 3 }, { epoch: 4 }]);
  t.deepEqual(seen.skipped, [{ where: file, line: 3, last: false }]);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  t.is(lines[2], `${torn}${TORN_MARK}`);
  t.is(lines[3], '{"epoch":3}');
});

test('a damaged line in the middle of a log is refused, naming the file and the line', async (t) => {
  const store = freshStore();
  await store.appendRecord('s', 't', 'trial', { trialId: 't', n: 1 });
  const file = path.join(store.location, 's', 't', 'trial.jsonl');
  // A line glued onto a torn one, as writers before the torn mark left them.
  fs.appendFileSync(file, '{"trialId":"t","n{"trialId":"t","n":2}\n');
  await store.appendRecord('s', 't', 'trial', { trialId: 't', n: 3 });
  const err = await t.throwsAsync(read(store, 'trial'), { instanceOf: ArtifactCorruptError });
  t.true(err!.message.startsWith(`${file}: line 2 of 3 is not a JSON record`), err!.message);
  t.regex(err!.message, /repair or remove that line/);
});

test('appends killed by SIGKILL mid-write leave a log that still reads, and that later appends extend', async (t) => {
  const store = freshStore();
  const file = path.join(store.location, 's', 't', 'epochs.jsonl');
  const storeModule = path.resolve(__dirname, '../../store/local.js');
  // A writer appending 16 MB records back to back: a kill lands inside a write most times.
  const writer = `
    const { LocalDirectoryStore } = require(${JSON.stringify(storeModule)});
    const store = new LocalDirectoryStore(${JSON.stringify(store.location)});
    const pad = 'x'.repeat(16 * 1024 * 1024);
    (async () => { for (let i = 0; ; i++) await store.appendRecord('s', 't', 'epochs', { i, pad }); })();`;
  let torn = 0;
  for (let round = 0; round < 6 && torn < 2; round++) {
    const child = spawn(process.execPath, ['-e', writer], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Kill as soon as the file grows past its size at the start of this round, i.e. mid-append.
    const start = fs.existsSync(file) ? fs.statSync(file).size : 0;
    while ((fs.existsSync(file) ? fs.statSync(file).size : 0) <= start + 1024) await new Promise((r) => setTimeout(r, 1));
    child.kill('SIGKILL');
    await exited;
    const { records, skipped } = await read(store);
    if (skipped.some((s) => s.last)) torn++;
    t.true(records.every((r) => (r as { pad: string }).pad.length === 16 * 1024 * 1024), 'only whole records come back');
  }
  await store.appendRecord('s', 't', 'epochs', { i: 'after' });
  const { records } = await read(store);
  t.deepEqual(records[records.length - 1], { i: 'after' });
  t.log(`${torn} of the kills tore a record`);
  t.true(torn > 0, 'at least one kill landed inside an append');
});
