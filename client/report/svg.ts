// Small SVG plots for the HTML report, drawn here so the page needs no script or network to
// show them. Every data point is a <circle class="pt"> (with a <title> tooltip), which is also
// what the report's browser test counts.

export interface Point {
  x: number;
  y: number;
  /** Tooltip text. */
  label?: string;
}

export interface Series {
  name: string;
  points: Point[];
  color: string;
  /** Join the points: straight segments, or a staircase (for best-so-far curves). */
  line?: 'straight' | 'step';
  /** Draw a dot per point (default true). */
  dots?: boolean;
  dotRadius?: number;
}

export interface PlotSpec {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  xLog?: boolean;
  width?: number;
  height?: number;
  /** Show a legend of the series (default when there are 2 to 8). */
  legend?: boolean;
}

export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** About five round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Ticks for a log axis spanning 10^lo..10^hi: 1-2-5 steps, or only powers of ten when wide. */
export function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let k = Math.floor(lo); k <= Math.ceil(hi); k++) for (const m of [1, 2, 5]) ticks.push(m * 10 ** k);
  const inside = ticks.filter((t) => Math.log10(t) >= lo - 1e-9 && Math.log10(t) <= hi + 1e-9);
  return inside.length > 8 ? inside.filter((t) => Number.isInteger(Math.log10(t))) : inside;
}

function formatTick(v: number): string {
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(0);
  return String(Number(v.toPrecision(4)));
}

export function plot(spec: PlotSpec): string {
  const width = spec.width ?? 560;
  const height = spec.height ?? 320;
  const m = { left: 60, right: 16, top: 30, bottom: 44 };
  const all = spec.series.flatMap((s) => s.points);
  const tx = (x: number): number => (spec.xLog ? Math.log10(Math.max(x, 1e-12)) : x);
  const xs = all.map((p) => tx(p.x));
  const ys = all.map((p) => p.y);
  const pad = (lo: number, hi: number): [number, number] => (hi > lo ? [lo - (hi - lo) * 0.04, hi + (hi - lo) * 0.04] : [lo - 1, hi + 1]);
  const [x0, x1] = all.length ? pad(Math.min(...xs), Math.max(...xs)) : [0, 1];
  const [y0, y1] = all.length ? pad(Math.min(...ys), Math.max(...ys)) : [0, 1];
  const px = (x: number): number => m.left + ((tx(x) - x0) / (x1 - x0)) * (width - m.left - m.right);
  const py = (y: number): number => height - m.bottom - ((y - y0) / (y1 - y0)) * (height - m.top - m.bottom);
  const f = (n: number): string => n.toFixed(1);

  const parts: string[] = [];
  const xTicks = spec.xLog ? logTicks(x0, x1) : niceTicks(x0, x1);
  for (const t of xTicks) {
    const x = px(t);
    parts.push(`<line class="grid" x1="${f(x)}" x2="${f(x)}" y1="${m.top}" y2="${height - m.bottom}"/>`);
    parts.push(`<text class="tick" x="${f(x)}" y="${height - m.bottom + 14}" text-anchor="middle">${formatTick(t)}</text>`);
  }
  for (const t of niceTicks(y0, y1)) {
    const y = py(t);
    parts.push(`<line class="grid" x1="${m.left}" x2="${width - m.right}" y1="${f(y)}" y2="${f(y)}"/>`);
    parts.push(`<text class="tick" x="${m.left - 6}" y="${f(y + 4)}" text-anchor="end">${formatTick(t)}</text>`);
  }
  parts.push(`<rect class="frame" x="${m.left}" y="${m.top}" width="${width - m.left - m.right}" height="${height - m.top - m.bottom}"/>`);
  for (const s of spec.series) {
    if (s.line && s.points.length > 1) {
      const coords: string[] = [];
      s.points.forEach((p, i) => {
        if (s.line === 'step' && i > 0) coords.push(`${f(px(p.x))},${f(py(s.points[i - 1].y))}`);
        coords.push(`${f(px(p.x))},${f(py(p.y))}`);
      });
      parts.push(`<polyline class="series-line" fill="none" stroke="${s.color}" stroke-width="1.5" points="${coords.join(' ')}"/>`);
    }
    if (s.dots !== false) {
      for (const p of s.points) {
        const title = p.label ? `<title>${escapeXml(p.label)}</title>` : '';
        parts.push(`<circle class="pt" data-series="${escapeXml(s.name)}" cx="${f(px(p.x))}" cy="${f(py(p.y))}" r="${s.dotRadius ?? 3}" fill="${s.color}">${title}</circle>`);
      }
    }
  }
  parts.push(`<text class="axis-label" x="${f((m.left + width - m.right) / 2)}" y="${height - 8}" text-anchor="middle">${escapeXml(spec.xLabel)}${spec.xLog ? ' (log scale)' : ''}</text>`);
  parts.push(`<text class="axis-label" transform="translate(14 ${f((m.top + height - m.bottom) / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`);
  parts.push(`<text class="plot-title" x="${m.left}" y="18">${escapeXml(spec.title)}</text>`);
  const showLegend = spec.legend ?? (spec.series.length >= 2 && spec.series.length <= 8);
  if (showLegend) {
    spec.series.forEach((s, i) => {
      const y = m.top + 12 + i * 14;
      parts.push(`<rect x="${width - m.right - 120}" y="${y - 8}" width="10" height="10" fill="${s.color}"/><text class="legend" x="${width - m.right - 106}" y="${y + 1}">${escapeXml(s.name)}</text>`);
    });
  }
  const points = spec.series.reduce((n, s) => n + (s.dots === false ? 0 : s.points.length), 0);
  return `<svg class="plot" data-plot="${escapeXml(spec.id)}" data-points="${points}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(spec.title)}">${parts.join('')}</svg>`;
}
