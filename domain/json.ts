/** A deep copy of plain JSON data (no structuredClone: Temporal's workflow sandbox lacks it). */
export function copyJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
