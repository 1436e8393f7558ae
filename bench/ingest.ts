/**
 * `tradebot bench ingest`: the market-data ingest path, from a raw websocket frame (a Node Buffer,
 * as the `ws` library delivers it) to a ring record or an applied book update, on real captured
 * frames, with the JSON.parse floor and ccxt on the same frames side by side.
 * Writes bench/results/ingest.json.
 *
 * Cases (frames: ingest-frames.ts; what each one includes: ingest-binance-cases.ts and
 * ingest-coinbase-cases.ts; ccxt driven offline: ingest-ccxt.ts):
 *   binance-trade / -bookTicker   decode + Tick / BookTop record into a preallocated ring
 *   binance-depth20               decode + BinanceBookSync.onDiff on a synced USD-M book
 *   coinbase-l2update             CoinbaseExchangeParser.parseFrame (applies to its book)
 *   json-parse-*                  JSON.parse(buf.toString()) + Number() of the decimal strings
 *   ccxt-*                        ccxt's Client.onMessage -> binance.handleMessage (includes
 *                                 Buffer.toString and JSON.parse, as ccxt receives raw frames too)
 *
 * Depth: the ~20-level diffs (15-25 levels in total) cannot be replayed on their own: they are a
 * quarter of a chain that Binance's continuity rules (ours and ccxt's alike) only accept whole
 * and in order. So each pass re-syncs the book from the capture's REST snapshot outside the timing,
 * applies the whole chain in file order, and times only the selected diffs, each between two
 * clock reads; the clock's own cost, measured at start-up, is subtracted. The books are real
 * throughout: the same state a live connector would have had at each of those diffs.
 *
 * Method: per case, one warm-up round, then 5 rounds (3 with --quick) of at least 0.5 s (0.1 s)
 * of measured time each, made of passes over the case's frames (cycled); the figure is the median
 * round's ns/msg. Every
 * pass checks its messages did what they should (decoded, applied, accepted): a case that fails
 * that is reported as not measured, never as a number. Before timing, every reader is checked to
 * produce the same prices and quantities (ingest-sanity.ts).
 */

import { fmt, median, printTable, watchContention, writeResult } from './report.js';
import { CcxtBinanceHarness } from './ingest-ccxt.js';
import type { IngestCase, IngestFamily } from './ingest-case.js';
import { ccxtBookTicker, ccxtDepth, ccxtTrade, jsonBookTicker, jsonDepth, jsonTrade, oursBookTicker, oursDepth, oursTrade } from './ingest-binance-cases.js';
import { jsonL2Update, oursL2Update } from './ingest-coinbase-cases.js';
import { COINBASE_CAPTURE, DEPTH_MAX_LEVELS, DEPTH_MIN_LEVELS, loadIngestFrames, SPOT_CAPTURE, USDM_CAPTURE } from './ingest-frames.js';
import { checkAgreement, describeSanity, sanityFailed } from './ingest-sanity.js';

/** Above this many cores' worth of CPU taken by other processes, the run is flagged. */
const MAX_OTHER_CORES = 0.1;

export interface IngestResult {
  name: string;
  implementation: 'ours' | 'JSON.parse' | 'ccxt';
  family: IngestFamily;
  /** null when the case could not be measured (see not_measured). */
  ns_per_msg: number | null;
  msgs_per_s: number | null;
  includes_json_parse: boolean;
  timing: string;
  frames: number;
  levels_per_msg?: number;
  rounds_ns_per_msg: number[];
  not_measured?: string;
}

interface Plan { rounds: number; roundMs: number; warmupRounds: number }

/** What one empty `performance.now()` interval measures, in ms: subtracted once per timed interval. */
function clockOverheadMs(): number {
  const batches: number[] = [];
  for (let b = 0; b < 21; b++) {
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const start = performance.now();
      sum += performance.now() - start;
    }
    batches.push(sum / 20_000);
  }
  return median(batches);
}

