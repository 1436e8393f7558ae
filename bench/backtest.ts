/**
 * `tradebot bench backtest`: how fast a backtest runs, on real candles (FTX BTC-PERP 1-minute
 * bars, 45,031 of them, read from `../shared/data`; never copied into the repository), in one run:
 *
 * - The whole pipeline replaying the file: `tradebot run crypto --replay FILE --symbols BTC/USDT
 *   --topology T --json --metrics-port 0` as a child process, for T = single, fused and layered.
 *   The config is conf/crypto.yml with the fixed_fraction sizer (the default kelly sizer trades
 *   little), so orders and fills flow, and with `replayVolumeIn: quote` (FTX reports volume in
 *   USD). events/s = the summary's `ticks` / its `duration_s` (workers started to rings drained;
 *   the CLI's own start-up and the file check before it are not in it, the process wall time is
 *   in the JSON). The child's `L0 replay finished: N bars, M events` line must agree with `ticks`.
 *   Then, per topology, the same replay of the file played REPEATS times end to end (see
 *   REPEATS): the rate a longer backtest sustains, over its whole run, start-up included.
 * - The ceiling: the same file decoded into the same events, with the reader and event generator
 *   L0's replay uses (readCandleFile, CandleEventSource, MergedEventSource, with L0's options) and
 *   nothing after them, in a process of its own (as each of the two rows below).
 * - A 20/50 simple moving-average crossover, long/flat, on the same closes: bar by bar with
 *   trading-signals' SMA (a signal at a bar's close is traded at the next bar's close), and the
 *   project's own vectorised baseline (src/backtest/baselines.ts) with the same rule. Both start
 *   from the candles in memory (decoding the file is the ceiling's job); their events/s are bars/s
 *   x 8, the events the pipeline makes of a bar. Both must make the same trades.
 *
 * backtest-kit (a TypeScript backtest library) is not in the table: see BACKTEST_KIT_NOTE.
 *
 * Writes bench/results/backtest.json. Without the candle file it says so and fails.
 */

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SMA } from 'trading-signals';
import { readCandleFile } from '../src/data/replay/candle-file.js';
import { CandleEventSource, EVENTS_PER_BAR, MergedEventSource } from '../src/data/replay/candle-events.js';
import type { CandleSeries } from '../src/data/replay/candle-series.js';
import { MARKET_EVENT_F64, MarketEvent } from '../src/data/synthetic-market.js';
import { defaultTickSize } from '../src/data/start-prices.js';
import { MA_FAST, MA_SLOW, movingAverageCrossover } from '../src/backtest/baselines.js';
import { UsageError } from '../src/pipeline/exit-codes.js';
import type { RunSummary } from '../src/pipeline/session-report.js';
import { sharedDataDir } from './ingest-frames.js';
import { fmt, median, printTable, REPO_ROOT, watchContention, writeResult, type Contention } from './report.js';

export const FTX_CANDLES = 'crypto/candles/nautilus/ftx-btc-perp-20211231-20220201_1m.csv';
const CLI = path.join(REPO_ROOT, 'dist', 'src', 'cli.js');
const CRYPTO_YML = path.join(REPO_ROOT, 'conf', 'crypto.yml');
const TOPOLOGIES = ['single', 'fused', 'layered'] as const;
/** A replay of the whole file takes a few seconds; past this the child is stuck. */
const CHILD_TIMEOUT_MS = 120_000;
/**
 * The longer replay: the file played this many times end to end, each copy shifted in time past
 * the one before (3.6 M events). A one-second replay is mostly what a run pays once (worker
 * start-up, module compilation, the JIT's warm-up over the first few hundred thousand events);
 * over ten copies that is a small part, and the whole run's events over its whole duration is
 * the rate a longer backtest sustains. (A difference of a longer and a shorter run would exclude
 * the start-up exactly, but on this machine the difference of two noisy runs is noisier still.)
 */
const REPEATS = 10;
/** Fee per fill of the moving-average backtests (10 bps of notional). */
const MA_FEE_RATE = 0.001;

export const BACKTEST_KIT_NOTE = 'backtest-kit not run: `npm install --save-dev backtest-kit` fails here. Its only published version '
  + '(19.5.0) needs di-kit ^1.1.1, di-scoped ^1.0.21, functools-kit ^5 and get-moment-stamp ^3, and the registry this project '
  + 'installs from serves at most di-kit 1.0.18, di-scoped 1.0.20, functools-kit 1.0.95 and get-moment-stamp 1.1.1, '
  + 'and not its dependency di-singleton at all, so no version override can make it install. '
  + 'The moving-average rows stand in for it: the same strategy bar by bar on trading-signals (a pure-TS library already '
  + 'among the devDependencies), and vectorised in src/backtest/baselines.ts.';

