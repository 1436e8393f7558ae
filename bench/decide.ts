/**
 * `tradebot bench decide`: ns per sizing decision of the kelly sizer on ten correlated symbols
 * (observe the quote into the return covariance, then size against the whole book with the VaR
 * budget binding), and the garbage collections over the timed calls (0 expected). The records
 * cycle through a prepared set with a common factor in every symbol's mid, so the covariance is
 * dense and the VaR solve runs on every sized record. Writes bench/results/decide.json.
 *
 * Sizing only: the blend (L2) and the whole decide path (blend + size) are not measured here.
 */
import { KellySizer } from '../src/sizing/kelly-sizer.js';
import { SizingParam, SIZING_PARAM_COUNT } from '../src/sizing/sizing-params.js';
import { BlendedEdge, SizedIntent, SizingBound } from '../src/shm/records.js';
import { countGcs, semiSpaceFlag } from '../src/shm/allocation-check.js';
import { fmt, printTable, writeResult } from './report.js';

const SYMBOLS = 10;
const SLOTS = 256;

function records(): Float64Array {
  const input = new Float64Array(BlendedEdge.f64 * SLOTS);
  let seed = 42;
  const uniform = (): number => { seed = (seed * 16_807) % 2_147_483_647; return seed / 2_147_483_647 - 0.5; };
  const factor = new Float64Array(SLOTS);
  for (let k = 1; k < SLOTS; k++) factor[k] = factor[k - 1] + uniform() * 0.02;
  for (let k = 0; k < SLOTS; k++) {
    const b = k * BlendedEdge.f64;
    const mid = 100 + factor[k] + uniform() * 0.005;
    input[b + BlendedEdge.instrument] = k % SYMBOLS;
    input[b + BlendedEdge.edgeBps] = uniform() * 4;
    input[b + BlendedEdge.confidence] = 0.5;
    input[b + BlendedEdge.volatility] = 15 + uniform() * 10;
    input[b + BlendedEdge.bid] = mid - 0.001;
    input[b + BlendedEdge.ask] = mid + 0.001;
  }
  return input;
}

function params(): Float64Array {
  const p = new Float64Array(SIZING_PARAM_COUNT);
  p[SizingParam.maxPositionUsd] = 20_000;
  p[SizingParam.minOrderUsd] = 50;
  p[SizingParam.equityUsd] = 100_000;
  p[SizingParam.maxLeverage] = 3;
  p[SizingParam.assetClassLimitPct] = 100;
  p[SizingParam.noTradeBandPct] = 25;
  p[SizingParam.kellyFraction] = 0.25;
  p[SizingParam.positionCapPct] = 20;
  p[SizingParam.varBudgetPct] = 2;
  p[SizingParam.covarianceLambda] = 0.99;
  return p;
}

export async function runDecideBench(opts: { quick?: boolean } = {}) {
  const calls = opts.quick ? 200_000 : 2_000_000;
  const input = records();
  const p = params();
  const sizer = new KellySizer(SYMBOLS);
  const positions = Float64Array.from({ length: SYMBOLS }, (_, s) => (s % 2 === 0 ? 8_000 : -5_000));
  const out = new Float64Array(SizedIntent.f64 * 8);
  const clock = new Float64Array(1);
  clock[0] = 1.7e15;
  const report = countGcs((i) => {
    const base = (i & (SLOTS - 1)) * BlendedEdge.f64;
    clock[0] += 100_000; // 0.1 s between quotes
    input[base + BlendedEdge.ts] = clock[0];
    sizer.observe(input, base, p);
    sizer.size(input, base, p, positions, out, (i & 7) * SizedIntent.f64);
  }, calls);
  const sized = sizer.intentCount();
  const varBound = sizer.boundCounts[SizingBound.VarBudget];
  printTable(`decide: kelly sizing with a VaR budget over ${SYMBOLS} correlated symbols, ${calls.toLocaleString('en-US')} calls`,
    [{ what: 'observe + size', ns: fmt(report.nsPerCall), gcs: String(report.gcCount) }], ['what', 'ns', 'gcs']);
  console.log(`intents ${sized}, bound by the VaR budget ${varBound}; young generation ${semiSpaceFlag() ?? 'default'}`);
  const result = {
    sizing_ns: report.nsPerCall, gcs: report.gcCount, calls, symbols: SYMBOLS,
    intents: sized, var_budget_bound: varBound, blend_ns: null, decide_ns: null,
  };
  const file = writeResult('decide', result);
  console.log(`wrote ${file}`);
  return result;
}
