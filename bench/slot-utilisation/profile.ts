// How busy `slots` training slots were, from the trainings' start and end times.

export interface Interval {
  start: number;
  end: number;
}

export interface BusyProfile {
  spanMs: number;
  /** Training time over slots x span. */
  utilisation: number;
  /** fractionBusy[k]: share of the span with exactly k trainings running (k = 0..slots). */
  fractionBusy: number[];
  /** Time from the last moment all slots were busy to the end. */
  tailMs: number;
}

export function busyProfile(intervals: readonly Interval[], slots: number): BusyProfile {
  if (intervals.length === 0) return { spanMs: 0, utilisation: 0, fractionBusy: [], tailMs: 0 };
  const begin = Math.min(...intervals.map((i) => i.start));
  const end = Math.max(...intervals.map((i) => i.end));
  const span = Math.max(1, end - begin);
  // Sweep over start (+1) and end (-1) events; ends first at equal times (a slot handed on).
  const events = intervals.flatMap((i) => [{ t: i.start, d: 1 }, { t: i.end, d: -1 }]).sort((a, b) => a.t - b.t || a.d - b.d);
  const time = new Array<number>(slots + 1).fill(0);
  let busy = 0;
  let last = begin;
  let lastFull = begin;
  for (const e of events) {
    time[Math.min(busy, slots)] += e.t - last;
    if (busy >= slots) lastFull = e.t;
    last = e.t;
    busy += e.d;
  }
  const total = intervals.reduce((s, i) => s + (i.end - i.start), 0);
  return {
    spanMs: span,
    utilisation: total / (slots * span),
    fractionBusy: time.map((t) => t / span),
    tailMs: end - lastFull,
  };
}
