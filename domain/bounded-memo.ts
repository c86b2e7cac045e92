// A cache of a pure function's results, keyed by text, that forgets everything once its keys
// pass a size in characters. Results never depend on it (the function is pure), so it is safe
// in workflow code; the bound keeps a long search's memory flat whatever the keys' sizes.

export class BoundedMemo {
  private readonly values = new Map<string, string>();
  private chars = 0;

  constructor(private maxChars: number) {}

  /** A new bound; the entries held stay until the next insert would pass it. */
  resize(maxChars: number): void {
    this.maxChars = maxChars;
  }

  /** `compute(key)`, from the cache when it was computed before. */
  get(key: string, compute: (key: string) => string): string {
    const known = this.values.get(key);
    if (known !== undefined) return known;
    const value = compute(key);
    const size = key.length + value.length;
    if (this.chars + size > this.maxChars) {
      this.values.clear();
      this.chars = 0;
    }
    if (size <= this.maxChars) {
      this.values.set(key, value);
      this.chars += size;
    }
    return value;
  }

  /** Entries held now (for tests). */
  get size(): number {
    return this.values.size;
  }
}
