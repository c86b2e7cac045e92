// Exit codes of `nas` (documented in the README), so scripts can tell the cases apart.
import { CommanderError } from 'commander';
import { ConfigError } from '../domain/config/errors';
import { NotFoundError, UnavailableError, UsageError } from './errors';
import { ArtifactLocationError } from '../store/errors';

export const EXIT = {
  ok: 0,
  /** The search failed, or something went wrong that is not the user's input (see the message). */
  failed: 1,
  /** Bad command line, option value or config: nothing was started or changed. */
  usage: 2,
  /** `nas server status`: the embedded server is not running. */
  notRunning: 3,
  /** No search, trial or checkpoint with the given id. */
  notFound: 4,
  /** The Temporal server cannot be reached. */
  unavailable: 5,
  /** Interrupted with Ctrl-C (128 + SIGINT), the search itself goes on. */
  interrupted: 130,
} as const;

/** The exit code for an error a command threw; commander has already printed its own errors. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  // NAS_ARTIFACTS names a store that cannot be used: configuration, refused before anything runs.
  if (err instanceof UsageError || err instanceof ConfigError || err instanceof ArtifactLocationError) return EXIT.usage;
  if (err instanceof NotFoundError) return EXIT.notFound;
  if (err instanceof UnavailableError) return EXIT.unavailable;
  return EXIT.failed;
}
