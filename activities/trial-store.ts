// The trial store's activity: the search workflow hands it the records of settled trials, which
// then leave the workflow's state (store/trial-records.ts says where they go). It runs on the
// search's own task queue (the workflow worker registers it), so it never waits behind a
// training for a slot.
import type { TrialRecord } from '../domain/search/types';
import { openArtifactStore } from '../store';
import { writeTrialRecords } from '../store/trial-records';

export interface SaveTrialsInput {
  searchId: string;
  records: TrialRecord[];
}

export interface TrialStoreActivities {
  /** Writes the records; resolves with the store's location once they are durable. */
  saveTrials(input: SaveTrialsInput): Promise<{ location: string }>;
}

export function createTrialStoreActivities(artifactRoot: string): TrialStoreActivities {
  return {
    async saveTrials({ searchId, records }) {
      const store = openArtifactStore(artifactRoot);
      await writeTrialRecords(store, searchId, records);
      return { location: store.location };
    },
  };
}