function measure(c: IngestCase, plan: Plan, overheadMs: number): IngestResult {
  const impl = c.impl === 'json' ? 'JSON.parse' : c.impl;
  const base = {
    name: c.name, implementation: impl, family: c.family, includes_json_parse: c.includesJsonParse, timing: c.timing,
    frames: c.frames, ...(c.levelsPerMsg === undefined ? {} : { levels_per_msg: Math.round(c.levelsPerMsg * 100) / 100 }),
  } as const;
  const rounds: number[] = [];
  for (let r = -plan.warmupRounds; r < plan.rounds; r++) {
    let ms = 0;
    let msgs = 0;
    while (ms < plan.roundMs) {
      ms += c.pass() - c.intervalsPerPass * overheadMs;
      msgs += c.msgsPerPass;
      if (c.problem !== null) return { ...base, ns_per_msg: null, msgs_per_s: null, rounds_ns_per_msg: rounds, not_measured: c.problem };
    }
    if (r >= 0) rounds.push((ms * 1e6) / msgs);
  }
  const ns = median(rounds);
  return {
    ...base, ns_per_msg: Math.round(ns * 10) / 10, msgs_per_s: Math.round(1e9 / ns),
    rounds_ns_per_msg: rounds.map((x) => Math.round(x * 10) / 10),
  };
}

function unmeasured(c: { name: string; family: IngestFamily }, why: string): IngestResult {
  return {
    name: c.name, implementation: 'ccxt', family: c.family, ns_per_msg: null, msgs_per_s: null, includes_json_parse: true,
    timing: '', frames: 0, rounds_ns_per_msg: [], not_measured: why,
  };
}

/** For each family: how many times longer JSON.parse and ccxt take than ours (null when either is missing). */
function ratios(results: IngestResult[]) {
  const ns = (family: IngestFamily, impl: IngestResult['implementation']): number | null =>
    results.find((r) => r.family === family && r.implementation === impl)?.ns_per_msg ?? null;
  const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : Math.round((a / b) * 100) / 100);
  const out: Record<string, { json_parse_over_ours: number | null; ccxt_over_ours: number | null }> = {};
  for (const family of ['trade', 'bookTicker', 'depth20', 'l2update'] as const) {
    const ours = ns(family, 'ours');
    out[family] = { json_parse_over_ours: ratio(ns(family, 'JSON.parse'), ours), ccxt_over_ours: ratio(ns(family, 'ccxt'), ours) };
  }
  return out;
}

function printResults(results: IngestResult[], plan: Plan, quick: boolean, overheadNs: number): void {
  const r = ratios(results);
  const x = (v: number | null | undefined): string => (v === null || v === undefined ? '' : `${fmt(v)}x`);
  printTable(
    `ingest: raw frame (Buffer) -> usable numbers on real captured frames; median of ${plan.rounds} rounds of >= ${plan.roundMs / 1000} s after warm-up${quick ? ' (quick)' : ''}`,
    results.map((res) => ({
      case: res.name,
      frames: res.frames > 0 ? res.frames : '',
      levels: res.levels_per_msg === undefined ? '' : fmt(res.levels_per_msg),
      ns: res.ns_per_msg === null ? 'not measured' : fmt(res.ns_per_msg),
      rate: res.msgs_per_s === null ? '' : `${fmt(res.msgs_per_s / 1e6)} M/s`,
      json: res.implementation === 'ours' ? x(r[res.family].json_parse_over_ours) : '',
      ccxt: res.implementation === 'ours' ? x(r[res.family].ccxt_over_ours) : '',
      parse: res.includes_json_parse ? 'yes' : 'no',
      timing: res.timing,
    })),
    ['case', 'frames', { key: 'levels', label: 'levels/msg' }, { key: 'ns', label: 'ns/msg' }, { key: 'rate', label: 'msgs/s' },
      { key: 'json', label: 'JSON.parse/ours' }, { key: 'ccxt', label: 'ccxt/ours' }, { key: 'parse', label: 'incl. JSON.parse' }, 'timing'],
  );
  const notes = results.filter((res) => res.not_measured !== undefined).map((res) => `  ${res.name}: not measured: ${res.not_measured}\n`);
  process.stdout.write(
    'JSON.parse/ours, ccxt/ours: how many times longer that reader takes than ours on the same frames.\n' +
      'ccxt figures include Buffer.toString + JSON.parse (ccxt Client.onMessage, then binance.handleMessage): raw frame -> ccxt object.\n' +
      `depth20 rows: each selected diff timed alone inside a file-order replay of the whole chain; ${fmt(overheadNs)} ns clock cost per interval subtracted.\n` +
      'coinbase-l2update: our Coinbase parser JSON.parses too, then validates, decodes the ISO time and applies to its book, so it cannot beat the floor.\n' +
      notes.join(''),
  );
}

