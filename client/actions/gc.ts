// What `nas gc <id> --keep N` does (options: commands/gc.ts): deletes every stored checkpoint
// of a finished search except those of its N best trials, through the artifact store.
import { artifactsDir } from '../../infra/paths';
import { retentionPlan } from '../../domain/search/retention';
import { checkpointUri, openArtifactStore } from '../../store';
import { UsageError } from '../errors';
import { EXIT } from '../exit-codes';
import { describeSearch, searchResult } from '../search-client';
import { withClient } from '../with-client';

export interface GcOptions {
  keep: number;
  dryRun?: boolean;
}

export async function gc(searchId: string, opts: GcOptions): Promise<number> {
  const result = await withClient(async (client) => {
    const report = await describeSearch(client, searchId);
    // A running search still resumes and promotes trials from its checkpoints.
    if (report.status === 'running') throw new UsageError(`search ${searchId} is still running; gc only finished searches (nas stop ${searchId}, then gc)`);
    return searchResult(client, searchId);
  });
  const store = openArtifactStore(artifactsDir());
  const stored: string[] = [];
  for (const trialId of await store.listTrials(searchId)) {
    for (const epoch of await store.listCheckpoints(searchId, trialId)) stored.push(checkpointUri(searchId, trialId, epoch));
  }
  const plan = retentionPlan(result, opts.keep, stored);
  if (!opts.dryRun) for (const uri of plan.remove) await store.deleteCheckpoint(uri);
  const verb = opts.dryRun ? 'would remove' : 'removed';
  process.stdout.write(
    `${searchId}: kept ${plan.keep.length} checkpoint(s) of the top ${plan.keptTrials.length} trial(s)${plan.keptTrials.length ? ` (${plan.keptTrials.join(', ')})` : ''}; ` +
      `${verb} ${plan.remove.length} checkpoint(s) from ${store.location}\n`,
  );
  return EXIT.ok;
}
