// The search attributes every search carries, so Temporal's visibility (nas list --query, the
// Web UI's filter) can find searches by what they are and how far they got, e.g.
//   NasSpace = 'chain' AND NasBestAccuracy > 0.97
// The client sets them at start, the workflow updates them as results land, and the dev server
// and the workers register them (infra/temporal/search-attributes.ts) before they are used.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SEARCH_ATTRIBUTES = {
  /** Strategy type, e.g. evolution. */
  strategy: defineSearchAttributeKey('NasStrategy', SearchAttributeType.KEYWORD),
  /** Search-space type, e.g. chain. */
  space: defineSearchAttributeKey('NasSpace', SearchAttributeType.KEYWORD),
  /** Dataset name, e.g. mnist. */
  dataset: defineSearchAttributeKey('NasDataset', SearchAttributeType.KEYWORD),
  /** The search's own status: running, completed, stopped (Temporal calls a stopped search COMPLETED). */
  status: defineSearchAttributeKey('NasStatus', SearchAttributeType.KEYWORD),
  /** Best validation accuracy so far, 0..1; absent until a first trial finishes. */
  bestAccuracy: defineSearchAttributeKey('NasBestAccuracy', SearchAttributeType.DOUBLE),
  /** Trials finished (completed, pruned or failed). */
  trialsDone: defineSearchAttributeKey('NasTrialsDone', SearchAttributeType.INT),
  /** The trial budget. */
  trialsTotal: defineSearchAttributeKey('NasTrialsTotal', SearchAttributeType.INT),
} as const;

export const SEARCH_ATTRIBUTE_KEYS = Object.values(SEARCH_ATTRIBUTES);
