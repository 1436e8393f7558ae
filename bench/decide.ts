/**
 * `tradebot bench decide`: ns per sizing decision of the kelly sizer on ten correlated symbols
 * (observe the quote into the return covariance, then size against the whole book with the VaR
 * budget binding), and the garbage collections over the timed calls (0 expected). The records
 * cycle through a prepared set with a common factor in every symbol's mid, so the covariance is
 * dense and the VaR solve runs on every sized record. Writes bench/results/decide.json.
 *
 * Also: the blend (L2: every catalogued model with an opinion, shrinkage on) per Edges record,
 * and the whole decide path per Features record: every rule alpha (L1, all switched on, regime
 * detector included; the deep ONNX model is measured by `bench onnx`), the blend, then kelly
 * sizing, in one thread as the fused and single placements run them.
 */
import { KellySizer } from '../src/sizing/kelly-sizer.js';
import { SizingParam, SIZING_PARAM_COUNT } from '../src/sizing/sizing-params.js';
import { BlendedEdge, Features, SizedIntent, SizingBound } from '../src/shm/records.js';
import { AlphaSet } from '../src/alpha/alpha-set.js';
import { ALPHA_MODEL_COUNT, ALPHA_MODELS, Edges } from '../src/alpha/alpha-catalogue.js';
import { BlendSetting, WeightedBlend } from '../src/ensemble/weighted-blend.js';
import { countGcs, semiSpaceFlag } from '../src/shm/allocation-check.js';
import { fmt, printTable, writeResult } from './report.js';
import { speedProbeNs } from './speed-probe.js';

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

/** Edges records in which every model has an opinion. */
function edgesRecords(): Float64Array {
  const input = new Float64Array(Edges.f64 * SLOTS);
  let seed = 7;
  const uniform = (): number => { seed = (seed * 16_807) % 2_147_483_647; return seed / 2_147_483_647; };
  for (let k = 0; k < SLOTS; k++) {
    const b = k * Edges.f64;
    input[b + Edges.instrument] = k % SYMBOLS;
    input[b + Edges.bid] = 99.99;
    input[b + Edges.ask] = 100.01;
    input[b + Edges.volatility] = 3;
    input[b + Edges.mask] = (1 << ALPHA_MODEL_COUNT) - 1;
    input[b + Edges.regime] = k % 4;
    for (let m = 0; m < ALPHA_MODEL_COUNT; m++) {
      input[b + Edges.edgeBps + 2 * m] = (uniform() - 0.5) * 40;
      input[b + Edges.confidence + 2 * m] = uniform();
    }
  }
  return input;
}

/** Features records of a random walk per symbol, with every field a model reads filled in. */
function featuresRecords(): Float64Array {
  const input = new Float64Array(Features.f64 * SLOTS);
  let seed = 11;
  const uniform = (): number => { seed = (seed * 16_807) % 2_147_483_647; return seed / 2_147_483_647 - 0.5; };
  const mids = new Float64Array(SYMBOLS).fill(100);
  for (let k = 0; k < SLOTS; k++) {
    const s = k % SYMBOLS;
    mids[s] *= 1 + uniform() * 0.002;
    const b = k * Features.f64;
    input[b + Features.instrument] = s;
    input[b + Features.bid] = mids[s] - 0.01;
    input[b + Features.ask] = mids[s] + 0.01;
    input[b + Features.bidSize] = 1 + (k % 5);
    input[b + Features.askSize] = 1 + (k % 3);
    input[b + Features.volatility] = 3 + uniform();
    input[b + Features.maShort] = mids[s] * (1 + uniform() * 0.001);
    input[b + Features.maLong] = mids[s];
    input[b + Features.depthImbalance] = uniform();
    input[b + Features.rsi] = 50 + uniform() * 90;
    input[b + Features.midZScore] = uniform() * 6;
    input[b + Features.vwap] = mids[s] * (1 + uniform() * 0.002);
  }
  return input;
}

