// Words for a resume (trainer/resume.ts) or a morphism's inheritance (trainer/morphism/parent.ts)
// that fell back, without loading tfjs: the training activity logs them in the worker's main
// process, the trainer in the trial's epoch log.
import type { InheritFallback, ResumeFallback } from '../contracts/training';

/** One line for logs: what was skipped and where the training went on from. */
export function describeFallback(f: ResumeFallback): string {
  const from = f.resumedFrom ? `epoch ${f.resumedFrom.epoch} (${f.resumedFrom.uri})` : 'fresh weights (no earlier checkpoint reads)';
  return `checkpoint '${f.requested.uri}' is unreadable, resumed from ${from}; skipped: ${f.unreadable.map((u) => u.reason).join('; ')}`;
}

/** One line for logs: whose checkpoint could not be read, and that the child started fresh. */
export function describeInheritFallback(f: InheritFallback): string {
  return `parent ${f.parentTrialId}'s checkpoint '${f.requested.uri}' is unreadable, the child trained from fresh weights; skipped: ${f.reason}`;
}
