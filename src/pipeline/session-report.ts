/**
 * What the operator reads about a session: the start banner, the one-line status on a terminal
 * and the summary at the end (human text, or one JSON object with `--json`). Everything here is
 * read from shared memory after the fact; nothing touches the hot path.
 */

import { accountBreakdown, startingCashOf, type AccountBreakdown } from '../risk/account-breakdown.js';
import { InstrumentRegistry, type Instrument } from '../core/instrument-registry.js';
import { VAR_METHODS } from '../risk/historical-portfolio-var.js';
import { RISK_HALT_REASONS } from '../risk/risk-limits.js';
import type { PipelineConfig } from './config.js';
import type { Orchestrator } from './orchestrator.js';
import { PortfolioSnapshot } from '../risk/portfolio.js';
import { Counter, LAYERS, LAYER_REFUSALS, type LayerName } from './telemetry.js';
import { LatencyHistogram } from '../shm/latency-histogram.js';
import { consolidatedSummary, formatConsolidated, type ConsolidatedSymbolSummary } from './consolidated-summary.js';
import { multiVenuesOf } from './venue-symbols-config.js';
import { REPLAY_ROWS_PREFIX } from './stage-graph.js';

export interface RunSummary {
  asset_class: string;
  symbols: readonly string[];
  source: string;
  /**
   * Where the market data came from: the live venue's feed (`binance`, `coinbase`,
   * `coinbase_advanced`, `alpaca`), or the source itself (`sim`, `synthetic`, `replay`).
   */
  venue: string;
  /**
   * A live session on several venues (source.cryptoVenues): per unified symbol, which venue held
   * the best bid and ask how often, and how many times the venues crossed (consolidated-summary.ts).
   */
  consolidated?: Record<string, ConsolidatedSymbolSummary>;
  /** `paper` or `live`. */
  execution: string;
  topology: string;
  ticks: number;
  /**
   * Candles read from replay files, or closed 1-minute bars the venue sent (Binance kline_1m,
   * live, sim or recorded); 0 otherwise. Venue bars summarise trades already counted as ticks.
   */
  bars: number;
  /** Rows of the replayed candle files skipped as invalid (malformed, bad time or price, out of order...); 0 otherwise. */
  replay_rows_rejected: number;
  intents: number;
  orders: number;
  /** Orders that filled in full, and that ended with something unfilled (cancelled or expired). */
  orders_filled: number;
  orders_cancelled: number;
  /** OrderReplaced events: resting orders re-posted at the touch or crossed when their TTL ran out. */
  orders_replaced: number;
  /** Order events the order state machine refused (0 in a correct run; each kind is logged). */
  order_state_violations: number;
  /**
   * Routed orders (`execution.routing: best_price`): intents split across the venues of their
   * unified symbol, the orders they became, and the edges of follower symbols sizing left alone.
   */
  routing?: { routed_intents: number; routed_orders: number; follower_edges: number };
  /** A live session's venue: reports its stream pushed, lookups, unanswered submits, orders that never reached it, stream connections. */
  venue_orders?: { reports: number; lookups: number; send_failures: number; not_placed: number; stream_connects: number };
  /** Fill events booked (an order walking several levels of the book fills once per level). */
  fills: number;
  /** Fills in the portfolio's own books (equals `fills` unless something was lost or doubled). */
  portfolio_fills: number;
  /** Market marks risk valued the book at (L0's touch per instrument, at most one per publish). */
  marks: number;
  /** Intents execution refused (all reasons). */
  rejects: number;
  /**
   * Sizing's decisions by the limit that bound them (SIZING_BOUND_NAMES): intents cut by a limit
   * or by none, and trades that min_order, cost_gate or no_trade_band stopped.
   */
  sizing_bounds: Record<string, number>;
  /**
   * Refusals by layer and reason: market events ingest would not take, model values the ensemble
   * left out, signals sizing would not size, intents execution would not send, fills risk would not book.
   */
  refusals: {
    ingest: Record<string, number>; ensemble: Record<string, number>; sizing: Record<string, number>;
    execution: Record<string, number>; risk: Record<string, number>;
  };
  starting_equity_usd: number;
  equity_usd: number;
  /** The book's position per symbol at the end, base quantity (signed). */
  positions: Record<string, number>;
  /** The book per account (the venue each instrument trades on) and per asset class. */
  accounts: AccountBreakdown['accounts'];
  asset_classes: AccountBreakdown['asset_classes'];
  pnl_usd: number;
  realized_pnl_usd: number;
  unrealized_pnl_usd: number;
  fees_usd: number;
  /** Drawdown from peak equity at the end, and the deepest during the session (percent). */
  drawdown_pct: number;
  max_drawdown_pct: number;
  /** One-day 99% VaR and Expected Shortfall, percent of equity, by `var_method` (risk.varMethod, or parametric while history is short). */
  var_pct: number;
  es_pct: number;
  var_method: string;
  /** The highest gross exposure over equity the book reached (what risk.maxLeverage bounds). */
  max_gross_leverage: number;
  /** Notional traded, buys and sells both counted, USD. */
  turnover_usd: number;
  /** The limit L5's kill switch tripped on (daily_loss, drawdown, var), null if it did not trip. */
  kill_switch: string | null;
  conflated: number;
  restarts: number;
  bad_input: number;
  config_reloads: number;
  config_reload_failures: number;
  halted: boolean;
  halt_reason: string | null;
  /** Records left in the rings when the session ended (0 unless a drain had to be abandoned). */
  undrained: number;
  /**
   * The portfolio snapshot block could not be read at the end (L5 was terminated mid-write): the
   * account and risk figures are from the last snapshot read before, or zeros if none was.
   */
  portfolio_unreadable: boolean;
  duration_s: number;
  ticks_per_s: number;
  /** Tick-to-order latency; the quantiles are null when no order was sent. */
  latency_us: { p50: number | null; p99: number | null; p999: number | null; count: number };
  gc_l1_l4: number;
  /** FNV-1a digest of every order sent, as 8 hex digits: equal digests, equal orders. */
  order_digest: string;
  exit_code: number;
}

