// The S3-compatible artifact store (NAS_ARTIFACTS=s3://bucket/prefix): what lets training
// workers on different machines share nothing but an object store. Endpoint, region and
// credentials come from the AWS SDK's usual environment variables (AWS_ENDPOINT_URL,
// AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ...).
//
// Layout under the prefix: `<uri>/<sha256[0:16]>-<name>` per file and `<uri>/manifest.json`,
// written last. S3 has no multi-object transaction, so the manifest is the commit: a checkpoint
// exists once its manifest does. File keys carry their content hash, so two writers of one uri
// never overwrite each other's files and any manifest a reader gets names files that match it.
// Downloads go through a local cache (a LocalDirectoryStore under NAS_HOME), verified on every
// read like the store itself.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ArtifactFiles, ArtifactStore } from './artifact-store';
import { ArtifactAccessError, ArtifactCorruptError, ArtifactError, ArtifactKeyError, ArtifactLocationError, ArtifactNotFoundError } from './errors';
import { checkFileName, checkSegment, epochOfSegment, parseCheckpointUri } from './keys';
import { LocalDirectoryStore } from './local';
import { asBytes, MANIFEST_FILE, manifestOf, parseManifest, verifyFile } from './manifest';

type Env = Readonly<Record<string, string | undefined>>;

/** Parts of an s3://bucket/prefix location. */
export interface S3Location {
  bucket: string;
  /** Without leading or trailing '/'; '' for the bucket's root. */
  prefix: string;
}

export function parseS3Location(location: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location);
  // Bucket naming rules of S3 (lower case, digits, '.', '-'; 3 to 63 characters).
  if (match === null || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(match[1])) {
    throw new ArtifactLocationError(`NAS_ARTIFACTS=${location}: expected s3://<bucket>/<prefix> with a valid bucket name (3-63 of a-z, 0-9, '.', '-')`);
  }
  const prefix = match[2].replace(/\/+$/, '');
  for (const part of prefix === '' ? [] : prefix.split('/')) {
    if (part === '' || part === '.' || part === '..') throw new ArtifactLocationError(`NAS_ARTIFACTS=${location}: the prefix '${prefix}' has an empty, '.' or '..' part`);
  }
  return { bucket: match[1], prefix };
}

/**
 * How long an S3 request may go without a byte from the store. The SDK's default is forever: a
 * store that accepts connections but never answers (a frozen server, a network that drops the
 * replies) hung the request, and with it a training attempt whose heartbeats went on, until the
 * activity's 24 h start-to-close timeout. Timed out, the request is retried by the SDK (3 tries)
 * and then fails the attempt as a store outage, which the training's retry schedule rides out.
 * Uploads and downloads send bytes all along, so only a silent store reaches it.
 */
export const S3_IDLE_TIMEOUT_MS = 30_000;
/** A connection the store does not accept within this fails the same way. */
const S3_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Client settings from the environment; a custom endpoint (MinIO, versitygw, ...) uses
 * path-style URLs. `idleTimeoutMs` is for tests that freeze a store.
 */
export function s3ClientConfig(env: Env, idleTimeoutMs = S3_IDLE_TIMEOUT_MS): S3ClientConfig {
  const endpoint = env.AWS_ENDPOINT_URL_S3?.trim() || env.AWS_ENDPOINT_URL?.trim() || undefined;
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  const sessionToken = env.AWS_SESSION_TOKEN?.trim();
  return {
    region: env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || 'us-east-1',
    ...(endpoint !== undefined ? { endpoint, forcePathStyle: true } : {}),
    // Keys in the given environment win; without them the SDK's chain (profiles, instance roles, ...) applies.
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } } : {}),
    // Our own SHA-256 manifest protects the data end to end; the SDK's newer default of a
    // CRC on every request is not understood by every S3-compatible server.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: S3_CONNECT_TIMEOUT_MS, socketTimeout: idleTimeoutMs },
  };
}

type SdkError = { name?: string; $metadata?: { httpStatusCode?: number } };

/**
 * Errors by which the store refuses the credentials it was given: an unknown access key
 * (versitygw says XAdminUserNotFound, with a 404), a wrong secret, keys without permission, an
 * expired or malformed session token. A 403 without a body (HEAD requests) is one of these too.
 */
const CREDENTIAL_ERRORS = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'XAdminUserNotFound', 'InvalidToken', 'ExpiredToken']);

function isBadCredentials(err: unknown): boolean {
  const e = err as SdkError;
  return CREDENTIAL_ERRORS.has(e.name ?? '') || e.$metadata?.httpStatusCode === 403;
}

function isNoSuchBucket(err: unknown): boolean {
  return (err as SdkError).name === 'NoSuchBucket';
}