/**
 * Every model on except those named in `off`. The pairs model refits its rolling Engle-Granger
 * test inside one record every `refitEvery` samples (O(window)): its row amortises that cost, and
 * the row without it is the path every record takes.
 */
function modelsOn(off: readonly string[] = []): { set: AlphaSet; params: Float64Array } {
  const values: number[] = [];
  const modelBase: number[] = [];
  for (const spec of ALPHA_MODELS) {
    modelBase.push(values.length);
    values.push(off.includes(spec.name) ? 0 : 1);
    for (const p of Object.values(spec.params)) values.push(p.default);
  }
  const set = new AlphaSet(SYMBOLS);
  const params = Float64Array.from(values);
  set.configure(params, { modelBase });
  return { set, params };
}

/** Calls per timed figure: the GC counts are over this many. */
const CALLS = 10_000_000;
const QUICK_CALLS = 200_000;
const BLEND_ROUNDS = 5;

export async function runDecideBench(opts: { quick?: boolean } = {}) {
  const calls = opts.quick ? QUICK_CALLS : CALLS;
  const blendNs = benchBlend(calls);
  const blend12 = benchBlend(calls, 12);
  const decideNs = probed(() => benchDecide(calls, ['deep_onnx']));
  const withoutPairs = probed(() => benchDecide(calls, ['pairs_cointegration', 'deep_onnx']));
  return runSizingBench(calls, blendNs, blend12, decideNs, withoutPairs);
}

interface Figure { ns: number; gcs: number; probe_ns: number }

/** A figure with the machine speed probe taken just before it (speed-probe.ts: the VM has two speeds). */
function probed(run: () => { ns: number; gcs: number }): Figure {
  const probe = speedProbeNs();
  return { ...run(), probe_ns: probe };
}

/**
 * The blend of `models` models with an opinion (the first ones of the catalogue): the best of
 * BLEND_ROUNDS rounds, each after a speed probe (a round takes well under a second, and the VM
 * changes speed within seconds, so one probe before all of them says little); GCs over them all.
 */
function benchBlend(calls: number, models = ALPHA_MODEL_COUNT): Figure {
  const input = edgesRecords();
  for (let k = 0; k < SLOTS; k++) input[k * Edges.f64 + Edges.mask] = 2 ** models - 1;
  const blender = new WeightedBlend(ALPHA_MODEL_COUNT);
  blender.settings[BlendSetting.shrinkage] = 1;
  const out = new Float64Array(BlendedEdge.f64);
  // A batch of records per timed call, as the L2 stage takes them off its ring: a closure call
  // per record would add its own few ns to a figure of under 100.
  const batches = Math.ceil(calls / SLOTS / BLEND_ROUNDS);
  let best: Figure = { ns: Infinity, gcs: 0, probe_ns: NaN };
  let gcs = 0;
  for (let round = 0; round < BLEND_ROUNDS; round++) {
    const probe = speedProbeNs();
    const report = countGcs(() => {
      for (let slot = 0; slot < SLOTS; slot++) blender.blend(input, slot * Edges.f64, out, 0);
    }, batches);
    gcs += report.gcCount;
    if (report.nsPerCall / SLOTS < best.ns) best = { ns: report.nsPerCall / SLOTS, gcs: 0, probe_ns: probe };
  }
  return { ...best, gcs };
}

function benchDecide(calls: number, off: readonly string[]): { ns: number; gcs: number } {
  const input = featuresRecords();
  const { set } = modelsOn(off);
  const blender = new WeightedBlend(ALPHA_MODEL_COUNT);
  const sizer = new KellySizer(SYMBOLS);
  const p = params();
  const positions = new Float64Array(SYMBOLS);
  const edges = new Float64Array(Edges.f64);
  const blended = new Float64Array(BlendedEdge.f64);
  const out = new Float64Array(SizedIntent.f64);
  const clock = new Float64Array(1);
  clock[0] = 1.7e15;
  const report = countGcs((i) => {
    const base = (i & (SLOTS - 1)) * Features.f64;
    clock[0] += 100_000;
    input[base + Features.ts] = clock[0];
    set.evaluate(input, base, edges, 0);
    blender.blend(edges, 0, blended, 0);
    sizer.observe(blended, 0, p);
    sizer.size(blended, 0, p, positions, out, 0);
  }, calls);
  return { ns: report.nsPerCall, gcs: report.gcCount };
}

