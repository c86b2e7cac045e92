/** Thrown when a search configuration is invalid; lists every problem, each naming its key. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid search config:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
