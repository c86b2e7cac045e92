// IPC messages between TrainerPool (parent) and a trainer child. Plain JSON: Node's
// default 'json' serialisation of process.send.
import type { BackendInfo, TrainProgress, TrainRequest, TrainResult } from '../contracts/training';

/** An error as it crosses the process boundary. */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  nonRetryable: boolean;
}

export type ParentMessage =
  | { type: 'train'; jobId: number; request: TrainRequest; artifactRoot: string }
  /** Asks the child to exit once idle (used by close()). */
  | { type: 'shutdown' };

export type ChildMessage =
  /** Sent once, when backend selection finished (successfully or not). */
  | { type: 'ready'; backend: BackendInfo }
  | { type: 'init-failed'; error: WireError }
  | { type: 'progress'; jobId: number; progress: TrainProgress }
  | { type: 'result'; jobId: number; result: TrainResult }
  | { type: 'error'; jobId: number; error: WireError }
  | { type: 'log'; message: string };