function isNotFound(err: unknown): boolean {
  const e = err as SdkError;
  // A missing bucket and an unknown key come with a 404 too: neither means "no such object".
  if (isNoSuchBucket(err) || isBadCredentials(err)) return false;
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

let recordSequence = 0;

export class S3ArtifactStore implements ArtifactStore {
  readonly location: string;
  private readonly base: string;

  constructor(
    private readonly where: S3Location,
    private readonly client: S3Client,
    /** Downloaded (and uploaded) checkpoints, so a worker fetches each one once. */
    private readonly cache?: LocalDirectoryStore,
  ) {
    this.location = `s3://${where.bucket}${where.prefix ? `/${where.prefix}` : ''}`;
    this.base = where.prefix ? `${where.prefix}/` : '';
  }

  async putCheckpoint(uri: string, files: ArtifactFiles): Promise<void> {
    parseCheckpointUri(uri);
    for (const name of Object.keys(files)) {
      checkFileName(name, 'checkpoint file');
      if (name === MANIFEST_FILE) throw new ArtifactKeyError(`checkpoint file '${MANIFEST_FILE}' is the store's own`);
    }
    const manifestKey = this.key(`${uri}/${MANIFEST_FILE}`);
    if (await this.exists(manifestKey)) return; // written once: the first complete write stays
    const manifest = manifestOf(files);
    for (const [name, data] of Object.entries(files)) {
      // lib-storage sends one PutObject for small bodies and a multipart upload for big weights.
      const upload = new Upload({ client: this.client, params: { Bucket: this.where.bucket, Key: this.fileKey(uri, name, manifest.files[name].sha256), Body: asBytes(data) } });
      await this.call(`uploading ${uri}/${name}`, () => upload.done());
    }
    await this.call(`committing ${uri}`, () =>
      this.client.send(new PutObjectCommand({ Bucket: this.where.bucket, Key: manifestKey, Body: JSON.stringify(manifest), ContentType: 'application/json' })),
    );
    // The writer is the likeliest reader (the next rung of the same trial).
    await this.cache?.putCheckpoint(uri, files);
  }

  async getCheckpoint(uri: string): Promise<Record<string, Buffer>> {
    parseCheckpointUri(uri);
    if (this.cache !== undefined) {
      try {
        return await this.cache.getCheckpoint(uri);
      } catch (err) {
        if (err instanceof ArtifactCorruptError) await this.cache.deleteCheckpoint(uri);
        else if (!(err instanceof ArtifactNotFoundError)) throw err;
      }
    }
    const where = `checkpoint '${uri}' in ${this.location}`;
    let manifestText: string;
    try {
      manifestText = await this.getText(this.key(`${uri}/${MANIFEST_FILE}`));
    } catch (err) {
      if (isNotFound(err)) throw new ArtifactNotFoundError(`checkpoint '${uri}' is not in ${this.location}`);
      throw this.wrap(`reading ${uri}/${MANIFEST_FILE}`, err);
    }
    const manifest = parseManifest(manifestText, where);
    const files: Record<string, Buffer> = {};
    for (const [name, entry] of Object.entries(manifest.files)) {
      checkFileName(name, 'checkpoint file');
      try {
        files[name] = await this.getBytes(this.fileKey(uri, name, entry.sha256));
      } catch (err) {
        if (isNotFound(err)) throw new ArtifactCorruptError(`${where}: ${name} is missing`);
        throw this.wrap(`reading ${uri}/${name}`, err);
      }
      verifyFile(manifest, name, files[name], where);
    }
    await this.cache?.putCheckpoint(uri, files);
    return files;
  }

  async listCheckpoints(searchId: string, trialId: string): Promise<number[]> {
    checkSegment(searchId, 'searchId');
    checkSegment(trialId, 'trialId');
    const trialPrefix = this.key(`${searchId}/${trialId}/`);
    const keys = await this.listKeys(`${trialPrefix}epoch-`);
    const epochs = new Set<number>();
    for (const key of keys) {
      const [segment, file] = key.slice(trialPrefix.length).split('/');
      const epoch = epochOfSegment(segment);
      if (epoch !== undefined && file === MANIFEST_FILE) epochs.add(epoch);
    }
    return [...epochs].sort((a, b) => a - b);
  }

  async listTrials(searchId: string): Promise<string[]> {
    checkSegment(searchId, 'searchId');
    const searchPrefix = this.key(`${searchId}/`);
    const trials: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(`listing ${searchId}`, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.where.bucket, Prefix: searchPrefix, Delimiter: '/', ContinuationToken: token })),
      );
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) trials.push(p.Prefix.slice(searchPrefix.length).replace(/\/$/, ''));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return trials.sort();
  }

  async deleteCheckpoint(uri: string): Promise<void> {
    parseCheckpointUri(uri);
    // The manifest first: from then on the checkpoint is gone for every reader, even if we
    // are killed before its files are removed (the next delete of the uri removes those).
    await this.call(`deleting ${uri}`, () => this.client.send(new DeleteObjectCommand({ Bucket: this.where.bucket, Key: this.key(`${uri}/${MANIFEST_FILE}`) })));
    const keys = await this.listKeys(this.key(`${uri}/`));
    await Promise.all(keys.map((Key) => this.call(`deleting ${Key}`, () => this.client.send(new DeleteObjectCommand({ Bucket: this.where.bucket, Key })))));
    await this.cache?.deleteCheckpoint(uri);
  }

  async appendRecord(searchId: string, trialId: string, log: string, record: object): Promise<void> {
    // Objects cannot be appended to: one object per record, named so that keys sort in order.
    const name = `${Date.now().toString().padStart(15, '0')}-${process.pid}-${String(recordSequence++).padStart(6, '0')}.json`;
    const key = this.key(`${this.logPrefix(searchId, trialId, log)}${name}`);
    await this.call(`appending to ${searchId}/${trialId}/${log}`, () =>
      this.client.send(new PutObjectCommand({ Bucket: this.where.bucket, Key: key, Body: JSON.stringify(record), ContentType: 'application/json' })),
    );
  }

  async readRecords(searchId: string, trialId: string, log: string): Promise<unknown[]> {
    const keys = (await this.listKeys(this.key(this.logPrefix(searchId, trialId, log)))).sort();
    const records: unknown[] = [];
    // Each record is one object, put whole or not at all: none is ever torn, so any object
    // that is not JSON is damage, named by its key.
    for (const [i, key] of keys.entries()) {
      const text = await this.call(`reading ${key}`, () => this.getText(key));
      try {
        records.push(JSON.parse(text) as unknown);
      } catch (err) {
        throw new ArtifactCorruptError(`${this.location}: record ${i + 1} of ${keys.length} of ${searchId}/${trialId}/${log} (${key}) is not JSON (${(err as Error).message}); repair or remove that object`);
      }
    }
    return records;
  }

  private logPrefix(searchId: string, trialId: string, log: string): string {
    checkSegment(searchId, 'searchId');
    checkSegment(trialId, 'trialId');
    checkFileName(log, 'log name');
    return `${searchId}/${trialId}/${log}/`;
  }

  private key(relative: string): string {
    return this.base + relative;
  }

  private fileKey(uri: string, name: string, sha: string): string {
    return this.key(`${uri}/${sha.slice(0, 16)}-${name}`);
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.where.bucket, Key: key }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw this.wrap(`checking ${key}`, err);
    }
  }

  private async listKeys(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(`listing ${prefix}`, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.where.bucket, Prefix: prefix, ContinuationToken: token })),
      );
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return keys;
  }

  private async getBytes(key: string): Promise<Buffer> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.where.bucket, Key: key }));
    if (out.Body === undefined) return Buffer.alloc(0);
    return Buffer.from(await out.Body.transformToByteArray());
  }

  private async getText(key: string): Promise<string> {
    return (await this.getBytes(key)).toString('utf8');
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.wrap(what, err);
    }
  }

  /**
   * SDK errors name neither the store nor the operation; ours say both. A store that refuses
   * the credentials or has no such bucket fails for good, naming the setting to fix; anything
   * else is an outage (a plain ArtifactError, retried on the store outage schedule).
   */
  private wrap(what: string, err: unknown): Error {
    if (err instanceof ArtifactError) return err;
    const e = err as Error & { Code?: string };
    const failed = `${this.location}: ${what} failed: ${e.name ?? 'Error'}${e.message ? `: ${e.message}` : ''}`;
    // The SDK's messages end in a full stop; ours goes on after it.
    const refused = failed.replace(/\.$/, '');
    if (isNoSuchBucket(err)) {
      return new ArtifactAccessError(
        `${refused}. The bucket '${this.where.bucket}' does not exist on this S3 endpoint: fix the bucket in NAS_ARTIFACTS (${this.location}), or the endpoint in AWS_ENDPOINT_URL, or create the bucket; not retried`,
        { cause: err },
      );
    }
    if (isBadCredentials(err)) {
      return new ArtifactAccessError(
        `${refused}. The store refuses this worker's credentials (HTTP ${(err as SdkError).$metadata?.httpStatusCode ?? '?'}): fix AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_SESSION_TOKEN, AWS_PROFILE, wherever the AWS SDK finds them), and give them read and write access to ${this.location}; not retried`,
        { cause: err },
      );
    }
    return new ArtifactError(failed, { cause: err });
  }
}

export function createS3Store(location: string, env: Env, cacheRoot: string | undefined): S3ArtifactStore {
  const where = parseS3Location(location);
  const client = new S3Client(s3ClientConfig(env));
  return new S3ArtifactStore(where, client, cacheRoot === undefined ? undefined : new LocalDirectoryStore(cacheRoot, { createRoot: true }));
}
