// The local-directory artifact store: `<root>/<searchId>/<trialId>/epoch-NNNN/` folders
// published by an atomic rename (store/atomic-dir.ts), each with its manifest.json, and
// per-trial logs as `<log>.jsonl` files. Suits one machine, or a shared mount all workers see.
//
// The root folder is never created here (only by prepareArtifactRoot at startup, store/root.ts,
// or for a private cache that asks for it): a root that is missing is a store that is gone (an
// unmounted or removed shared folder), reported as an outage (a plain, retryable ArtifactError),
// never read as an empty store. Read as empty, a resumed training found no checkpoint and
// restarted from scratch, and its first write re-created the root on the wrong disk.
import { constants as fsConstants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { ArtifactFiles, ArtifactStore } from './artifact-store';
import { removeDirAtomically, sweepStale, syncDir, writeDirAtomically } from './atomic-dir';
import { ArtifactCorruptError, ArtifactError, ArtifactKeyError, ArtifactNotFoundError } from './errors';
import { checkFileName, checkSegment, epochOfSegment, parseCheckpointUri } from './keys';
import { MANIFEST_FILE, manifestOf, parseManifest, verifyFile } from './manifest';
import { appendPrefix, parseRecordLines, type SkippedRecord } from './record-lines';

/**
 * Errors of the file system under the store that say it cannot serve us for now, not that
 * anything is wrong with the training or its data: reported as a store outage (a plain
 * ArtifactError, retried on the long schedule of contracts/training-retry.ts) like an S3 store
 * that does not answer. Each can end without the training changing:
 * - EIO: the disk or the network file system failed a read or write (a soft NFS mount whose
 *   server stopped answering, a failing disk being replaced);
 * - ENOTCONN: a FUSE mount (sshfs, s3fs, gcsfuse) whose daemon died: a remount heals it;
 * - ESTALE: an NFS handle gone stale when the server restarted: the next attempt opens afresh;
 * - ETIMEDOUT, ECONNREFUSED, ECONNRESET, ECONNABORTED, EHOSTDOWN, EHOSTUNREACH, ENETDOWN,
 *   ENETUNREACH: network file systems (CIFS, ...) pass their network's failures on;
 * - ENOSPC, EDQUOT: the disk or quota is full: `nas gc`, another search ending or an operator
 *   frees it, and the trial keeps its checkpoints; failing it at once would save nothing;
 * - EROFS: most often a file system the kernel remounted read-only after I/O errors.
 * EACCES and EPERM are outages only on the root itself (an expired Kerberos ticket of an NFS
 * or CIFS mount, a mount's permissions): on one file under a readable root they are a
 * permission mistake that retries cannot fix, and fail as before. Out of file descriptors
 * (EMFILE, ENFILE) is this process's trouble, not the store's.
 */
const OUTAGE_CODES = new Set(['EIO', 'ENOTCONN', 'ESTALE', 'ETIMEDOUT', 'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EHOSTDOWN', 'EHOSTUNREACH', 'ENETDOWN', 'ENETUNREACH', 'ENOSPC', 'EDQUOT', 'EROFS']);
const ACCESS_CODES = new Set(['EACCES', 'EPERM']);

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export interface LocalStoreOptions {
  /** Create the root folder when it is missing: only for a store private to this machine (a download cache). */
  createRoot?: boolean;
}

export class LocalDirectoryStore implements ArtifactStore {
  readonly location: string;
  private readonly createRoot: boolean;

  constructor(root: string, options: LocalStoreOptions = {}) {
    this.location = path.resolve(root);
    this.createRoot = options.createRoot === true;
  }

  /** Absolute folder of a checkpoint uri; the uri is validated first, so it stays under the root. */
  checkpointDir(uri: string): string {
    const key = parseCheckpointUri(uri);
    const dir = path.join(this.location, key.searchId, key.trialId, path.basename(uri));
    if (!dir.startsWith(this.location + path.sep)) throw new ArtifactKeyError(`checkpoint uri '${uri}' is not an epoch folder under the artifact root ${this.location}`);
    return dir;
  }

  async putCheckpoint(uri: string, files: ArtifactFiles): Promise<void> {
    return this.call(`writing ${uri}`, async () => {
      for (const name of Object.keys(files)) {
        checkFileName(name, 'checkpoint file');
        if (name === MANIFEST_FILE) throw new ArtifactKeyError(`checkpoint file '${MANIFEST_FILE}' is the store's own`);
      }
      const dir = this.checkpointDir(uri);
      const trialDir = path.dirname(dir);
      const created = await this.makeDirs(trialDir);
      // Leftovers of writers killed mid-save, so they do not pile up over a long search.
      await sweepStale(trialDir);
      // Makes the epoch folder's name durable in the trial folder (it syncs its parent)...
      await writeDirAtomically(dir, { ...files, [MANIFEST_FILE]: JSON.stringify(manifestOf(files)) });
      // ...and a trial's first checkpoint, which made the trial (and search) folder, their names.
      if (created !== undefined) await this.syncNewNames(path.dirname(trialDir), created);
    });
  }

  async getCheckpoint(uri: string): Promise<Record<string, Buffer>> {
    return this.call(`reading ${uri}`, async () => {
      const dir = this.checkpointDir(uri);
      let manifestText: string;
      try {
        manifestText = await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8');
      } catch (err) {
        if (!isMissing(err)) throw err;
        return this.readLegacy(uri, dir);
      }
      const manifest = parseManifest(manifestText, `checkpoint '${uri}'`);
      const out: Record<string, Buffer> = {};
      for (const name of Object.keys(manifest.files)) {
        checkFileName(name, 'checkpoint file');
        try {
          out[name] = await fs.readFile(path.join(dir, name));
        } catch (err) {
          if (isMissing(err)) throw (await this.rootGone()) ?? new ArtifactCorruptError(`checkpoint '${uri}': ${name} is missing`);
          throw err;
        }
        verifyFile(manifest, name, out[name], `checkpoint '${uri}'`);
      }
      return out;
    });
  }

  /**
   * Folders written before checkpoints had manifests: complete (they were published by rename
   * too) but without checksums; the trainer still checks the weights' size against model.json.
   */
  private async readLegacy(uri: string, dir: string): Promise<Record<string, Buffer>> {
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch (err) {
      if (isMissing(err)) throw (await this.rootGone()) ?? new ArtifactNotFoundError(`checkpoint '${uri}' is not in ${this.location}`);
      throw err;
    }
    const out: Record<string, Buffer> = {};
    for (const name of names.filter((n) => !n.startsWith('.'))) out[name] = await fs.readFile(path.join(dir, name));
    return out;
  }

  async listCheckpoints(searchId: string, trialId: string): Promise<number[]> {
    return this.call(`listing ${searchId}/${trialId}`, async () => {
      checkSegment(searchId, 'searchId');
      checkSegment(trialId, 'trialId');
      const names = await this.readdir(path.join(this.location, searchId, trialId));
      return names.map(epochOfSegment).filter((e): e is number => e !== undefined).sort((a, b) => a - b);
    });
  }

  async listTrials(searchId: string): Promise<string[]> {
    return this.call(`listing ${searchId}`, async () => {
      checkSegment(searchId, 'searchId');
      const dir = path.join(this.location, searchId);
      const names = await this.readdir(dir);
      const trials: string[] = [];
      for (const name of names) {
        if (name.startsWith('.')) continue;
        if ((await fs.stat(path.join(dir, name))).isDirectory()) trials.push(name);
      }
      return trials.sort();
    });
  }

  async deleteCheckpoint(uri: string): Promise<void> {
    return this.call(`deleting ${uri}`, async () => {
      const dir = this.checkpointDir(uri);
      // A checkpoint is not gone because its whole store is: the caller must not go on as if.
      if (!(await removeDirAtomically(dir))) await this.throwIfRootGone();
    });
  }

  /**
   * Resolves once the record is on disk (fdatasync), so a record a caller reports as written
   * survives a power cut, as a checkpoint does: one sync per call, plus the folders' entries
   * when the call created the log (or its folders). S3 stores are durable on PUT already.
   */
  async appendRecord(searchId: string, trialId: string, log: string, record: object): Promise<void> {
    return this.call(`appending to ${searchId}/${trialId}/${log}`, async () => {
      const file = this.logFile(searchId, trialId, log);
      const dir = path.dirname(file);
      // The first folder it created, if any: from its parent down, each holds a new entry.
      const created = await this.makeDirs(dir);
      const handle = await fs.open(file, 'a+');
      let size: number;
      try {
        // A torn last line (its writer was killed mid-append) gets closed first, so this record
        // starts on a line of its own (store/record-lines.ts).
        size = (await handle.stat()).size;
        let lastByte: number | undefined;
        if (size > 0) {
          const byte = Buffer.alloc(1);
          await handle.read(byte, 0, 1, size - 1);
          lastByte = byte[0];
        }
        // One append of one line: appends of lines this short are not interleaved between processes.
        await handle.appendFile(appendPrefix(lastByte) + JSON.stringify(record) + '\n');
        // The data and the file's new size; not its times, which nothing reads.
        await handle.datasync();
      } finally {
        await handle.close();
      }
      // A new (or still empty) log: its name in the folder must be durable too, and so must the
      // names of folders this call made (only the first record of a trial pays for these).
      if (size === 0) await this.syncNewNames(dir, created);
    });
  }

  async readRecords(searchId: string, trialId: string, log: string, onSkipped?: (skipped: SkippedRecord) => void): Promise<unknown[]> {
    return this.call(`reading ${searchId}/${trialId}/${log}`, async () => {
      const file = this.logFile(searchId, trialId, log);
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch (err) {
        if (!isMissing(err)) throw err;
        await this.throwIfRootGone();
        return [];
      }
      return parseRecordLines(text, file, onSkipped);
    });
  }

  private logFile(searchId: string, trialId: string, log: string): string {
    checkSegment(searchId, 'searchId');
    checkSegment(trialId, 'trialId');
    checkFileName(log, 'log name');
    return path.join(this.location, searchId, trialId, `${log}.jsonl`);
  }

  private async readdir(dir: string): Promise<string[]> {
    try {
      return await fs.readdir(dir);
    } catch (err) {
      if (!isMissing(err)) throw err;
      await this.throwIfRootGone();
      return [];
    }
  }

  /** Runs one operation; a failure of the file system under the store becomes an outage (OUTAGE_CODES). */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw await this.asOutage(what, err);
    }
  }

  private async asOutage(what: string, err: unknown): Promise<unknown> {
    if (err instanceof ArtifactError) return err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined) return err;
    if (OUTAGE_CODES.has(code)) return new ArtifactError(`${this.location}: ${what} failed: ${(err as Error).message}`, { cause: err });
    if (ACCESS_CODES.has(code)) return (await this.rootInaccessible()) ?? err;
    return err;
  }

  /** The root itself cannot be listed or written by this process: an outage, not a mistake in one file. */
  private async rootInaccessible(): Promise<ArtifactError | undefined> {
    try {
      await fs.access(this.location, fsConstants.R_OK | fsConstants.W_OK | fsConstants.X_OK);
      return undefined;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === undefined || !ACCESS_CODES.has(code)) return undefined;
      return new ArtifactError(`${this.location}: the artifact store's root cannot be accessed (${code}; an expired mount credential, changed permissions?): ${(err as Error).message}`, { cause: err });
    }
  }

  /**
   * Creates `dir` (under the root) level by level, never the root itself: if the root vanished,
   * the first mkdir fails rather than re-creating it, so no write lands beside a missing mount.
   * Returns the first folder it created, if any (as fs.mkdir with `recursive` does).
   */
  private async makeDirs(dir: string): Promise<string | undefined> {
    let created = this.createRoot ? await fs.mkdir(this.location, { recursive: true }) : undefined;
    let current = this.location;
    for (const segment of path.relative(this.location, dir).split(path.sep).filter((s) => s !== '')) {
      current = path.join(current, segment);
      try {
        await fs.mkdir(current);
        created ??= current;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue;
        if (isMissing(err)) await this.throwIfRootGone();
        throw err;
      }
    }
    return created;
  }

  /**
   * fsyncs `from` and each folder above it up to the parent of `created` (the first folder the
   * caller made, if any), so the names made in them survive a power cut.
   */
  private async syncNewNames(from: string, created: string | undefined): Promise<void> {
    const stop = created === undefined ? from : path.dirname(created);
    for (let d = from; ; d = path.dirname(d)) {
      await syncDir(d);
      if (d === stop || d === path.dirname(d)) break;
    }
  }

  /**
   * Whether a miss is the store's own root being gone: then the error to report (an outage, or
   * the file system's own error when the root cannot even be looked at), else undefined.
   */
  private async rootGone(): Promise<unknown> {
    try {
      if ((await fs.stat(this.location)).isDirectory()) return undefined;
      return new ArtifactError(`${this.location}: the artifact store's root is not a folder any more; it is left alone (mount or restore the store there)`);
    } catch (err) {
      if (!isMissing(err)) return this.asOutage('checking the root', err);
      if (this.createRoot) return undefined;
      return new ArtifactError(
        `${this.location}: the artifact store's root folder is missing (unmounted or removed?); it is not re-created, so that no training restarts from scratch in an empty store: mount or restore it`,
        { cause: err },
      );
    }
  }

  private async throwIfRootGone(): Promise<void> {
    const gone = await this.rootGone();
    if (gone !== undefined) throw gone;
  }
}
