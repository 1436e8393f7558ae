/**
 * `tradebot bench indicators`: ns per streaming update of our indicators (src/data/indicators)
 * beside trading-signals 8.3, the streaming library a JavaScript user would otherwise pick, on
 * the same 1M-point random walk in the same run. Each case is timed three times, interleaved
 * with the other library's, and the median kept; a checksum of the last values guards against
 * a loop the JIT could drop. Writes bench/results/indicators.json.
 */
import { ATR, BollingerBands, EMA, RSI, SMA } from 'trading-signals';
import { EmaSet } from '../src/data/indicators/ema.js';
import { SmaSet } from '../src/data/indicators/sma.js';
import { RsiSet } from '../src/data/indicators/rsi.js';
import { AtrSet } from '../src/data/indicators/atr.js';
import { BollingerSet } from '../src/data/indicators/bollinger.js';
import { fmt, printTable, writeResult } from './report.js';

interface Case {
  name: string;
  ours: (n: number) => number;
  theirs: (n: number) => number;
}

function randomWalk(n: number): { close: Float64Array; high: Float64Array; low: Float64Array } {
  const close = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  let seed = 42;
  let p = 30_000;
  for (let i = 0; i < n; i++) {
    seed = (seed * 16_807) % 2_147_483_647;
    p *= 1 + (seed / 2_147_483_647 - 0.5) * 0.002;
    close[i] = p;
    high[i] = p * 1.0005;
    low[i] = p * 0.9995;
  }
  return { close, high, low };
}

function cases(n: number): Case[] {
  const { close, high, low } = randomWalk(n);
  return [
    { name: 'EMA(12)', ours: () => { const x = new EmaSet(1, 12); for (let i = 0; i < n; i++) x.update(0, close[i]); return x.value[0]; },
      theirs: () => { const x = new EMA(12); for (let i = 0; i < n; i++) x.update(close[i], false); return x.getResultOrThrow(); } },
    { name: 'SMA(20)', ours: () => { const x = new SmaSet(1, 20); for (let i = 0; i < n; i++) x.update(0, close[i]); return x.value[0]; },
      theirs: () => { const x = new SMA(20); for (let i = 0; i < n; i++) x.update(close[i], false); return x.getResultOrThrow(); } },
    { name: 'RSI(14)', ours: () => { const x = new RsiSet(1, 14); for (let i = 0; i < n; i++) x.update(0, close[i]); return x.value[0]; },
      theirs: () => { const x = new RSI(14); for (let i = 0; i < n; i++) x.update(close[i], false); return x.getResultOrThrow(); } },
    { name: 'ATR(14)', ours: () => { const x = new AtrSet(1, 14); for (let i = 0; i < n; i++) x.update(0, high[i], low[i], close[i]); return x.value[0]; },
      theirs: () => { const x = new ATR(14); for (let i = 0; i < n; i++) x.update({ high: high[i], low: low[i], close: close[i] }, false); return x.getResultOrThrow(); } },
    { name: 'Bollinger(20, 2)', ours: () => { const x = new BollingerSet(1, 20, 2); for (let i = 0; i < n; i++) x.update(0, close[i]); return x.middle[0]; },
      theirs: () => { const x = new BollingerBands(20, 2); for (let i = 0; i < n; i++) x.update(close[i], false); return x.getResultOrThrow().middle; } },
  ];
}

function nsPerUpdate(fn: (n: number) => number, n: number): { ns: number; value: number } {
  const t0 = process.hrtime.bigint();
  const value = fn(n);
  return { ns: Number(process.hrtime.bigint() - t0) / n, value };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runIndicatorsBench(opts: { quick?: boolean } = {}) {
  const n = opts.quick ? 100_000 : 1_000_000;
  const rows: { name: string; ours_ns: number; trading_signals_ns: number; speedup: number }[] = [];
  for (const c of cases(n)) {
    c.ours(10_000); c.theirs(10_000); // warm both up before timing either
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let round = 0; round < 3; round++) {
      const a = nsPerUpdate(c.ours, n);
      const b = nsPerUpdate(c.theirs, n);
      if (Math.abs(a.value - b.value) > 1e-6 * Math.abs(b.value)) {
        throw new Error(`indicators bench: ${c.name} disagrees with trading-signals (${a.value} vs ${b.value})`);
      }
      ours.push(a.ns);
      theirs.push(b.ns);
    }
    const o = median(ours);
    const t = median(theirs);
    rows.push({ name: c.name, ours_ns: o, trading_signals_ns: t, speedup: t / o });
  }
  const geomean = Math.exp(rows.reduce((acc, r) => acc + Math.log(r.speedup), 0) / rows.length);
  printTable(`indicators: ns per streaming update, ${n.toLocaleString('en-US')} points, median of 3 (trading-signals 8.3 in the same run)`,
    rows.map((r) => ({ indicator: r.name, ours: fmt(r.ours_ns), 'trading-signals': fmt(r.trading_signals_ns), speedup: `${fmt(r.speedup)}x` })),
    ['indicator', 'ours', 'trading-signals', 'speedup']);
  console.log(`geometric mean speedup: ${fmt(geomean)}x (target >= 3x: ${geomean >= 3 ? 'met' : 'not met'})`);
  const file = writeResult('indicators', { points: n, indicators: rows, geomean_speedup: geomean });
  console.log(`wrote ${file}`);
  return { indicators: rows, geomean_speedup: geomean };
}
