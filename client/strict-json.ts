// JSON.parse keeps the last of two equal keys and says nothing, so a config with
// `"budget": {...}` twice silently loses the first section. This scanner walks text that
// JSON.parse has already accepted and reports every repeated key by its path.

/** Paths (`budget.trials`, `space.filters[0].x`) of keys that appear twice in one object. */
export function duplicateKeys(text: string): string[] {
  const found: string[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const readString = (): string => {
    const start = i;
    i++; // opening quote
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    skipSpace();
    const c = text[i];
    if (c === '{') {
      i++;
      const seen = new Set<string>();
      skipSpace();
      while (text[i] !== '}') {
        skipSpace();
        const key = readString();
        const keyPath = path === '' ? key : `${path}.${key}`;
        if (seen.has(key)) found.push(keyPath);
        seen.add(key);
        skipSpace();
        i++; // ':'
        value(keyPath);
        skipSpace();
        if (text[i] === ',') i++;
        skipSpace();
      }
      i++;
    } else if (c === '[') {
      i++;
      let index = 0;
      skipSpace();
      while (text[i] !== ']') {
        value(`${path}[${index++}]`);
        skipSpace();
        if (text[i] === ',') i++;
        skipSpace();
      }
      i++;
    } else if (c === '"') {
      readString();
    } else {
      // number, true, false, null
      while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
    }
  };
  value('');
  return found;
}

/** JSON.parse that also refuses repeated keys, naming them. */
export function parseStrictJson(text: string): unknown {
  const parsed: unknown = JSON.parse(text);
  const repeated = duplicateKeys(text);
  if (repeated.length > 0) {
    throw new Error(`key ${repeated.map((p) => `"${p}"`).join(', ')} appears more than once (JSON keeps only the last); keep one`);
  }
  return parsed;
}
