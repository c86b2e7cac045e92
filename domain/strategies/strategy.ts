import type { Observation, Proposal } from '../types';

/**
 * Ask/tell interface every search strategy implements (in the spirit of Optuna's samplers).
 *
 * Determinism contract: a strategy is a pure function of its seed and the sequence of ask/tell
 * calls. `snapshot()` returns JSON-serialisable state; restoring it with the strategy's
 * `restore` factory yields a strategy that answers the next calls exactly as the original would.
 */
export interface Strategy<S = unknown> {
  readonly type: string;
  /** Proposes the architecture for a new trial; `trialId` is assigned by the caller and must be new. */
  ask(trialId: string): Proposal;
  /** Reports the outcome of a trial previously asked; throws on an unknown or already told id. */
  tell(trialId: string, observation: Observation): void;
  /** A deep copy of the state, safe to JSON.stringify. */
  snapshot(): S;
}
