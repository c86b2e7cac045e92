// An S3 store that accepts connections but never answers (versitygw frozen with SIGSTOP) fails
// a request with a retryable ArtifactError once it has been silent for the client's idle
// timeout, instead of hanging it (and a training attempt whose heartbeats go on) for good.
import test from 'ava';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ArtifactStore, s3ClientConfig } from '../../store/s3';
import { ArtifactError } from '../../store';
import { startTestS3 } from '../helpers/versitygw';

test('a frozen S3 store fails a request as retryable after the idle timeout; thawed, it answers again', async (t) => {
  const s3 = await startTestS3();
  // The production timeout is 30 s (S3_IDLE_TIMEOUT_MS); the mechanism is the same at 1 s.
  const client = new S3Client(s3ClientConfig(s3.env, 1_000));
  const store = new S3ArtifactStore({ bucket: s3.bucket, prefix: 'frozen' }, client);
  try {
    t.deepEqual(await store.listCheckpoints('search', 't0001'), []);
    s3.freeze();
    const started = Date.now();
    const err = await t.throwsAsync(store.listCheckpoints('search', 't0001'), { instanceOf: ArtifactError });
    const seconds = (Date.now() - started) / 1000;
    t.regex(err?.message ?? '', /s3:\/\/nas-test\/frozen: listing frozen\/search\/t0001\/epoch- failed: TimeoutError/);
    t.not((err as { nonRetryable?: boolean }).nonRetryable, true, 'a training attempt failing on it is retried');
    // The SDK's own 3 tries, each waiting out the idle timeout, plus its backoff between them.
    t.true(seconds >= 1 && seconds < 20, `failed after ${seconds.toFixed(1)} s`);
    t.log(`frozen store: the request failed after ${seconds.toFixed(1)} s at a 1 s idle timeout`);
    s3.thaw();
    t.deepEqual(await store.listCheckpoints('search', 't0001'), []);
  } finally {
    s3.thaw();
    client.destroy();
    await s3.stop();
  }
});
