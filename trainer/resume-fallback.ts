// Words for a resume that fell back (trainer/resume.ts), without loading tfjs: the training
// activity logs them in the worker's main process.
import type { ResumeFallback } from '../contracts/training';

/** One line for logs: what was skipped and where the training went on from. */
export function describeFallback(f: ResumeFallback): string {
  const from = f.resumedFrom ? `epoch ${f.resumedFrom.epoch} (${f.resumedFrom.uri})` : 'fresh weights (no earlier checkpoint reads)';
  return `checkpoint '${f.requested.uri}' is unreadable, resumed from ${from}; skipped: ${f.unreadable.map((u) => u.reason).join('; ')}`;
}
