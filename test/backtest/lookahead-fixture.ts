// Shared by the lookahead-* and recursive-* tests: a smooth synthetic minute series and three
// moving-average strategies on it, one causal and two that read the next bar.
import { Prng } from '../../src/data/prng.js';
import type { Candle, Decision } from '../../src/backtest/lookahead-guard.js';

export const FAST = 5;
export const SLOW = 20;
/** Crossover band: inside it the crossover strategy holds no position. */
export const BAND = 0.001;

/** `n` one-minute bars whose closes move less than 0.3 % from bar to bar. */
export function syntheticBars(n = 400, seed = 3): Candle[] {
  const rng = new Prng(seed);
  const bars: Candle[] = [];
  let prev = 100;
  for (let i = 0; i < n; i++) {
    const close = 100 * Math.exp(0.03 * Math.sin(i / 15) + 0.01 * Math.sin(i / 4.3) + 0.0005 * (rng.uniform() - 0.5));
    const open = prev;
    const spread = 0.0004 * close;
    bars.push({ timeUs: 1_700_000_000_000_000 + i * 60_000_000, open, high: Math.max(open, close) + spread, low: Math.min(open, close) - spread, close, volume: 10 + 5 * rng.uniform() });
    prev = close;
  }
  return bars;
}

function mean(xs: readonly number[], from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i];
  return s / (to - from);
}

/** Crossover state of the closes up to and including index `last`: +1, -1, or 0 in the band or before SLOW bars. */
function crossover(close: readonly number[], last: number): number {
  if (last + 1 < SLOW) return 0;
  const fast = mean(close, last + 1 - FAST, last + 1);
  const slow = mean(close, last + 1 - SLOW, last + 1);
  return fast > slow * (1 + BAND) ? 1 : fast < slow * (1 - BAND) ? -1 : 0;
}

/** Causal: the target position at bar i from the closes up to bar i. */
export function maCrossover(bars: readonly Candle[]): Decision[] {
  const close = bars.map((b) => b.close);
  return bars.map((b, i) => ({ timeUs: b.timeUs, value: crossover(close, i) }));
}

/**
 * Reads one bar ahead: a position sized by the MA gap of the closes up to bar i + 1 (the
 * classic shift(-1) slip), 0 before the window is full.
 */
export function peekOneBar(bars: readonly Candle[]): Decision[] {
  const close = bars.map((b) => b.close);
  return bars.map((b, i) => {
    const last = Math.min(i + 1, bars.length - 1);
    if (last + 1 < SLOW) return { timeUs: b.timeUs, value: 0 };
    const gap = mean(close, last + 1 - FAST, last + 1) / mean(close, last + 1 - SLOW, last + 1) - 1;
    return { timeUs: b.timeUs, value: Math.tanh(100 * gap) };
  });
}

/**
 * Trades like maCrossover, but while it holds no position it looks at the next close and jumps in
 * ahead of a move of more than 1 %. On syntheticBars no such move happens, so every decision is
 * maCrossover's: a check of the signals that fired finds nothing to compare.
 */
export function peekWhenFlat(bars: readonly Candle[]): Decision[] {
  const close = bars.map((b) => b.close);
  return bars.map((b, i) => {
    const signal = crossover(close, i);
    if (signal !== 0 || i + 1 >= bars.length) return { timeUs: b.timeUs, value: signal };
    const move = close[i + 1] / close[i] - 1;
    return { timeUs: b.timeUs, value: Math.abs(move) > 0.01 ? Math.sign(move) : 0 };
  });
}
