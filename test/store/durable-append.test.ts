// Appends to a folder store's trial logs are durable when appendRecord resolves: the record is
// written and fdatasync'd (once per call) before its file is closed, and the first record of a
// log also makes the new file's and folders' names durable. Watched with strace on a real child
// process; what it acknowledged is then read back by a fresh reader.
import test from 'ava';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalDirectoryStore } from '../../store';
import { traceNode, type Syscall } from '../helpers/syscalls';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-durable-'));
test.after.always(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** What happened to each fd opened on `file`, from open to close. */
function lifetimes(calls: Syscall[], file: string): string[][] {
  const open = new Map<string, string[]>();
  const done: string[][] = [];
  for (const c of calls) {
    const fd = /^(\d+)/.exec(c.args)?.[1];
    if (c.name === 'openat' && c.args.includes(`"${file}"`)) open.set(c.result, []);
    else if (fd !== undefined && open.has(fd)) {
      if (c.name === 'close') {
        done.push(open.get(fd)!);
        open.delete(fd);
      } else open.get(fd)!.push(c.name);
    }
  }
  return done;
}

/** Folders opened and then fsync'd (a folder's fsync makes the names in it durable). */
function syncedFolders(calls: Syscall[]): string[] {
  const fds = new Map<string, string>();
  const synced: string[] = [];
  for (const c of calls) {
    if (c.name === 'openat' && /O_RDONLY/.test(c.args)) fds.set(c.result, /"([^"]+)"/.exec(c.args)![1]);
    if (c.name === 'fsync' && fds.has(c.args)) synced.push(fds.get(c.args)!);
    if (c.name === 'close') fds.delete(c.args);
  }
  return synced;
}

test('each acknowledged append was written and fdatasynced before its file closed; a fresh reader gets them all', async (t) => {
  // A store's root exists before anything is appended (store/root.ts): writes never create it.
  const root = path.join(scratch, 'store');
  fs.mkdirSync(root);
  const records = [1, 2, 3].map((epoch) => ({ event: 'saved', epoch, pad: 'x'.repeat(100 * epoch) }));
  // The child acknowledges a record only once appendRecord has resolved, as activities do.
  const script = `
    const { LocalDirectoryStore } = require(${JSON.stringify(path.resolve(__dirname, '../../store/local.js'))});
    (async () => {
      const store = new LocalDirectoryStore(${JSON.stringify(root)});
      for (const r of ${JSON.stringify(records)}) {
        await store.appendRecord('s1', 't1', 'epochs', r);
        process.stdout.write('written ' + r.epoch + '\\n');
      }
    })();`;
  const { stdout, calls } = await traceNode(script, ['openat', 'write', 'pwrite64', 'writev', 'fdatasync', 'fsync', 'close'], path.join(scratch, 'trace'));
  t.is(stdout, 'written 1\nwritten 2\nwritten 3\n');

  const log = path.join(root, 's1', 't1', 'epochs.jsonl');
  const perAppend = lifetimes(calls, log);
  t.is(perAppend.length, records.length, 'one open per append');
  for (const ops of perAppend) {
    const synced = ops.indexOf('fdatasync');
    t.true(synced > 0 && ops.slice(0, synced).some((o) => /write/.test(o)), `written, then synced: ${ops.join(' ')}`);
    t.is(ops.filter((o) => o === 'fdatasync' || o === 'fsync').length, 1, 'one sync per append call');
  }
  // The first append created the log and its folders: their names were synced into their parents.
  t.deepEqual(syncedFolders(calls).sort(), [root, path.join(root, 's1'), path.join(root, 's1', 't1')].sort());

  t.deepEqual(await new LocalDirectoryStore(root).readRecords('s1', 't1', 'epochs'), records);
});

test("a trial's first checkpoint makes its trial and search folders' names durable; later ones sync only the trial folder", async (t) => {
  const root = path.join(scratch, 'checkpoints');
  fs.mkdirSync(root);
  const script = `
    const { LocalDirectoryStore } = require(${JSON.stringify(path.resolve(__dirname, '../../store/local.js'))});
    (async () => {
      const store = new LocalDirectoryStore(${JSON.stringify(root)});
      await store.putCheckpoint('s1/t1/epoch-0001', { 'weights.bin': Buffer.from([1, 2, 3]) });
      process.stdout.write('first\\n');
      await store.putCheckpoint('s1/t1/epoch-0002', { 'weights.bin': Buffer.from([4, 5, 6]) });
      process.stdout.write('second\\n');
    })();`;
  const { stdout, calls } = await traceNode(script, ['openat', 'write', 'pwrite64', 'writev', 'fdatasync', 'fsync', 'close'], path.join(scratch, 'trace-checkpoints'));
  t.is(stdout, 'first\nsecond\n');
  const trial = path.join(root, 's1', 't1');
  // Each save syncs its own temporary folder and the trial folder it was renamed into; only the
  // first also syncs the search folder (which holds the new trial folder) and the root.
  const synced = syncedFolders(calls).filter((d) => !path.basename(d).startsWith('.tmp-'));
  t.deepEqual(synced, [trial, path.join(root, 's1'), root, trial]);
  t.deepEqual([...(await new LocalDirectoryStore(root).getCheckpoint('s1/t1/epoch-0002'))['weights.bin']], [4, 5, 6]);
});