export interface BacktestRow {
  what: string;
  events_per_s: number;
  bars_per_s: number;
  /** Seconds of the timed part (median run). */
  wall_s: number;
  /** 'events': real events counted; 'bars x 8': bars/s times the pipeline's 8 events per bar. */
  events_basis: 'events' | 'bars x 8';
  notes: string;
}

export async function runBacktestBench(opts: { quick?: boolean } = {}) {
  const file = path.join(sharedDataDir(), FTX_CANDLES);
  if (!existsSync(file)) {
    throw new UsageError(`backtest: candle file ${file} not found; this benchmark replays the real FTX BTC-PERP 1-minute candles and cannot run without them (set TRADEBOT_SHARED_DATA to the folder holding ${FTX_CANDLES})`);
  }
  if (!existsSync(CLI)) throw new UsageError(`backtest: ${CLI} not found; build first (npm run build)`);
  const pipelineRuns = opts.quick ? 1 : 3;
  const inProcessRuns = opts.quick ? 5 : 20;
  const loadBefore = os.loadavg();
  const contention = watchContention();
  const childCpu0 = childrenCpuS();

  // Each in-process row in a fresh process of its own: in one process, what one row left on the
  // heap and in the JIT's feedback was measured to slow another's few-millisecond runs up to 4x.
  const decode = inFreshProcess<CeilingResult>('ceiling', file, inProcessRuns);
  const ts = inFreshProcess<TimedRuns>('trading-signals', file, inProcessRuns);
  const ours = inFreshProcess<TimedRuns>('baseline', file, inProcessRuns);
  const series = readCandleFile(file);

  const rows: BacktestRow[] = [];
  const pipeline: Record<string, PipelineReplay[]> = {};
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tradebot-bench-backtest-'));
  try {
    const config = tradingConfig(dir);
    const longer = repeatedCandleFile(file, REPEATS, dir);
    for (const topology of TOPOLOGIES) {
      const runs: PipelineReplay[] = [];
      for (let i = 0; i < pipelineRuns; i++) runs.push(await replayThroughPipeline(file, config, topology, dir));
      pipeline[topology] = runs;
      const mid = runs.find((r) => r.duration_s === median(runs.map((x) => x.duration_s)))!;
      rows.push({
        what: `pipeline replay, ${topology} topology`,
        events_per_s: mid.ticks / mid.duration_s,
        bars_per_s: mid.bars / mid.duration_s,
        wall_s: mid.duration_s,
        events_basis: 'events',
        notes: `child process (${fmt(mid.process_wall_s)} s with start-up); ${mid.orders} orders, ${mid.fills} fills`,
      });
      const longRuns: PipelineReplay[] = [];
      for (let i = 0; i < pipelineRuns; i++) longRuns.push(await replayThroughPipeline(longer, config, topology, dir));
      pipeline[`${topology}_x${REPEATS}`] = longRuns;
      const long = longRuns.find((r) => r.duration_s === median(longRuns.map((x) => x.duration_s)))!;
      rows.push({
        what: `  the same file ${REPEATS}x end to end`,
        events_per_s: long.ticks / long.duration_s,
        bars_per_s: long.bars / long.duration_s,
        wall_s: long.duration_s,
        events_basis: 'events',
        notes: `${fmt(long.ticks / 1e6)} M events, start-up included; L0's replay loop ${fmt(long.ticks / long.l0_replay_s / 1e6)} M/s; ${long.orders} orders`,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  rows.push({
    what: 'ceiling: decode the file into events',
    events_per_s: decode.events / decode.total_s,
    bars_per_s: decode.bars / decode.total_s,
    wall_s: decode.total_s,
    events_basis: 'events',
    notes: `no pipeline, one thread; read + parse ${fmt(decode.parse_s * 1000)} ms, events ${fmt(decode.events_s * 1000)} ms (${fmt(decode.events / decode.events_s / 1e6)} M events/s)`,
  });

  if (ts.result.trades !== ours.result.trades || Math.abs(ts.result.equity / ours.result.equity - 1) > 1e-9) {
    throw new Error(`backtest: the two moving-average backtests disagree (${ts.result.trades} vs ${ours.result.trades} trades, `
      + `equity ${ts.result.equity} vs ${ours.result.equity})`);
  }
  const maNote = `candles in memory; ${ts.result.trades} trades, equity ${fmt(ts.result.equity)} from 100000`;
  const maRows = [
    [`SMA ${MA_FAST}/${MA_SLOW} crossover, trading-signals 8.3 bar by bar`, ts, maNote],
    [`SMA ${MA_FAST}/${MA_SLOW} crossover, src/backtest/baselines.ts`, ours, `${maNote}; also builds the equity curve, exposure and fill records`],
  ] as const;
  for (const [what, r, notes] of maRows) {
    rows.push({ what, events_per_s: (series.count * EVENTS_PER_BAR) / r.s, bars_per_s: series.count / r.s, wall_s: r.s, events_basis: 'bars x 8', notes });
  }

  const childCpuS = childrenCpuS() - childCpu0;
  const machineLoad = withoutChildren(contention(), childCpuS);
  printTable(`backtest: ${series.count.toLocaleString('en-US')} FTX BTC-PERP 1-minute bars (${EVENTS_PER_BAR} events each); pipeline median of ${pipelineRuns}, in-process median of ${inProcessRuns}`,
    rows.map((r) => ({
      what: r.what,
      'events/s': `${fmt(r.events_per_s / 1e6)} M${r.events_basis === 'bars x 8' ? ' *' : ''}`,
      'bars/s': `${fmt(r.bars_per_s / 1e3)} k`,
      wall: r.wall_s >= 1 ? `${fmt(r.wall_s)} s` : `${fmt(r.wall_s * 1000)} ms`,
      notes: r.notes,
    })), ['what', 'events/s', 'bars/s', 'wall', 'notes']);
  process.stdout.write(`* bars/s x ${EVENTS_PER_BAR}, the events the pipeline makes of a bar.\n${BACKTEST_KIT_NOTE}\n`
    + `load average before: ${loadBefore.map((x) => x.toFixed(2)).join(' ')}; other processes took ${machineLoad.other_cores} cores on average\n`);
  const out = writeResult('backtest', {
    file: FTX_CANDLES,
    bars: series.count,
    events_per_bar: EVENTS_PER_BAR,
    pipeline_runs: pipelineRuns,
    in_process_runs: inProcessRuns,
    rows: rows.map((r) => ({ ...r, events_per_s: Math.round(r.events_per_s), bars_per_s: Math.round(r.bars_per_s), wall_s: Math.round(r.wall_s * 1e4) / 1e4 })),
    pipeline_replays: pipeline,
    ceiling: decode,
    backtest_kit: BACKTEST_KIT_NOTE,
    load_average_before: loadBefore,
    children_cpu_s: Math.round(childCpuS * 100) / 100,
    contention: machineLoad,
  });
  process.stdout.write(`wrote ${out}\n`);
  return rows;
}

/**
 * `file` played `times` times into one candle CSV in `dir`: copy k's bars shifted by k whole days
 * more than the file spans, so times keep rising and bars keep their time of day. Returns its path.
 */
function repeatedCandleFile(file: string, times: number, dir: string): string {
  const series = readCandleFile(file);
  const dayUs = 86_400e6;
  const shiftUs = Math.ceil((series.openTimeUs[series.count - 1] - series.openTimeUs[0]) / dayUs + 1) * dayUs;
  const lines = ['timestamp,open,high,low,close,volume'];
  for (let copy = 0; copy < times; copy++) {
    for (let i = 0; i < series.count; i++) {
      const at = new Date((series.openTimeUs[i] + copy * shiftUs) / 1000).toISOString().replace('T', ' ').replace('Z', '');
      lines.push(`${at},${series.open[i]},${series.high[i]},${series.low[i]},${series.close[i]},${series.volume[i]}`);
    }
  }
  const out = path.join(dir, `${path.basename(file, '.csv')}-x${times}.csv`);
  writeFileSync(out, `${lines.join('\n')}\n`);
  return out;
}

/** conf/crypto.yml with the edits above, written into `dir`; returns its path. */
function tradingConfig(dir: string): string {
  let yaml = readFileSync(CRYPTO_YML, 'utf8');
  for (const [from, to] of [[/^ {2}sizer: kelly$/m, '  sizer: fixed_fraction'], [/^ {2}replayVolumeIn: base$/m, '  replayVolumeIn: quote']] as const) {
    const edited = yaml.replace(from, to);
    // An edit that no longer matches would benchmark a different session without a word.
    if (edited === yaml) throw new Error(`backtest: ${CRYPTO_YML} has no line matching ${from}`);
    yaml = edited;
  }
  const file = path.join(dir, 'crypto.yml');
  writeFileSync(file, yaml);
  return file;
}

export interface PipelineReplay {
  topology: string;
  ticks: number;
  bars: number;
  /** From L0's `replay finished` line. */
  events: number;
  duration_s: number;
  /** Spawn to exit, the CLI's start-up included. */
  process_wall_s: number;
  /** L0's replay alone, between its two log lines (millisecond timestamps): decoding and publishing. */
  l0_replay_s: number;
  orders: number;
  fills: number;
  order_digest: string;
}

/** One replay of `file` by the CLI in `topology`; the audit trail goes under `cwd` (a temp dir). */
async function replayThroughPipeline(file: string, config: string, topology: string, cwd: string): Promise<PipelineReplay> {
  const args = [CLI, 'run', 'crypto', '--config', config, '--replay', file, '--symbols', 'BTC/USDT', '--topology', topology, '--json', '--metrics-port', '0'];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  const wall = (performance.now() - t0) / 1000;
  const fail = (why: string): Error => new Error(`backtest: \`tradebot run crypto --replay\` (${topology}) ${why}\n--- stderr\n${stderr.slice(-2000)}`);
  if (code !== 0) throw fail(`exited with ${code}`);
  let s: RunSummary;
  try {
    s = JSON.parse(stdout.trim().split('\n').pop()!) as RunSummary;
  } catch {
    throw fail('printed no JSON summary');
  }
  const done = /^(\S+) L0 replay finished: (\d+) bars, (\d+) events$/m.exec(stderr);
  const start = /^(\S+) L0 replay .*: \d+ bars \(/m.exec(stderr);
  if (!done || !start) throw fail('did not log the end of its replay');
  const events = Number(done[3]);
  if (events !== s.ticks || Number(done[2]) !== s.bars) throw fail(`replayed ${events} events of ${done[2]} bars but counted ${s.ticks} ticks of ${s.bars} bars`);
  if (!(s.orders > 0 && s.fills > 0)) throw fail(`sent ${s.orders} orders with ${s.fills} fills: no trading to measure`);
  return {
    topology, ticks: s.ticks, bars: s.bars, events, duration_s: s.duration_s, process_wall_s: round3(wall),
    l0_replay_s: round3((Date.parse(done[1]) - Date.parse(start[1])) / 1000),
    orders: s.orders, fills: s.fills, order_digest: s.order_digest,
  };
}

export interface CeilingResult {
  bars: number;
  events: number;
  /** Medians: readCandleFile, events from the parsed series, and the two together (per run). */
  parse_s: number;
  events_s: number;
  total_s: number;
  /** Sum of every price of every event: proves the loop ran and was not optimised away. */
  checksum: number;
}

/** L0's replay without the pipeline: read the file and make every event, `runs` times. */
function ceiling(file: string, runs: number): CeilingResult {
  const event = new Float64Array(MARKET_EVENT_F64);
  const parse: number[] = [];
  const make: number[] = [];
  const total: number[] = [];
  let bars = 0;
  let events = 0;
  let checksum = 0;
  for (let run = -1; run < runs; run++) { // run -1 warms the JIT up and is not counted
    const t0 = performance.now();
    const series = readCandleFile(file);
    // As runReplaySource builds its sources (src/workers/sources/replay-source.ts).
    const source = new CandleEventSource(series, 0, {
      tickSize: series.count > 0 ? defaultTickSize(series.close[0]) : 0, volumeInQuote: true,
    });
    const merged = new MergedEventSource([source]);
    const t1 = performance.now();
    let sum = 0;
    let n = 0;
    while (merged.next(event)) {
      sum += event[MarketEvent.price];
      n++;
    }
    const t2 = performance.now();
    if (run < 0) continue;
    parse.push((t1 - t0) / 1000);
    make.push((t2 - t1) / 1000);
    total.push((t2 - t0) / 1000);
    bars = series.count;
    events = n;
    checksum = sum;
  }
  if (events !== bars * EVENTS_PER_BAR) throw new Error(`backtest: ${bars} bars made ${events} events, not ${EVENTS_PER_BAR} each`);
  return { bars, events, parse_s: median(parse), events_s: median(make), total_s: median(total), checksum };
}

export interface MaResult {
  trades: number;
  equity: number;
}

interface TimedRuns {
  s: number;
  result: MaResult;
}

type InProcessRow = 'ceiling' | 'trading-signals' | 'baseline';

/** One in-process row's timing, in this process (inFreshProcess runs it in a child). */
export function timeInProcessRow(row: InProcessRow, file: string, runs: number): CeilingResult | TimedRuns {
  if (row === 'ceiling') return ceiling(file, runs);
  const series = readCandleFile(file);
  return row === 'trading-signals'
    ? timeRuns(runs, () => smaCrossoverTradingSignals(series.close, MA_FAST, MA_SLOW, MA_FEE_RATE))
    : timeRuns(runs, () => smaCrossoverBaseline(series, MA_FEE_RATE));
}

/** timeInProcessRow in a child process of its own. */
function inFreshProcess<T extends CeilingResult | TimedRuns>(row: InProcessRow, file: string, runs: number): T {
  const script = `import { timeInProcessRow } from ${JSON.stringify(import.meta.url)};\n`
    + `process.stdout.write(JSON.stringify(timeInProcessRow(${JSON.stringify(row)}, ${JSON.stringify(file)}, ${runs})));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: CHILD_TIMEOUT_MS });
  if (r.status !== 0) throw new Error(`backtest: timing ${row} in a child process failed (exit ${r.status ?? r.signal})\n${(r.stderr ?? '').slice(-2000)}`);
  return JSON.parse(r.stdout) as T;
}

/**
 * Calls before the timed ones: the vectorised baseline allocates its equity curve and fill list
 * afresh each call, and takes about this many before the JIT and the young generation's size
 * settle (its first calls run 5-8x slower).
 */
const WARM_UP_CALLS = 8;

/** Median seconds of `runs` calls of `fn` after WARM_UP_CALLS, and the last call's result. */
function timeRuns(runs: number, fn: () => MaResult): TimedRuns {
  let result = fn();
  for (let i = 1; i < WARM_UP_CALLS; i++) result = fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    times.push((performance.now() - t0) / 1000);
  }
  return { s: median(times), result };
}

/**
 * Long/flat on the `fast`/`slow` SMA crossover of the closes, bar by bar with trading-signals:
 * at each bar's close, first trade on the previous bar's signal, then update the averages. All-in
 * from 100,000 USD, `fee` x notional per fill, flat at the last close (baselines.ts's rules).
 */
export function smaCrossoverTradingSignals(close: Float64Array, fast: number, slow: number, fee: number): MaResult {
  const fastSma = new SMA(fast);
  const slowSma = new SMA(slow);
  let cash = 100_000;
  let qty = 0;
  let trades = 0;
  let wantLong = false;
  const n = close.length;
  for (let t = 0; t < n; t++) {
    const price = close[t];
    const long = t < n - 1 && wantLong;
    if (long && qty === 0) {
      const notional = cash / (1 + fee);
      qty = notional / price;
      cash = 0;
      trades++;
    } else if (!long && qty > 0) {
      cash += qty * price * (1 - fee);
      qty = 0;
      trades++;
    }
    const f = fastSma.add(price);
    const s = slowSma.add(price);
    wantLong = f !== null && s !== null && f > s;
  }
  return { trades, equity: cash + qty * close[n - 1] };
}

/** The same backtest by the project's baseline (it also builds the equity curve and fill list). */
function smaCrossoverBaseline(series: CandleSeries, fee: number): MaResult {
  const run = movingAverageCrossover({
    timeUs: series.openTimeUs,
    symbols: [{ symbol: 'BTC/USDT', assetClass: 'crypto', close: series.close }],
  }, { startingEquityUsd: 100_000, feeRate: fee }, MA_FAST, MA_SLOW);
  return { trades: run.fills.length, equity: run.equity[run.equity.length - 1].equityUsd };
}

/**
 * CPU seconds used by this process's finished children (Linux: /proc/self/stat cutime + cstime;
 * 0 elsewhere). The pipeline runs in child processes, which the contention figure would
 * otherwise count as other processes' load.
 */
function childrenCpuS(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command name start at field 3 (state); cutime and cstime are fields 16 and 17.
    return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / 100;
  } catch {
    return 0;
  }
}

function withoutChildren(c: Contention, childS: number): Contention {
  const other = Math.max(0, c.other_cpu_s - childS);
  const r2 = (x: number): number => Math.round(x * 100) / 100;
  return { wall_s: c.wall_s, own_cpu_s: r2(c.own_cpu_s + childS), other_cpu_s: r2(other), other_cores: r2(other / c.wall_s) };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