export async function runIngestBench(opts: { quick?: boolean } = {}): Promise<IngestResult[]> {
  const quick = opts.quick === true;
  const plan: Plan = quick ? { rounds: 3, roundMs: 100, warmupRounds: 1 } : { rounds: 5, roundMs: 500, warmupRounds: 1 };
  const contention = watchContention();
  const frames = loadIngestFrames();
  let ccxt: CcxtBinanceHarness | null = null;
  let ccxtError = '';
  try {
    ccxt = await CcxtBinanceHarness.create(frames.depth.snapshotText);
  } catch (err) {
    ccxtError = `ccxt could not be driven offline: ${err instanceof Error ? err.message : String(err)}`;
  }

  const sanity = checkAgreement(frames, ccxt);
  process.stdout.write(describeSanity(sanity));
  if (sanityFailed(sanity)) process.stdout.write('WARNING: the readers disagree on some numbers (see above); their timings are not comparable\n');

  const overheadMs = clockOverheadMs();
  const cases: IngestCase[] = [
    oursTrade(frames.trades), oursBookTicker(frames.bookTickers), oursDepth(frames.depth), oursL2Update(frames.coinbase),
    jsonTrade(frames.trades), jsonBookTicker(frames.bookTickers), jsonDepth(frames.depth), jsonL2Update(frames.coinbase),
  ];
  if (ccxt !== null) cases.push(ccxtTrade(frames.trades, ccxt), ccxtBookTicker(frames.bookTickers, ccxt), ccxtDepth(frames.depth, ccxt));
  const results: IngestResult[] = [];
  for (const c of cases) {
    process.stderr.write(`ingest: ${c.name} ...\n`);
    results.push(measure(c, plan, overheadMs));
  }
  if (ccxt === null) {
    results.push(unmeasured({ name: 'ccxt-trade', family: 'trade' }, ccxtError), unmeasured({ name: 'ccxt-bookTicker', family: 'bookTicker' }, ccxtError),
      unmeasured({ name: 'ccxt-depth20', family: 'depth20' }, ccxtError));
  }
  const others = contention();

  printResults(results, plan, quick, overheadMs * 1e6);
  if (others.other_cores > MAX_OTHER_CORES) {
    process.stdout.write(`WARNING: other processes used ${others.other_cores} cores on average during this run; the numbers are not trustworthy\n`);
  }
  const d = frames.depth;
  const file = writeResult('ingest', {
    results,
    ratios: ratios(results),
    sanity,
    params: {
      quick, rounds: plan.rounds, round_min_s: plan.roundMs / 1000, warmup_rounds: plan.warmupRounds,
      timer_overhead_ns_per_interval: Math.round(overheadMs * 1e7) / 10,
      ccxt_version: ccxt?.version ?? null,
      ccxt_unavailable: ccxt === null ? ccxtError : undefined,
      sources: {
        trade: `${SPOT_CAPTURE}: first ${frames.trades.length} btcusdt@trade frames`,
        bookTicker: `${SPOT_CAPTURE}: first ${frames.bookTickers.length} btcusdt@bookTicker frames`,
        depth20: `${USDM_CAPTURE}: ${d.timedCount} of the ${d.diffs.length} depth@0ms diffs after the REST snapshot (lastUpdateId ${d.snapshotLastUpdateId}) with ${DEPTH_MIN_LEVELS}-${DEPTH_MAX_LEVELS} levels, mean ${Math.round(d.timedMeanLevels * 100) / 100}`,
        l2update: `${COINBASE_CAPTURE}: all ${frames.coinbase.l2updates.length} l2update frames after the ${frames.coinbase.snapshots.length} snapshots, mean ${Math.round(frames.coinbase.meanChanges * 100) / 100} changes`,
      },
    },
    contention: others,
  });
  process.stdout.write(`wrote ${file}\n`);
  return results;
}
