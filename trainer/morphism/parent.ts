// The parent weights a morphism's child inherits, read from the parent's checkpoint. A
// checkpoint that cannot be read back (truncated or corrupt: a crash mid-write, disk trouble)
// does not fail the child: it trains from fresh weights, as a resume from an unreadable
// checkpoint goes on from an earlier one (trainer/resume.ts), and the result says why
// (TrainResult.inheritFallback). The parent's checkpoint is left in place: it is not the
// child's to remove, and the parent's own resume deals with it. A store that does not answer
// (StoreUnavailableError) still fails the attempt, to be retried: it says nothing about the bytes.
import { readModelWeights } from '../checkpoint';
import { UnreadableCheckpointError } from '../errors';
import type { InheritFallback } from '../../contracts/training';
import type { InheritSpec } from '../../contracts/weight-map';
import type { ParentWeights } from './inherit';

export type ParentRead = { weights: ParentWeights; fallback?: undefined } | { weights?: undefined; fallback: InheritFallback };

export async function readParentWeights(artifactRoot: string, spec: InheritSpec): Promise<ParentRead> {
  try {
    return { weights: await readModelWeights(artifactRoot, spec.checkpoint) };
  } catch (err) {
    if (!(err instanceof UnreadableCheckpointError)) throw err;
    return { fallback: { requested: spec.checkpoint, parentTrialId: spec.parentTrialId, reason: err.message } };
  }
}