async function runSizingBench(calls: number, blend: Figure, blend12: Figure, decide: Figure, withoutPairs: Figure) {
  const input = records();
  const p = params();
  const sizer = new KellySizer(SYMBOLS);
  const positions = Float64Array.from({ length: SYMBOLS }, (_, s) => (s % 2 === 0 ? 8_000 : -5_000));
  const out = new Float64Array(SizedIntent.f64 * 8);
  const clock = new Float64Array(1);
  clock[0] = 1.7e15;
  const sizingProbe = speedProbeNs();
  const report = countGcs((i) => {
    const base = (i & (SLOTS - 1)) * BlendedEdge.f64;
    clock[0] += 100_000; // 0.1 s between quotes
    input[base + BlendedEdge.ts] = clock[0];
    sizer.observe(input, base, p);
    sizer.size(input, base, p, positions, out, (i & 7) * SizedIntent.f64);
  }, calls);
  const sized = sizer.intentCount();
  const varBound = sizer.boundCounts[SizingBound.VarBudget];
  printTable(`decide: ns per call (${ALPHA_MODEL_COUNT} alpha models, ${SYMBOLS} symbols; GCs over ${calls.toLocaleString('en-US')} calls each)`, [
    { what: `blend of ${ALPHA_MODEL_COUNT} models (L2)`, ns: fmt(blend.ns), gcs: String(blend.gcs), probe: String(blend.probe_ns) },
    { what: 'blend of 12 models (the target\'s count)', ns: fmt(blend12.ns), gcs: String(blend12.gcs), probe: String(blend12.probe_ns) },
    { what: `kelly sizing, VaR over ${SYMBOLS} correlated symbols (L3)`, ns: fmt(report.nsPerCall), gcs: String(report.gcCount), probe: String(sizingProbe) },
    { what: 'every rule alpha + blend + sizing per tick (L1-L3; pairs refits amortised)', ns: fmt(decide.ns), gcs: String(decide.gcs), probe: String(decide.probe_ns) },
    { what: 'the same without the pairs model', ns: fmt(withoutPairs.ns), gcs: String(withoutPairs.gcs), probe: String(withoutPairs.probe_ns) },
  ], ['what', 'ns', 'gcs', 'probe']);
  process.stdout.write(`blends: the best of ${BLEND_ROUNDS} rounds. probe: the machine speed probe before each figure (a blend: before its best round), ns (bench/speed-probe.ts); on this VM ~0.8 is full speed, ~1.3 the host\'s slow phase\n`);
  console.log(`intents ${sized}, bound by the VaR budget ${varBound}; young generation ${semiSpaceFlag() ?? 'default'}`);
  const result = {
    blend_ns: blend.ns, blend_12_ns: blend12.ns, sizing_ns: report.nsPerCall, decide_ns: decide.ns,
    gcs: report.gcCount + blend.gcs + blend12.gcs + decide.gcs + withoutPairs.gcs,
    decide_without_pairs_ns: withoutPairs.ns,
    speed_probe_ns_before: { blend: blend.probe_ns, blend_12: blend12.probe_ns, sizing: sizingProbe, decide: decide.probe_ns, decide_without_pairs: withoutPairs.probe_ns },
    models: ALPHA_MODEL_COUNT, calls, symbols: SYMBOLS, intents: sized, var_budget_bound: varBound,
  };
  const file = writeResult('decide', result);
  console.log(`wrote ${file}`);
  return result;
}
