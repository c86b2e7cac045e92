// Publishing a folder of files atomically. Files are written and fsynced into a temporary
// sibling folder, which is then renamed into place: rename() is atomic within a file system,
// so a reader (or a resumed trial after kill -9) sees either no folder or a complete one.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

let sequence = 0;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes leftovers of writers that died mid-save ('.tmp-*' / '.old-*' folders whose pid is
 * gone). Folders of live processes are left alone: they may be saving right now.
 */
export async function sweepStale(parent: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /^\.(?:tmp|old)-.*-pid(\d+)-\d+$/.exec(name);
    if (match && !pidAlive(Number(match[1]))) await fs.rm(path.join(parent, name), { recursive: true, force: true });
  }
}

async function writeSynced(file: string, data: Uint8Array | string): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsyncs a folder, so entries made in it (a rename, a new file) survive a power cut, not just a process kill. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes `files` into folder `target` so that it appears whole or not at all. Write-once: if
 * `target` already exists (complete, since it was published the same way), it is kept and the
 * new files are discarded. Returns whether this call published the folder. The parent folder must
 * exist: it is not created here, so that a store whose root vanished is not re-created by a write.
 */
export async function writeDirAtomically(target: string, files: Record<string, Uint8Array | string>): Promise<boolean> {
  const parent = path.dirname(target);
  const base = path.basename(target);
  const tag = `${base}-pid${process.pid}-${sequence++}`;
  const temp = path.join(parent, `.tmp-${tag}`);
  await fs.mkdir(temp);
  try {
    for (const [name, data] of Object.entries(files)) await writeSynced(path.join(temp, name), data);
    await syncDir(temp);
    try {
      await fs.rename(temp, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      // Another writer (an earlier attempt of this trial) published it first: keep theirs.
      await fs.rm(temp, { recursive: true, force: true });
      return false;
    }
    await syncDir(parent);
    return true;
  } catch (err) {
    await fs.rm(temp, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Removes folder `target` so that it disappears whole: it is first renamed out of the way
 * (atomic), then deleted file by file. A kill during the deletion leaves a '.old-*' folder
 * for sweepStale, never a half-emptied folder under the real name. Returns whether it was there.
 */
export async function removeDirAtomically(target: string): Promise<boolean> {
  const aside = path.join(path.dirname(target), `.old-${path.basename(target)}-pid${process.pid}-${sequence++}`);
  try {
    await fs.rename(target, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  await fs.rm(aside, { recursive: true, force: true });
  return true;
}
