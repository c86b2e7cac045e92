// The report page: one self-contained HTML file (inline CSS and SVG, no script, nothing fetched
// at view time) built from a search result and the times its trainings finished.
import type { ArchitectureGraph } from '../../contracts/graph';
import type { SearchResult } from '../../domain/search/types';
import { graphSvg } from './graph-svg';
import { escapeXml, PALETTE, plot, type Point, type Series } from './svg';
import type { TrainingFinished } from './timings';
import { describeSteps, tallySteps } from '../training-steps';

type Trial = SearchResult['trials'][number];

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

/** Best-so-far after each finished training, in the order they finished. */
export function anytimeBest(finished: TrainingFinished[]): { at: number; best: number; trialId: string; epochs: number }[] {
  let best = -Infinity;
  return finished.map((f) => {
    best = Math.max(best, f.valAccuracy);
    return { at: f.at, best, trialId: f.trialId, epochs: f.epochs };
  });
}

/** Trials no other trial beats on both accuracy (higher) and cost (lower), cheapest first. */
export function paretoFront<T extends { cost: number; accuracy: number }>(items: T[]): T[] {
  const sorted = [...items].sort((a, b) => a.cost - b.cost || b.accuracy - a.accuracy);
  const front: T[] = [];
  for (const item of sorted) if (front.length === 0 || item.accuracy > front[front.length - 1].accuracy) front.push(item);
  return front;
}

function costPlot(id: string, title: string, xLabel: string, trials: Trial[], cost: (t: Trial) => number | undefined): string {
  const items = trials
    .filter((t) => t.metrics && (cost(t) ?? 0) > 0)
    .map((t) => ({ trial: t, cost: cost(t)!, accuracy: t.metrics!.valAccuracy }));
  const front = paretoFront(items);
  const onFront = new Set(front.map((f) => f.trial.trialId));
  const point = (i: (typeof items)[number]): Point => ({ x: i.cost, y: i.accuracy, label: `${i.trial.trialId}: ${pct(i.accuracy)}, ${i.cost} ${xLabel.toLowerCase()}, ${i.trial.description}` });
  return plot({
    id,
    title,
    xLabel,
    yLabel: 'validation accuracy',
    xLog: true,
    series: [
      { name: 'trials', color: PALETTE[0], points: items.filter((i) => !onFront.has(i.trial.trialId)).map(point) },
      { name: 'Pareto front', color: PALETTE[3], line: 'step', points: front.map(point), dotRadius: 4 },
    ],
  });
}

function rungPlot(result: SearchResult): string {
  const series: Series[] = result.trials
    .filter((t) => t.segments.length > 0)
    .map((t) => ({
      name: t.trialId,
      color: t.status === 'pruned' ? '#9aa5b1' : t.trialId === result.best?.trialId ? PALETTE[3] : PALETTE[0],
      line: 'straight' as const,
      points: t.segments.map((s) => {
        const m = t.history.find((h) => h.epoch === s.toEpoch);
        return { x: s.toEpoch, y: m?.valAccuracy ?? 0, label: `${t.trialId} rung ${s.rung}: ${m ? pct(m.valAccuracy) : '?'} after ${s.toEpoch} epochs (${t.status})` };
      }),
    }));
  return plot({ id: 'rungs', title: 'Rungs: accuracy at the end of each (grey: pruned, red: best)', xLabel: 'epochs', yLabel: 'validation accuracy', xLog: true, series, legend: false });
}

/** The step that trained a trial, and why when it says (why not the graph); '-' for none recorded. */
function stepCell(t: Trial): string {
  const path = t.trainingPath;
  if (path === undefined) return '<td class="step">-</td>';
  const why = path.reason !== undefined ? ` <span class="why">(${escapeXml(path.reason)})</span>` : '';
  return `<td class="step" data-step="${path.step}">${path.step}${why}</td>`;
}

export interface ReportInput {
  result: SearchResult;
  finished: TrainingFinished[];
  /** The best trial's graph (result.best.graph, or compiled from its architecture). */
  bestGraph?: ArchitectureGraph;
  generatedAt: Date;
}