const round = (v: number, digits: number): number => {
  const k = 10 ** digits;
  const r = Math.round(v * k) / k;
  return r === 0 ? 0 : r; // no "-$0.00" for a loss smaller than a cent
};

/** The book per account and asset class; before L5's first snapshot (all zeros) each account holds only its starting cash. */
function bookByAccount(config: PipelineConfig, snapshot: Float64Array, instruments: readonly Instrument[]): AccountBreakdown {
  return accountBreakdown(snapshot, instruments, startingCashOf(config.risk.equityUsd, config.risk.accountEquityUsd, instruments));
}

function refusalsOf(orchestrator: Orchestrator, layer: LayerName): Record<string, number> {
  const block = orchestrator.topology.telemetry[layer].refusals;
  return Object.fromEntries(LAYER_REFUSALS[layer].map((reason, i) => [reason, block.get(i)]));
}

/** The kill switch's reason name, null while it is not tripped. */
function killSwitchOf(reason: number): string | null {
  return reason > 0 ? RISK_HALT_REASONS[reason] ?? `reason ${reason}` : null;
}

function marketDataVenue(config: PipelineConfig): string {
  if (config.source.kind !== 'live') return config.source.kind;
  if (config.assetClass !== 'crypto') return 'alpaca';
  const venues = multiVenuesOf(config);
  return venues.length > 0 ? venues.join('+') : config.source.cryptoVenue;
}

