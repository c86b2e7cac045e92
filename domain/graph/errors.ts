/** Thrown for an invalid architecture graph; `problems` name each node and the rule it breaks. */
export class GraphError extends Error {
  override readonly name = 'GraphError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid architecture graph: ${problems.join('; ')}`);
  }
}
