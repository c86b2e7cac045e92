// What `nas report` does (its options: commands/report.ts): one self-contained HTML page.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createSpace } from '../../domain/spaces';
import { EXIT } from '../exit-codes';
import { searchResult } from '../search-client';
import { withClient } from '../with-client';
import { reportHtml } from '../report/html';
import { trainingsFinished } from '../report/timings';

export async function report(searchId: string, opts: { out: string }): Promise<number> {
  const { result, finished } = await withClient(async (client) => ({
    result: await searchResult(client, searchId),
    finished: await trainingsFinished(client, searchId),
  }));
  const best = result.trials.find((t) => t.trialId === result.best?.trialId);
  const bestGraph = result.best?.graph ?? (best ? createSpace(result.config.space).compile(best.architecture) : undefined);
  const outDir = resolve(opts.out);
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, 'index.html');
  await writeFile(file, reportHtml({ result, finished, ...(bestGraph ? { bestGraph } : {}), generatedAt: new Date() }));
  process.stdout.write(`${file}\n`);
  return EXIT.ok;
}