export function summarize(
  orchestrator: Orchestrator, config: PipelineConfig, startedAt: number, exitCode: number, haltReason: string | null,
): RunSummary {
  const t = orchestrator.topology.telemetry;
  const c = (l: LayerName, k: number): number => t[l].counters.get(k);
  const portfolio = orchestrator.portfolioView;
  portfolio.refresh();
  const snapshot = portfolio.values;
  const latency = new LatencyHistogram();
  latency.copyFrom(t.L4.sinceT0);
  const count = latency.count();
  const us = (q: number): number | null => (count === 0 ? null : round(latency.valueAtQuantile(q) / 1000, 2));
  const durationS = (performance.now() - startedAt) / 1000;
  let badInput = 0;
  for (const l of LAYERS) badInput += c(l, Counter.bad_input);
  const started = snapshot[PortfolioSnapshot.startingEquity];
  const consolidated = consolidatedSummary(orchestrator.topology, config);
  return {
    asset_class: config.assetClass,
    symbols: config.symbols,
    source: config.source.kind,
    venue: marketDataVenue(config),
    ...(consolidated === null ? {} : { consolidated }),
    execution: config.execution.mode,
    topology: config.pipeline.topology,
    ticks: c('L0', Counter.records_in),
    bars: c('L0', Counter.bars),
    replay_rows_rejected: replayRowsRejected(t.L0.feed),
    intents: c('L3', Counter.intents),
    orders: c('L4', Counter.orders),
    orders_filled: c('L4', Counter.orders_filled),
    orders_cancelled: c('L4', Counter.orders_cancelled),
    orders_replaced: c('L4', Counter.orders_replaced),
    order_state_violations: c('L4', Counter.order_state_violations),
    ...(config.execution.routing === 'best_price'
      ? { routing: { routed_intents: c('L4', Counter.routed_intents), routed_orders: c('L4', Counter.routed_orders), follower_edges: c('L3', Counter.routed_member) } }
      : {}),
    ...(config.execution.mode === 'live'
      ? {
        venue_orders: {
          reports: c('L4', Counter.venue_reports), lookups: c('L4', Counter.venue_lookups), send_failures: c('L4', Counter.venue_send_failures),
          not_placed: c('L4', Counter.venue_not_placed), stream_connects: c('L4', Counter.venue_stream_connects),
        },
      }
      : {}),
    fills: c('L5', Counter.fills_booked),
    portfolio_fills: snapshot[PortfolioSnapshot.fills],
    marks: c('L5', Counter.side_records_in),
    rejects: c('L4', Counter.rejects),
    sizing_bounds: Object.fromEntries(t.L3.feed.names.map((bound, i) => [bound, t.L3.feed.get(i)])),
    refusals: {
      ingest: refusalsOf(orchestrator, 'L0'), ensemble: refusalsOf(orchestrator, 'L2'), sizing: refusalsOf(orchestrator, 'L3'),
      execution: refusalsOf(orchestrator, 'L4'), risk: refusalsOf(orchestrator, 'L5'),
    },
    // Before L5 publishes its first snapshot the block is all zeros: the account is untouched.
    starting_equity_usd: started > 0 ? started : config.risk.equityUsd,
    equity_usd: round(started > 0 ? snapshot[PortfolioSnapshot.equity] : config.risk.equityUsd, 2),
    positions: Object.fromEntries(config.symbols.map((sym, k) => [sym, snapshot[PortfolioSnapshot.positionQtyBase(config.symbols.length) + k]])),
    ...bookByAccount(config, snapshot, InstrumentRegistry.fromConfig(config, orchestrator.venueMarketsOfSession).instruments),
    pnl_usd: round(snapshot[PortfolioSnapshot.totalPnl], 2),
    realized_pnl_usd: round(snapshot[PortfolioSnapshot.realizedPnl], 2),
    unrealized_pnl_usd: round(snapshot[PortfolioSnapshot.unrealizedPnl], 2),
    fees_usd: round(snapshot[PortfolioSnapshot.feesUsd], 2),
    drawdown_pct: round(snapshot[PortfolioSnapshot.drawdownPct], 3),
    max_drawdown_pct: round(snapshot[PortfolioSnapshot.maxDrawdownPct], 3),
    var_pct: round(snapshot[PortfolioSnapshot.varPct], 3),
    es_pct: round(snapshot[PortfolioSnapshot.esPct], 3),
    var_method: VAR_METHODS[snapshot[PortfolioSnapshot.varMethod]] ?? 'parametric',
    max_gross_leverage: round(snapshot[PortfolioSnapshot.maxGrossLeverage], 4),
    turnover_usd: round(snapshot[PortfolioSnapshot.turnoverUsd], 2),
    kill_switch: killSwitchOf(Atomics.load(orchestrator.topology.riskHalt, 0)),
    conflated: c('L0', Counter.conflated),
    restarts: orchestrator.totalRestarts(),
    bad_input: badInput,
    config_reloads: orchestrator.reloadsOk,
    config_reload_failures: orchestrator.reloadsFailed,
    halted: orchestrator.isHalted,
    halt_reason: haltReason,
    undrained: orchestrator.undrainedRecords(),
    portfolio_unreadable: portfolio.isBehind(),
    duration_s: round(durationS, 3),
    ticks_per_s: Math.round(c('L0', Counter.records_in) / durationS),
    latency_us: { p50: us(0.5), p99: us(0.99), p999: us(0.999), count },
    gc_l1_l4: c('L1', Counter.gc_count) + c('L2', Counter.gc_count) + c('L3', Counter.gc_count) + c('L4', Counter.gc_count),
    order_digest: c('L4', Counter.order_digest).toString(16).padStart(8, '0'),
    exit_code: exitCode,
  };
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const signedUsd = (v: number): string => (v > 0 ? `+${usd.format(v)}` : usd.format(v));

/** `61.2 us`, `1.06 ms`, or `n/a` when nothing was measured. */
export function formatLatency(us: number | null): string {
  if (us === null) return 'n/a';
  if (us < 1000) return `${us < 10 ? us.toFixed(1) : Math.round(us)} us`;
  return `${(us / 1000).toPrecision(3)} ms`;
}

function formatRefusals(reasons: Record<string, number>, what: string): string | null {
  const nonzero = Object.entries(reasons).filter(([, n]) => n > 0);
  if (nonzero.length === 0) return null;
  return `${what}: ${nonzero.map(([reason, n]) => `${reason.replace(/_/g, ' ')} ${int.format(n)}`).join(', ')}`;
}

export function formatSummary(s: RunSummary): string {
  const refused = [
    formatRefusals(s.refusals.execution, 'orders'),
    formatRefusals(s.refusals.sizing, 'signals'),
    formatRefusals(s.refusals.ingest, 'market events'),
    formatRefusals(s.refusals.ensemble, 'model values'),
    formatRefusals(s.refusals.risk, 'fills'),
  ].filter((x) => x !== null);
  const lines = [
    `session   ${s.duration_s.toFixed(1)} s ${s.asset_class} (${s.symbols.join(', ')}), ${s.execution} trading, ${s.source} source${s.source === 'live' ? ` (${s.venue})` : ''}, ${s.topology}`,
    `market    ${int.format(s.ticks)} ticks (${int.format(s.ticks_per_s)}/s)${s.bars > 0 ? `, ${int.format(s.bars)} bars` : ''}${s.replay_rows_rejected > 0 ? ` (${int.format(s.replay_rows_rejected)} file rows skipped)` : ''}, ${int.format(s.conflated)} conflated, ${int.format(s.bad_input)} bad`,
    `orders    ${int.format(s.orders)} sent, ${int.format(s.orders_filled)} filled (${int.format(s.fills)} fills), ${int.format(s.orders_cancelled)} cancelled or expired, ${s.orders_replaced > 0 ? `${int.format(s.orders_replaced)} re-priced at their TTL, ` : ''}${int.format(s.rejects)} refused (denied by a check or rejected by the venue; ${int.format(s.intents)} intents from sizing)${s.order_state_violations > 0 ? `; ${int.format(s.order_state_violations)} events the order state machine refused (see the log)` : ''}`,
    ...(s.routing === undefined ? [] : [
      `routing   ${int.format(s.routing.routed_intents)} intents split by price across venues into ${int.format(s.routing.routed_orders)} orders`
        + ` (${int.format(s.routing.follower_edges)} edges of symbols that trade through their unified symbol's lead not sized)`,
    ]),
    ...(s.venue_orders === undefined ? [] : [
      `venue     ${int.format(s.venue_orders.reports)} order reports pushed, ${int.format(s.venue_orders.lookups)} lookups, `
        + `${int.format(s.venue_orders.send_failures)} submits unanswered, ${int.format(s.venue_orders.not_placed)} not placed, `
        + `${int.format(s.venue_orders.stream_connects)} stream connections`,
    ]),
    `account   equity ${usd.format(s.equity_usd)} (started ${usd.format(s.starting_equity_usd)}), PnL ${signedUsd(s.pnl_usd)}`
      + ` (realized ${signedUsd(s.realized_pnl_usd)}, unrealized ${signedUsd(s.unrealized_pnl_usd)}), fees paid ${usd.format(s.fees_usd)} on ${usd.format(s.turnover_usd)} traded`,
    `risk      max drawdown ${s.max_drawdown_pct.toFixed(2)}%, drawdown now ${s.drawdown_pct.toFixed(2)}%, VaR(99%, 1d, ${s.var_method}) ${s.var_pct.toFixed(2)}% of equity, ES ${s.es_pct.toFixed(2)}%, max gross leverage ${s.max_gross_leverage.toFixed(2)}x${s.kill_switch === null ? '' : `, KILL SWITCH tripped (${s.kill_switch})`}`,
    `sizing    ${formatBounds(s.sizing_bounds)}`,
    `refused   ${refused.length > 0 ? refused.join('; ') : 'none'}`,
    `latency   tick-to-order p50 ${formatLatency(s.latency_us.p50)}, p99 ${formatLatency(s.latency_us.p99)}, p99.9 ${formatLatency(s.latency_us.p999)}`
      + ` (${int.format(s.latency_us.count)} orders)`,
    `runtime   ${s.restarts} restarts, ${s.config_reloads} config reloads (${s.config_reload_failures} rejected), ${s.gc_l1_l4} GCs in L1-L4`,
  ];
  if (s.consolidated !== undefined) for (const line of formatConsolidated(s.consolidated)) lines.push(`venues    ${line}`);
  if (s.halted) lines.push(`HALTED    ${s.halt_reason ?? 'repeated worker failures'}`);
  if (s.undrained > 0) lines.push(`UNDRAINED ${int.format(s.undrained)} records were left in the rings when the drain was abandoned`);
  if (s.portfolio_unreadable) {
    lines.push('STALE     the portfolio snapshot block could not be read (L5 stopped mid-write): account and risk are from an earlier snapshot');
  }
  return lines.join('\n');
}

/** "cut by position_cap 12, none 3; not traded: cost gate 9,876" from the sizing decisions. */
function formatBounds(bounds: Record<string, number>): string {
  const stops = new Set(['min_order', 'cost_gate', 'no_trade_band']);
  const label = (name: string) => name.replace(/_/g, ' ');
  const part = (names: string[]) => names.filter((n) => bounds[n] > 0).map((n) => `${label(n)} ${int.format(bounds[n])}`).join(', ');
  const cut = part(Object.keys(bounds).filter((n) => !stops.has(n)));
  const stopped = part(Object.keys(bounds).filter((n) => stops.has(n)));
  if (cut === '' && stopped === '') return 'no signal reached a decision';
  return [cut === '' ? '' : `intents bound by ${cut}`, stopped === '' ? '' : `not traded: ${stopped}`].filter((x) => x !== '').join('; ');
}

/** The live one-liner on a terminal. */
export function formatStatus(s: RunSummary): string {
  return `${s.duration_s.toFixed(0)}s  ticks ${int.format(s.ticks)} (${int.format(s.ticks_per_s)}/s)  orders ${int.format(s.orders)}`
    + `  PnL ${signedUsd(s.pnl_usd)}  fees ${usd.format(s.fees_usd)}  p99 ${formatLatency(s.latency_us.p99)}`;
}

export interface BannerInfo {
  version: string;
  pid: number;
  config: PipelineConfig;
  configPath: string;
  /** `http://127.0.0.1:9464/metrics`, or null when the endpoint is off. */
  metricsUrl: string | null;
  metricsNote: string;
  durationMs: number;
}

/** The lines printed when a session starts: what runs, on what, and how to steer it. */
export function formatBanner(b: BannerInfo): string[] {
  const c = b.config;
  const length = b.durationMs > 0 ? `for ${formatDurationMs(b.durationMs)}` : 'until SIGINT/SIGTERM';
  return [
    `tradebot ${b.version}, pid ${b.pid}: ${c.assetClass} ${c.symbols.join(', ')}, ${c.execution.mode.toUpperCase()} trading, source ${c.source.kind}, ${c.pipeline.topology} topology, ${length}`,
    `config ${b.configPath} (kill -HUP ${b.pid} reloads it)`,
    b.metricsUrl === null ? 'metrics off (--metrics-port 0)' : `metrics ${b.metricsUrl}, health ${b.metricsUrl.replace(/\/metrics$/, '/health')}${b.metricsNote}`,
  ];
}

export function formatDurationMs(ms: number): string {
  const parts: string[] = [];
  let left = Math.round(ms);
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    if (left >= size) { parts.push(`${Math.floor(left / size)}${unit}`); left %= size; }
  }
  return parts.length > 0 ? parts.join('') : '0ms';
}

/** An address as it goes in a URL: IPv6 literals in brackets. */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** A candle replay's skipped rows, all reasons (L0's REPLAY_ROWS_PREFIX feed counters). */
function replayRowsRejected(feed: { readonly names: readonly string[]; get(i: number): number }): number {
  let n = 0;
  feed.names.forEach((name, i) => { if (name.startsWith(REPLAY_ROWS_PREFIX)) n += feed.get(i); });
  return n;
}
