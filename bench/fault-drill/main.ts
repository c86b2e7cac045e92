// `npm run drill` (node dist/bench/fault-drill/main.js [options]): the fault drill. Prints one
// summary line; exit code 0 when every check passed. Options: --seed N, --kills N (of each kind),
// --workers N, --trials N, --train-size N, --max-epochs N, --gap-ms A-B, --raise-budget, --keep.
import { DEFAULTS, KINDS, runDrill, type DrillOptions, type DrillReport } from './drill';

function parse(argv: string[]): DrillOptions {
  const o: DrillOptions = { ...DEFAULTS, log: (line) => process.stderr.write(`[drill ${new Date().toISOString().slice(11, 19)}] ${line}\n`) };
  const int = (flag: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (v === undefined || !/^\d+$/.test(v) || n < min) throw new Error(`${flag}: expected a whole number >= ${min}, got ${JSON.stringify(v)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const v = argv[i + 1];
    if (flag === '--keep') o.keep = true;
    else if (flag === '--raise-budget') o.raiseBudget = true;
    else if (flag === '--seed') (o.seed = int(flag, v, 0)), i++;
    else if (flag === '--kills') (o.kills = int(flag, v, 0)), i++;
    else if (flag === '--workers') (o.workers = int(flag, v, 2)), i++;
    else if (flag === '--trials') (o.trials = int(flag, v, 1)), i++;
    else if (flag === '--train-size') (o.trainSize = int(flag, v, 64)), i++;
    else if (flag === '--max-epochs') (o.maxEpochs = int(flag, v, 2)), i++;
    else if (flag === '--gap-ms') {
      const m = /^(\d+)-(\d+)$/.exec(v ?? '');
      if (!m || Number(m[1]) > Number(m[2])) throw new Error(`--gap-ms: expected A-B milliseconds with A <= B, got ${JSON.stringify(v)}`);
      o.gapMs = [Number(m[1]), Number(m[2])];
      i++;
    } else throw new Error(`unknown option ${flag} (see bench/fault-drill/README.md)`);
  }
  return o;
}

export function summaryLine(r: DrillReport): string {
  const v = r.verdict;
  const statuses = Object.entries(v.byStatus).map(([s, n]) => `${s} ${n}`).join(', ');
  const best = r.best ? `best ${r.best.trialId} val acc ${r.best.recorded.toFixed(4)} reproduced ${r.best.reproduced.toFixed(4)}` : 'no best';
  return [
    `fault-drill ${r.ok ? 'PASS' : 'FAIL'} ${r.searchId}: ${r.status}`,
    `kills ${KINDS.map((k) => `${k} ${r.kills[k]}`).join(', ')}${r.missedKills ? ` (+${r.missedKills} after the training had finished)` : ''}`,
    `trials ${v.trials} (${statuses}), lost ${v.lost.length}`,
    `epochs trained ${v.epochStarts}, re-trained finished epochs ${v.retrained.length}`,
    `interrupted trainings ${v.interrupted}, resumed from newest checkpoint ${v.resumed}/${v.resumed + v.notResumed.length}`,
    `activity retries ${r.retries}, budget raises ${r.budgetRaises}`,
    best,
    `${Math.round(r.seconds)} s`,
  ].join('; ') + (r.ok ? '' : ` | ${r.problems.join(' | ')}`);
}

if (require.main === module) {
  // The drill loads tfjs-node itself to evaluate the best checkpoint: keep TensorFlow's start-up notes out of its output.
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  (async () => {
    const options = parse(process.argv.slice(2));
    const report = await runDrill(options);
    process.stdout.write(`${summaryLine(report)}\n`);
    if (options.keep) process.stderr.write(`kept ${report.home}\n`);
    process.exitCode = report.ok ? 0 : 1;
  })().catch((err: unknown) => {
    process.stderr.write(`fault-drill: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