export function reportHtml({ result, finished, bestGraph, generatedAt }: ReportInput): string {
  const c = result.config;
  const anytime = anytimeBest(finished);
  const start = result.startedAt;
  const label = (a: (typeof anytime)[number]): string => `after ${a.trialId} (${a.epochs} ep): best ${pct(a.best)}`;
  const anytimeTime = plot({
    id: 'anytime-time',
    title: 'Best validation accuracy so far, against wall time',
    xLabel: 'minutes since the search started',
    yLabel: 'best validation accuracy',
    series: [{ name: 'best so far', color: PALETTE[3], line: 'step', points: anytime.map((a) => ({ x: (a.at - start) / 60_000, y: a.best, label: label(a) })) }],
  });
  const anytimeTrials = plot({
    id: 'anytime-trials',
    title: 'Best validation accuracy so far, against trainings finished',
    xLabel: 'trainings finished (each rung of a trial counts)',
    yLabel: 'best validation accuracy',
    series: [{ name: 'best so far', color: PALETTE[3], line: 'step', points: anytime.map((a, i) => ({ x: i + 1, y: a.best, label: label(a) })) }],
  });
  const curves = plot({
    id: 'learning-curves',
    title: "Every trial's learning curve",
    xLabel: 'epoch',
    yLabel: 'validation accuracy',
    legend: false,
    series: result.trials
      .filter((t) => t.history.length > 0)
      .map((t, i) => ({
        name: t.trialId,
        color: t.trialId === result.best?.trialId ? PALETTE[3] : PALETTE[i % PALETTE.length === 3 ? 0 : i % PALETTE.length],
        line: 'straight' as const,
        dotRadius: 2,
        points: t.history.map((h) => ({ x: h.epoch, y: h.valAccuracy, label: `${t.trialId} epoch ${h.epoch}: ${pct(h.valAccuracy)} (loss ${h.loss.toFixed(3)})` })),
      })),
  });
  const best = result.best;
  const trained = result.trials.filter((t) => t.epochs > 0);
  const summary: [string, string][] = [
    ['status', result.status],
    ['strategy', c.strategy.type],
    ['space', c.space.type],
    ['dataset', `${c.dataset.name}: ${c.dataset.trainSize} train, ${c.dataset.validationSize} validation`],
    ['fidelity', c.fidelity.type === 'none' ? `${c.fidelity.maxEpochs} epochs each` : `successive halving ${c.fidelity.minEpochs}→${c.fidelity.maxEpochs} epochs, eta ${c.fidelity.eta}`],
    ['budget', `${c.budget.trials} trials; ${trained.length} trained, ${finished.length} trainings`],
    ['wall time', `${((result.finishedAt - result.startedAt) / 60_000).toFixed(1)} minutes`],
    ['backend', result.backend ? `${result.backend.name} (${result.backend.package} ${result.backend.version})` : '?'],
    ['training step', describeSteps(tallySteps(result.trials))],
    ['best', best ? `${best.trialId}: ${pct(best.metrics.valAccuracy)} after ${best.epochs} epochs, ${best.params ?? '?'} params` : 'none yet'],
  ];
  const rows = [...result.trials]
    .sort((a, b) => (b.metrics?.valAccuracy ?? -1) - (a.metrics?.valAccuracy ?? -1))
    .map(
      (t) =>
        `<tr${t.trialId === best?.trialId ? ' class="best"' : ''}><td>${escapeXml(t.trialId)}</td><td>${t.status}</td><td class="n">${t.rung}</td><td class="n">${t.epochs}</td>` +
        `<td class="n">${t.metrics ? pct(t.metrics.valAccuracy) : '-'}</td><td class="n">${t.params ?? '-'}</td><td class="n">${t.flops ?? '-'}</td>${stepCell(t)}<td>${escapeXml(t.description)}</td></tr>`,
    );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>NAS report: ${escapeXml(result.searchId)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1180px;color:#222;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#666;margin:0 0 16px}table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}tr.best td{background:#fff3f0;font-weight:600}
.plots{display:flex;flex-wrap:wrap;gap:16px}.plots svg{background:#fff;border:1px solid #e4e4e4;border-radius:6px;max-width:100%;height:auto}
svg text{font:11px system-ui,sans-serif;fill:#333}svg .plot-title{font-size:13px;font-weight:600}svg .axis-label{font-size:12px}
svg .grid{stroke:#eee}svg .frame{fill:none;stroke:#bbb}svg .edge{stroke:#555;stroke-width:1.3}svg .node-op{font-weight:600}
.why{color:#666;font-size:12px}
.graph-wrap{overflow-x:auto;border:1px solid #e4e4e4;border-radius:6px;padding:8px;background:#fff}
</style></head><body>
<h1>NAS report: ${escapeXml(result.searchId)}</h1>
<p class="sub">Generated ${escapeXml(generatedAt.toISOString())} by <code>nas report</code>. Hover a point for its trial.</p>
<table class="summary">${summary.map(([k, v]) => `<tr><th>${k}</th><td>${escapeXml(v)}</td></tr>`).join('')}</table>
<h2>Anytime performance</h2>
<div class="plots">${anytimeTime}${anytimeTrials}</div>
<h2>Learning curves and the fidelity schedule</h2>
<div class="plots">${curves}${rungPlot(result)}</div>
<h2>Accuracy against cost</h2>
<div class="plots">${costPlot('accuracy-params', 'Accuracy against parameters, with the Pareto front', 'parameters', result.trials, (t) => t.params)}${costPlot('accuracy-flops', 'Accuracy against FLOPs, with the Pareto front', 'FLOPs', result.trials, (t) => t.flops)}</div>
<h2>Best architecture${best ? `: ${escapeXml(best.trialId)}` : ''}</h2>
${best ? `<p>${escapeXml(best.description)}</p>` : '<p>No trial has finished yet.</p>'}
${bestGraph ? `<div class="graph-wrap">${graphSvg(bestGraph)}</div>` : ''}
<h2>All trials</h2>
<table class="trials"><tr><th>trial</th><th>status</th><th>rung</th><th>epochs</th><th>val accuracy</th><th>params</th><th>FLOPs</th><th>step</th><th>architecture</th></tr>${rows.join('')}</table>
</body></html>
`;
}
