// How a watch snapshot reads: a block of lines for a terminal (redrawn in place), one line for
// logs and pipes, and a JSON object for programs. Pure functions of the snapshot.
import type { WatchSnapshot, TrainingView } from './snapshot';
import { formatDuration, rungLabel, waiting } from '../search-client';

const BAR_WIDTH = 20;

export function bar(fraction: number, width = BAR_WIDTH): string {
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

/** The block shown on a terminal, redrawn at every poll. */
export function renderBlock(s: WatchSnapshot): string[] {
  const p = s.progress;
  const head = `search ${s.searchId}: ${s.status}${p ? ` · ${formatDuration(p.elapsedMs)} elapsed` : ''}${p?.backend ? ` · ${p.backend.name}` : ''}`;
  if (!p) return [head, `  ${s.error ?? 'waiting for progress'}`];
  const lines = [head];
  const fraction = p.trialsTotal > 0 ? p.trialsDone / p.trialsTotal : 0;
  const duplicates = p.duplicates > 0 ? `, ${p.duplicates} repeated networks skipped` : '';
  lines.push(`trials  ${bar(fraction)} ${p.trialsDone}/${p.trialsTotal} done${waiting(p)} (${Math.round(fraction * 100)}% of the budget${duplicates})`);
  lines.push(`rungs   ${p.rungs.map((e, i) => `${i}:${rungLabel(p, e)}`).join(' ')}${openBrackets(s)}`);
  lines.push(p.best ? `best    ${p.best.trialId} ${pct(p.best.valAccuracy)} after ${p.best.epochs} epochs${p.best.params !== undefined ? `, ${p.best.params} params` : ''}  ${p.best.description}` : 'best    none yet');
  if (s.trainings.length === 0) lines.push(s.status === 'running' ? 'training: nothing in flight' : '');
  for (const t of s.trainings) lines.push(trainingLine(t));
  if (s.error) lines.push(`note: ${s.error}`);
  return lines.filter((l, i) => l !== '' || i < lines.length - 1);
}

function openBrackets(s: WatchSnapshot): string {
  const open = s.progress?.brackets.filter((b) => !b.complete) ?? [];
  if (open.length === 0) return '';
  return `  · open brackets: ${open.map((b) => `b${b.index} at rung ${b.rung} (${b.contenders} in)`).join(', ')}`;
}

export function trainingLine(t: TrainingView): string {
  const epochs = `${t.epochsDone}/${t.targetEpochs} ep`.padStart(8);
  const metrics = t.last
    ? `loss ${t.last.loss.toFixed(3)} acc ${pct(t.last.accuracy)} val ${pct(t.last.valAccuracy)}`
    : 'starting';
  const left = t.secondsLeft !== undefined ? ` · ~${formatDuration(t.secondsLeft * 1000)} left` : '';
  const retry = t.attempt > 1 ? ` · attempt ${t.attempt}` : '';
  return `  ${t.trialId} rung ${t.rung} ${bar(t.targetEpochs > 0 ? t.epochsDone / t.targetEpochs : 0, 12)} ${epochs}  ${metrics}${left}${retry}`;
}

/** One line for logs and pipes, printed when something other than the clock changed. */
export function renderLine(s: WatchSnapshot): string {
  const p = s.progress;
  if (!p) return `[--:--] ${s.searchId} ${s.status}: ${s.error ?? 'waiting for progress'}`;
  const training = s.trainings.map((t) => `${t.trialId}:${t.epochsDone}/${t.targetEpochs}ep`).join(' ') || '-';
  const best = p.best ? `best ${p.best.trialId} ${pct(p.best.valAccuracy)} @${p.best.epochs}ep` : 'best: none yet';
  const brackets = p.brackets.filter((b) => !b.complete).map((b) => `b${b.index}:rung ${b.rung} (${rungLabel(p, p.rungs[b.rung], ' ')})`).join(', ') || 'no open bracket';
  return `[${formatDuration(p.elapsedMs)}] ${s.status} ${p.trialsDone}/${p.trialsTotal} trials done${waiting(p)} | ${brackets} | training ${training} | ${best}`;
}

/** The JSON object of one `--json` line. */
export function renderJson(s: WatchSnapshot): Record<string, unknown> {
  const p = s.progress;
  return {
    at: new Date(s.at).toISOString(),
    searchId: s.searchId,
    status: s.status,
    ...(p
      ? {
          trialsDone: p.trialsDone,
          trialsWaiting: p.trialsWaiting ?? 0,
          trialsTotal: p.trialsTotal,
          elapsedMs: p.elapsedMs,
          rungs: p.rungs,
          brackets: p.brackets.filter((b) => !b.complete),
          best: p.best ?? null,
        }
      : {}),
    trainings: s.trainings,
    ...(s.error ? { error: s.error } : {}),
  };
}
