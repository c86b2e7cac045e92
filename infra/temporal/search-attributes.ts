// Registers the NAS search attributes (contracts/search-attributes.ts) in a namespace. A
// workflow that sets an unregistered attribute fails its workflow task, so every path that can
// start or run a search makes sure they exist: the embedded dev server registers them at start,
// and `nas search` and the workflow workers check here, which also covers older dev servers and
// external clusters.
import type { Connection } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { SEARCH_ATTRIBUTE_KEYS } from '../../contracts/search-attributes';

/** The dev server's own flags for them: `--search-attribute NasStrategy=Keyword ...`. */
export function devServerSearchAttributeArgs(): string[] {
  // The CLI spells the types in PascalCase: KEYWORD_LIST is KeywordList.
  const cliName = (type: string): string => type.toLowerCase().replace(/(^|_)(\w)/g, (_m, _s, c: string) => c.toUpperCase());
  return SEARCH_ATTRIBUTE_KEYS.flatMap((key) => ['--search-attribute', `${key.name}=${cliName(key.type)}`]);
}

/**
 * Adds the attributes the namespace lacks. Returns the names added; throws with the reason when
 * the server refuses (e.g. a cloud namespace where they must be added in its own console).
 */
export async function ensureSearchAttributes(connection: Connection | NativeConnection, namespace: string): Promise<string[]> {
  const operator = connection.operatorService;
  const existing = await operator.listSearchAttributes({ namespace });
  const known = new Set([...Object.keys(existing.customAttributes ?? {}), ...Object.keys(existing.systemAttributes ?? {})]);
  const missing = SEARCH_ATTRIBUTE_KEYS.filter((key) => !known.has(key.name));
  if (missing.length === 0) return [];
  await operator.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!])),
  });
  return missing.map((key) => key.name);
}
