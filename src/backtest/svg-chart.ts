/**
 * Line charts as inline SVG markup, with a time axis, a value axis, tick labels, a title and a
 * legend. No scripts, fonts or external references; HTML5 needs no xmlns on inline svg, so the
 * markup holds no URL at all. Every string from the data goes through escapeHtml. Coordinates
 * are printed with fixed decimals so the markup is stable.
 */

import type { ChartSeries } from './backtest-report.js';

/** Escapes the five characters that can end a text node or an attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface ChartOptions {
  readonly title: string;
  readonly yLabel: string;
  readonly formatY: (v: number) => string;
  readonly width?: number;
  readonly height?: number;
}

// Colour-blind-safe (Okabe-Ito) colours, one per series in order.
const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9'];
const M = { left: 80, right: 20, top: 36, bottom: 64 };

const fx = (v: number) => v.toFixed(1);

/** An SVG line chart of `series` over time (µs). */
export function lineChartSvg(series: readonly ChartSeries[], o: ChartOptions): string {
  const width = o.width ?? 800;
  const height = o.height ?? 320;
  const plotW = width - M.left - M.right;
  const plotH = height - M.top - M.bottom;
  const times = series.flatMap((s) => s.timeUs);
  const values = series.flatMap((s) => s.values).filter(Number.isFinite);
  const head = `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(o.title)}">`;
  const title = `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escapeHtml(o.title)}</text>`;
  if (times.length === 0 || values.length === 0) {
    return `${head}${title}<text x="${width / 2}" y="${height / 2}" text-anchor="middle" font-size="12">no data</text></svg>`;
  }
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi === lo) {
    // A flat line still needs a visible axis range.
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.01 : 1;
    lo -= pad;
    hi += pad;
  }
  const x = (t: number) => M.left + (t1 > t0 ? ((t - t0) / (t1 - t0)) * plotW : plotW / 2);
  const y = (v: number) => M.top + (1 - (v - lo) / (hi - lo)) * plotH;
  const parts: string[] = [head, title];
  const ticks = 5;
  for (let k = 0; k < ticks; k++) {
    const v = lo + ((hi - lo) * k) / (ticks - 1);
    const py = fx(y(v));
    parts.push(`<line x1="${M.left - 4}" y1="${py}" x2="${M.left + plotW}" y2="${py}" stroke="#ddd"/>`);
    parts.push(`<text x="${M.left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle" font-size="10">${escapeHtml(o.formatY(v))}</text>`);
    const t = t0 + ((t1 - t0) * k) / (ticks - 1);
    const px = fx(x(t));
    parts.push(`<line x1="${px}" y1="${M.top + plotH}" x2="${px}" y2="${M.top + plotH + 4}" stroke="#333"/>`);
    parts.push(`<text x="${px}" y="${M.top + plotH + 16}" text-anchor="middle" font-size="10">${escapeHtml(timeLabel(t, t1 - t0))}</text>`);
  }
  // Axes after the grid lines, so the grid does not paint over them.
  parts.push(`<line x1="${M.left}" y1="${M.top + plotH}" x2="${M.left + plotW}" y2="${M.top + plotH}" stroke="#333"/>`);
  parts.push(`<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${M.top + plotH}" stroke="#333"/>`);
  parts.push(`<text x="${M.left + plotW / 2}" y="${height - 28}" text-anchor="middle" font-size="11">time (UTC)</text>`);
  parts.push(`<text x="14" y="${M.top + plotH / 2}" text-anchor="middle" font-size="11" transform="rotate(-90 14 ${M.top + plotH / 2})">${escapeHtml(o.yLabel)}</text>`);
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const pts = s.timeUs.map((t, k) => (Number.isFinite(s.values[k]) ? `${fx(x(t))},${fx(y(s.values[k]))}` : '')).filter((p) => p !== '');
    if (pts.length > 0) parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="1.5" points="${pts.join(' ')}"><title>${escapeHtml(s.name)}</title></polyline>`);
    const lx = M.left + i * 180;
    parts.push(`<line x1="${lx}" y1="${height - 10}" x2="${lx + 20}" y2="${height - 10}" stroke="${colour}" stroke-width="3"/>`);
    parts.push(`<text x="${lx + 26}" y="${height - 6}" font-size="11">${escapeHtml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** A date for runs of days or more, a date and time for shorter ones (UTC, from the event time). */
function timeLabel(us: number, spanUs: number): string {
  const iso = new Date(Math.floor(us / 1000)).toISOString();
  return spanUs >= 3 * 86_400_000_000 ? iso.slice(0, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}
