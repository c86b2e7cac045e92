// What `nas watch` does (its options: commands/watch.ts), and the live view `nas search` shares.
import type { Client } from '@temporalio/client';
import { EXIT } from '../exit-codes';
import { searchResult } from '../search-client';
import { withClient } from '../with-client';
import { followSearch, modeFor } from '../watch/follow';
import { printSummary } from '../summary';

export interface WatchOptions {
  json?: boolean;
  interval: number;
}

export async function watch(searchId: string, opts: WatchOptions): Promise<number> {
  return withClient((client) => watchUntilDone(client, searchId, { ...opts, out: process.stdout }));
}

/** Shows the search live until it ends, then its summary; the exit code says how it ended. */
export async function watchUntilDone(
  client: Client,
  searchId: string,
  opts: WatchOptions & { out: NodeJS.WriteStream },
): Promise<number> {
  const mode = modeFor(opts.out, opts.json === true);
  const final = await followSearch(client, searchId, { mode, out: opts.out, intervalMs: opts.interval * 1000 });
  const say = (line: string): void => void opts.out.write(`${line}\n`);
  if (final.status === 'failed') {
    if (mode !== 'json') say(`search ${searchId} failed: ${final.error ?? 'see the Web UI'}`);
    return EXIT.failed;
  }
  if (mode !== 'json') printSummary(await searchResult(client, searchId), say);
  return EXIT.ok;
}
