/**
 * The pipeline config's types, per-asset-class defaults and validator. `validateConfig` walks a
 * plain object parsed from YAML and fills defaults. It collects every problem (with field path,
 * bad value and, when known, the YAML line) rather than stopping at the first. Unknown keys are
 * problems too, so a typo never silently falls back to a default. config.ts wraps this in file
 * loading, overrides and reload diffs.
 */

import { isIP } from 'node:net';
import { parseVenueFees, type VenueFees } from './venue-fees-config.js';
import { checkVenueSymbols, parseConsolidatedSymbols, parseCryptoVenues, type ConsolidatedSymbols } from './venue-symbols-config.js';
import { defaultStartPrice } from '../data/start-prices.js';
import { symbolProblem } from '../core/symbols.js';
import { MAX_DURATION_MS } from './duration.js';
import type { WaitStrategyName } from '../shm/wait-strategy.js';
import { ALPHA_MODELS, ALPHA_MODEL_NAMES } from '../alpha/alpha-catalogue.js';
import { MAX_ALPHA_MODELS } from '../shm/records.js';
import { SIZER_NAMES } from '../sizing/sizer-catalogue.js';
import { VAR_METHODS } from '../risk/historical-portfolio-var.js';
import { MAKER_EXPIRIES, ORDER_STYLES } from '../execution/paper-fill-engine.js';
import { SLICING_MODES } from '../execution/order-slicing.js';
import { QUEUE_MODELS } from '../execution/queue-position.js';
import { VENUE_IDS } from '../core/instrument-registry.js';
import { MAX_BAR_PRICE } from '../data/replay/candle-series.js';
import {
  BINANCE_MARKETS, BINANCE_TRADE_STREAMS, CRYPTO_VENUES, type BinanceMarket, type BinanceTradeStream, type CryptoVenue,
} from '../data/venues/market-data-endpoints.js';

export const ASSET_CLASSES = ['crypto', 'stocks'] as const;
export type AssetClass = (typeof ASSET_CLASSES)[number];
export const SOURCE_KINDS = ['synthetic', 'sim', 'live', 'replay'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
/** Alpaca's stock streams: IEX (free) or the consolidated SIP (a paid subscription). */
export const ALPACA_FEEDS = ['iex', 'sip'] as const;
export type AlpacaFeedName = (typeof ALPACA_FEEDS)[number];
export const TOPOLOGY_KINDS = ['layered', 'fused', 'single'] as const;
export type TopologyKind = (typeof TOPOLOGY_KINDS)[number];
export const WAIT_STRATEGIES = ['spin-then-park', 'busy-spin'] as const satisfies readonly WaitStrategyName[];
export const TICK_POLICIES = ['conflate', 'block'] as const;
export type TickPolicy = (typeof TICK_POLICIES)[number];
export const EXECUTION_MODES = ['paper', 'live'] as const;
/**
 * Where an intent's order goes: `own_venue`, the venue of the instrument it was sized for;
 * `best_price`, across every venue quoting its unified symbol (execution/routing/routing-groups.ts).
 */
export const EXECUTION_ROUTINGS = ['own_venue', 'best_price'] as const;
/** The fill engine's two styles, or `auto`: each intent by the maker-or-taker rule (execution/routing/maker-taker-rule.ts). */
export const EXECUTION_ORDER_STYLES = [...ORDER_STYLES, 'auto'] as const;
export type ExecutionMode = (typeof EXECUTION_MODES)[number];
/** The alpha models a config can weigh and tune (the alpha catalogue). */
export const MODEL_NAMES: readonly string[] = ALPHA_MODEL_NAMES;

export const SYMBOL_PATTERN = /^[A-Z0-9]{1,12}(\/[A-Z0-9]{1,12})?$/;
export const MAX_SYMBOLS = 1024;

export interface SourceConfig {
  readonly kind: SourceKind;
  /** Events per second; 0 = as fast as possible. */
  readonly ratePerSecond: number;
  readonly seed: number;
  /** One entry per configured symbol (defaults filled in). */
  readonly startPrices: Readonly<Record<string, number>>;
  readonly annualVol: number;
  /** Order book levels per side L0 publishes to shared memory for each symbol (venue sources). */
  readonly bookLevels: number;
  /** A symbol with no market data for this long is flagged stale (venue sources), ms. */
  readonly staleAfterMs: number;
  /** `replay`: candle or recorded files, one per symbol in `symbols` order. */
  readonly replayFiles: readonly string[];
  /** `replay`: 0 = as fast as the pipeline takes it; N = N times the recorded pace. */
  readonly replaySpeed: number;
  /** `replay`: the files' volume column is in the base asset (most) or the quote currency (FTX). */
  readonly replayVolumeIn: 'base' | 'quote';
  /** Stocks on a venue source: which Alpaca stream (the simulated exchange serves both). */
  readonly alpacaFeed: AlpacaFeedName;
  /** Crypto with `--source live`: whose public market data to read (the simulated exchange speaks Binance's only). */
  readonly cryptoVenue: CryptoVenue;
  /** Crypto live on several venues at once (empty: `cryptoVenue` alone); see venue-symbols-config.ts. */
  readonly cryptoVenues: readonly CryptoVenue[];
  /** With `cryptoVenues`: unified symbol -> venue -> that venue's symbol in `symbols`. */
  readonly consolidatedSymbols: ConsolidatedSymbols;
  /** Crypto live: Binance spot or USD-M perpetual futures (the simulated exchange is spot). */
  readonly binanceMarket: BinanceMarket;
  /** Binance (sim or live): the `trade` stream or the aggregated `aggTrade` one. */
  readonly binanceTrades: BinanceTradeStream;
  /** JSON Lines of headlines for the news_sentiment model; '' = none. Read once at start. */
  readonly newsFile: string;
  /** Crypto: JSON Lines of exchange net flows for the onchain_flow model; '' = none. Read once at start. */
  readonly onchainFile: string;
  /** Crypto: JSON Lines of perpetual funding prints for the funding_basis model; '' = none. Read once at start. */
  readonly fundingFile: string;
}
export interface PipelineSettings {
  readonly topology: TopologyKind;
  readonly waitStrategy: WaitStrategyName;
  readonly spins: number;
  readonly ringCapacity: number;
  readonly tickPolicy: TickPolicy;
  readonly maxRestarts: number;
  readonly restartWindowSeconds: number;
  /** A worker whose heartbeat stands still this long is presumed hung and restarted. */
  readonly stallSeconds: number;
  /** Stop ingest and drain after this long; 0 = run until signalled. */
  readonly durationMs: number;
  /** Where a session writes its audit trail (`<dataDir>/audit/`); "" = nowhere. Relative to the working directory. */
  readonly dataDir: string;
  /** A drift alarm on the served deep model retrains it in the background (registered, never promoted). */
  readonly retrainOnDrift: boolean;
  /** Epochs of such a retrain. */
  readonly retrainEpochs: number;
}
export interface StrategyConfig {
  readonly edgeThresholdBps: number;
  readonly shortWindow: number;
  readonly longWindow: number;
}
/** L2's blend refinements and its meta-learner (see src/ensemble/). */
export interface EnsembleConfig {
  /** Models less confident than this are left out of the blend (0 .. 1). */
  readonly minConfidence: number;
  /** Only the K most confident models count; 0 = all. */
  readonly topK: number;
  /** Shrinkage of the blended edge towards 0, in units of confidence-weight; 0 = none. */
  readonly shrinkage: number;
  /** Meta-learner step size; 0 = off (every model keeps its configured weight). */
  readonly metaLearningRate: number;
  /** Meta-learner forgetting per scored call (0 .. 1). */
  readonly metaForgetting: number;
  /** Multiplies every model's horizon (AlphaModelSpec.horizonMs) the meta-learner scores over. */
  readonly metaHorizonScale: number;
}
/** Per alpha model: its ensemble `weight` (0 = off) and its own parameters (see the catalogue). */
export type AlphaModelConfig = Readonly<Record<string, number>> & { readonly weight: number };
export type AlphasConfig = Readonly<Record<string, AlphaModelConfig>>;
export interface RiskConfig {
  readonly equityUsd: number;
  readonly fraction: number;
  readonly maxPositionUsd: number;
  readonly minOrderUsd: number;
  readonly maxLeverage: number;
  readonly assetClassLimitPct: number;
  readonly killSwitch: boolean;
  /** The sizing rule, by name from the sizer catalogue. */
  readonly sizer: string;
  /** Per unified symbol: a maxPositionUsd of its own (others use maxPositionUsd). */
  readonly maxPositionUsdBySymbol: Readonly<Record<string, number>>;
  /**
   * Per account (venue): the cash it starts with, summing to equityUsd; empty: equityUsd split
   * evenly across the venues the session trades on. Read by the per-account book (account-breakdown.ts).
   */
  readonly accountEquityUsd: Readonly<Record<string, number>>;
  /** Expected market impact per side in bps, priced in by the cost_aware sizer. */
  readonly impactBps: number;
  /** cost_aware and kelly: a resize smaller than this percentage of the target is skipped. */
  readonly noTradeBandPct: number;
  /** kelly: the fraction of the full Kelly bet (edge / variance) taken, in (0, 1]. */
  readonly kellyFraction: number;
  /** kelly: one position may not exceed this percentage of equity. */
  readonly positionCapPct: number;
  /** kelly: the book's 99% one-day parametric VaR may not exceed this percentage of equity. */
  readonly varBudgetPct: number;
  /** kelly: EWMA decay per observation of the return covariance behind the VaR budget. */
  readonly covarianceLambda: number;
  /** Kill switch (L5): trips at this loss since the UTC day began, percent of equity; 0 = off. */
  readonly maxDailyLossPct: number;
  /** Kill switch: trips at this drawdown from peak equity, percent; 0 = off. */
  readonly maxDrawdownPct: number;
  /** Kill switch: trips at this one-day 99% VaR, percent of equity; 0 = off. */
  readonly maxVarPct: number;
  /** L5's live VaR model (historical-portfolio-var.ts): parametric, historical or cornish_fisher. */
  readonly varMethod: string;
}
export interface ExecutionConfig {
  readonly mode: ExecutionMode;
  /** Taker fee, bps of notional (reloadable). */
  readonly feeBps: number;
  /** Maker fee, bps of notional (negative: a rebate). */
  readonly makerFeeBps: number;
  /** Paper fills: event time from a decision to its order reaching the venue, ms. */
  readonly latencyMs: number;
  /** A taker's quantity past the visible book fills at its worst visible price this much worse (bps). */
  readonly beyondDepthBps: number;
  /**
   * taker: market orders that walk the book; maker: limit orders resting at the near touch; auto:
   * each intent takes only if its edge beats `takeIfEdgeOverSpread` of the spread plus the fee
   * difference, and rests otherwise.
   */
  readonly orderStyle: string;
  /** auto: the share of the spread an intent's edge must beat (with the fee difference) to take. */
  readonly takeIfEdgeOverSpread: number;
  /** Paper takers of `sliceAboveUsd` or more: immediate, twap or pov over time (execution/order-slicing.ts). */
  readonly slicing: string;
  /** twap: slices per order. */
  readonly slices: number;
  /** Event time between slices, ms. */
  readonly sliceIntervalMs: number;
  /** pov: share of the traded volume each slice takes. */
  readonly povFraction: number;
  /** Orders under this notional, USD, are sent at once. */
  readonly sliceAboveUsd: number;
  /** A resting maker order still unfilled this long after it was posted (or last re-posted) is re-posted or ended, ms. */
  readonly makerTtlMs: number;
  /** Paper: times a maker whose TTL ran out is re-posted at its side's touch before it ends (0: it ends at the first). */
  readonly makerReplaces: number;
  /** Paper: a maker out of re-posts is cancelled, or crossed (what is left goes as a taker). */
  readonly makerExpiry: string;
  /** Where a resting paper order stands in its queue: risk_averse or power (queue-position.ts). */
  readonly queueModel: string;
  /** Orders working at once; an intent beyond it is refused (order_table_full). */
  readonly maxOpenOrders: number;
  /** Pre-trade: the largest order, USD of notional. */
  readonly maxOrderNotionalUsd: number;
  /** Pre-trade: orders per second per venue (a token bucket in event time); 0 = no limit. */
  readonly maxOrdersPerSecond: number;
  /** Pre-trade, stocks: also trade 04:00-09:30 and 16:00-20:00 ET. */
  readonly extendedHours: boolean;
  /**
   * Pre-trade, stocks: the account trades on margin, so FINRA's pattern-day-trader rule applies
   * (below $25,000 of equity, at most 3 day trades in 5 business days; a 4th is denied).
   */
  readonly marginAccount: boolean;
  /** Live with `--source live`: orders go to the venue's test environment (false: the real account). */
  readonly venueSandbox: boolean;
  /** own_venue or best_price (several venues, paper execution): see EXECUTION_ROUTINGS. */
  readonly routing: string;
  /** Per venue, its own fee tier where it differs from feeBps / makerFeeBps (venue-fees-config.ts). */
  readonly venueFees: VenueFees;
}
export interface MetricsConfig {
  readonly host: string;
  /** 0 = metrics endpoint disabled. */
  readonly port: number;
  /** A rendered scrape is reused for this long (ms); bounds what a scrape storm costs. 0 = never. */
  readonly cacheMs: number;
  /** After a halted session drains, /health answers 503 with the reason for this long before exit (ms). */
  readonly haltGraceMs: number;
}
export interface PipelineConfig {
  readonly assetClass: AssetClass;
  readonly symbols: readonly string[];
  readonly source: SourceConfig;
  readonly pipeline: PipelineSettings;
  readonly strategy: StrategyConfig;
  readonly ensemble: EnsembleConfig;
  readonly alphas: AlphasConfig;
  readonly risk: RiskConfig;
  readonly execution: ExecutionConfig;
  readonly metrics: MetricsConfig;
}
export type SectionName = 'source' | 'pipeline' | 'strategy' | 'ensemble' | 'risk' | 'execution' | 'metrics';
export const SECTION_NAMES: readonly SectionName[] = ['source', 'pipeline', 'strategy', 'ensemble', 'risk', 'execution', 'metrics'];

/** Defaults for an asset class (source.startPrices excluded: it is filled per symbol). */
export function defaultsFor(assetClass: AssetClass): Omit<PipelineConfig, 'source'> & { source: Omit<SourceConfig, 'startPrices'> } {
  const crypto = assetClass === 'crypto';
  return {
    assetClass,
    symbols: crypto ? ['BTC/USDT', 'ETH/USDT'] : ['AAPL', 'GOOGL', 'TSLA'],
    // The simulated exchange, read through the real connector: Binance's protocol for crypto,
    // Alpaca's for stocks.
    source: { kind: 'sim', ratePerSecond: 10_000, seed: 42, annualVol: crypto ? 0.6 : 0.3, bookLevels: 20, staleAfterMs: 5000, replayFiles: [], replaySpeed: 0, replayVolumeIn: 'base', alpacaFeed: 'iex', binanceMarket: 'spot', binanceTrades: 'trade', cryptoVenue: 'binance', cryptoVenues: [], consolidatedSymbols: {}, newsFile: '', onchainFile: '', fundingFile: '' },
    pipeline: {
      topology: 'layered', waitStrategy: 'spin-then-park', spins: 200, ringCapacity: 4096,
      tickPolicy: 'conflate', maxRestarts: 5, restartWindowSeconds: 60, stallSeconds: 5, durationMs: 0, dataDir: 'var', retrainOnDrift: false, retrainEpochs: 3,
    },
    // An edge below the taker fee cannot pay for its own trade: the default threshold sits above it.
    strategy: { edgeThresholdBps: crypto ? 12 : 3, shortWindow: 20, longWindow: 100 },
    ensemble: { minConfidence: 0, topK: 0, shrinkage: crypto ? 0 : 4, metaLearningRate: 0, metaForgetting: 0.01, metaHorizonScale: 1 },
    alphas: defaultAlphas(),
    risk: {
      equityUsd: 100_000, fraction: 0.02, maxPositionUsd: 20_000, minOrderUsd: 50,
      maxLeverage: crypto ? 3 : 4, assetClassLimitPct: crypto ? 20 : 25, killSwitch: false, sizer: 'kelly', maxPositionUsdBySymbol: {}, accountEquityUsd: {},
      impactBps: crypto ? 2 : 1, noTradeBandPct: 25, maxDailyLossPct: 20, maxDrawdownPct: 25, maxVarPct: 0, varMethod: 'historical',
      kellyFraction: 0.25, positionCapPct: crypto ? 20 : 25, varBudgetPct: 2, covarianceLambda: 0.94,
    },
    execution: {
      mode: 'paper', feeBps: crypto ? 10 : 1, makerFeeBps: crypto ? 10 : 0, latencyMs: 0, beyondDepthBps: crypto ? 10 : 5,
      orderStyle: 'taker', takeIfEdgeOverSpread: 0.5, makerTtlMs: 30_000, makerReplaces: 0, makerExpiry: 'cancel',
      slicing: 'immediate', slices: 5, sliceIntervalMs: 1000, povFraction: 0.1, sliceAboveUsd: 10_000, queueModel: 'risk_averse', maxOpenOrders: 256,
      maxOrderNotionalUsd: 1_000_000, maxOrdersPerSecond: 0, extendedHours: false, marginAccount: false, venueSandbox: true,
      routing: 'own_venue', venueFees: {},
    },
    metrics: { host: '127.0.0.1', port: 9464, cacheMs: 100, haltGraceMs: 5000 },
  };
}

function defaultAlphas(): AlphasConfig {
  return Object.fromEntries(ALPHA_MODELS.map((m) => [
    m.name, { weight: m.defaultWeight, ...Object.fromEntries(Object.entries(m.params).map(([k, p]) => [k, p.default])) },
  ])) as AlphasConfig;
}

interface NumberSpec { kind: 'number'; min: number; max: number; minOpen?: boolean; integer?: boolean; powerOfTwo?: boolean; usd?: boolean }
type FieldSpec =
  | NumberSpec
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'boolean' }
  | { kind: 'host' }
  | { kind: 'paths' }
  | { kind: 'path' }
  | { kind: 'perSymbol'; what: string; amount: NumberSpec }
  | { kind: 'venueList' }
  | { kind: 'venueSymbols' }
  | { kind: 'venueFees' }
  | { kind: 'perVenue'; what: string };

const num = (min: number, max: number, extra: Partial<NumberSpec> = {}): NumberSpec => ({ kind: 'number', min, max, ...extra });
const int = (min: number, max: number, extra: Partial<NumberSpec> = {}): NumberSpec => num(min, max, { integer: true, ...extra });
const positive = (max = Infinity): NumberSpec => num(0, max, { minOpen: true });
const oneOf = (values: readonly string[]): FieldSpec => ({ kind: 'enum', values });
const WEIGHT = num(0, 1000);
/**
 * Ceiling of every USD amount: a trillion. Far above any account, and far enough below the
 * float range that sums, leverage and P&L over it stay finite (1e308 of equity overflowed to
 * Infinity and the summary's equity came out as null).
 */
const MAX_USD = 1e12;
const MAX_USD_TEXT = '1e12';
/** A USD amount above 0, and one that may be 0. */
const USD_AMOUNT = num(0, MAX_USD, { minOpen: true, usd: true });
const USD_OR_ZERO = num(0, MAX_USD, { usd: true });

/** Every known field per section, in documentation order. */
export const SECTION_SPECS: Record<SectionName, Record<string, FieldSpec>> = {
  source: {
    kind: oneOf(SOURCE_KINDS), ratePerSecond: num(0, 10_000_000), seed: int(0, 0xffff_ffff),
    // The simulated market quotes a start price in ticks no finer than 1e-8 and needs a few of them
    // below the price; 1e12 is the ceiling candle files are held to as well.
    startPrices: { kind: 'perSymbol', what: 'price', amount: num(1e-7, MAX_BAR_PRICE) }, annualVol: num(0, 5), bookLevels: int(1, 1000), staleAfterMs: int(100, 3_600_000),
    replayFiles: { kind: 'paths' }, replaySpeed: num(0, 1e9), replayVolumeIn: oneOf(['base', 'quote']), alpacaFeed: oneOf(ALPACA_FEEDS), binanceMarket: oneOf(BINANCE_MARKETS), binanceTrades: oneOf(BINANCE_TRADE_STREAMS),
    cryptoVenue: oneOf(CRYPTO_VENUES), cryptoVenues: { kind: 'venueList' }, consolidatedSymbols: { kind: 'venueSymbols' }, newsFile: { kind: 'path' }, onchainFile: { kind: 'path' }, fundingFile: { kind: 'path' },
  },
  pipeline: {
    topology: oneOf(TOPOLOGY_KINDS), waitStrategy: oneOf(WAIT_STRATEGIES), spins: int(0, 1_000_000),
    ringCapacity: int(64, 1 << 20, { powerOfTwo: true }), tickPolicy: oneOf(TICK_POLICIES),
    maxRestarts: int(0, 1000), restartWindowSeconds: num(0, 86_400, { minOpen: true }), stallSeconds: int(1, 3600), durationMs: int(0, MAX_DURATION_MS), dataDir: { kind: 'path' },
    retrainOnDrift: { kind: 'boolean' }, retrainEpochs: int(1, 1000),
  },
  strategy: {
    edgeThresholdBps: num(0, 10_000), shortWindow: int(1, 100_000), longWindow: int(2, 100_000),
  },
  ensemble: {
    minConfidence: num(0, 1), topK: int(0, MAX_ALPHA_MODELS), shrinkage: num(0, 1e6),
    metaLearningRate: num(0, 100), metaForgetting: num(0, 1), metaHorizonScale: num(0, 1000, { minOpen: true }),
  },
  risk: {
    equityUsd: USD_AMOUNT, fraction: num(0, 1, { minOpen: true }), maxPositionUsd: USD_AMOUNT, minOrderUsd: USD_OR_ZERO,
    maxLeverage: num(0, 100, { minOpen: true }), assetClassLimitPct: num(0, 100, { minOpen: true }), killSwitch: { kind: 'boolean' },
    sizer: oneOf(SIZER_NAMES), maxPositionUsdBySymbol: { kind: 'perSymbol', what: 'limit in USD', amount: USD_AMOUNT },
    accountEquityUsd: { kind: 'perVenue', what: 'starting cash in USD' },
    impactBps: num(0, 1000), noTradeBandPct: num(0, 100),
    maxDailyLossPct: num(0, 100), maxDrawdownPct: num(0, 100), maxVarPct: num(0, 1000), varMethod: oneOf(VAR_METHODS),
    kellyFraction: num(0, 1, { minOpen: true }), positionCapPct: num(0, 100, { minOpen: true }), varBudgetPct: num(0, 100, { minOpen: true }),
    covarianceLambda: num(0.5, 0.9999),
  },
  execution: {
    mode: oneOf(EXECUTION_MODES), feeBps: num(0, 1000), makerFeeBps: num(-100, 1000), latencyMs: num(0, 60_000),
    beyondDepthBps: num(0, 1000), orderStyle: oneOf(EXECUTION_ORDER_STYLES), takeIfEdgeOverSpread: num(0, 100),
    slicing: oneOf(SLICING_MODES), slices: int(2, 500), sliceIntervalMs: num(0, 86_400_000, { minOpen: true }), povFraction: num(0, 1, { minOpen: true }),
    sliceAboveUsd: USD_OR_ZERO, makerTtlMs: num(0, 86_400_000, { minOpen: true }),
    makerReplaces: int(0, 1000), makerExpiry: oneOf(MAKER_EXPIRIES),
    queueModel: oneOf(QUEUE_MODELS), maxOpenOrders: int(1, 65_536),
    maxOrderNotionalUsd: USD_AMOUNT, maxOrdersPerSecond: num(0, 1_000_000), extendedHours: { kind: 'boolean' }, marginAccount: { kind: 'boolean' },
    venueSandbox: { kind: 'boolean' }, routing: oneOf(EXECUTION_ROUTINGS), venueFees: { kind: 'venueFees' },
  },
  metrics: { host: { kind: 'host' }, port: int(0, 65_535), cacheMs: int(0, 60_000), haltGraceMs: int(0, 600_000) },
};

/** Per alpha model, its fields: `weight` (0 = off) and the parameters its spec declares. */
export const ALPHA_FIELD_SPECS: Readonly<Record<string, Readonly<Record<string, NumberSpec>>>> = Object.fromEntries(
  ALPHA_MODELS.map((m) => [m.name, {
    weight: WEIGHT,
    ...Object.fromEntries(Object.entries(m.params).map(([k, p]) => [k, num(p.min, p.max, { minOpen: p.minOpen, integer: p.integer })])),
  }]),
);
const TOP_LEVEL_KEYS = ['assetClass', 'symbols', ...SECTION_NAMES, 'alphas'];

/**
 * Fields that mean something for one asset class only, and why, for the message. The other class
 * may keep the default (a config copied between classes is fine), but any other value would be
 * silently ignored, which a typo in the wrong file must not be. (source.onchainFile, fundingFile,
 * cryptoVenues and consolidatedSymbols have their own checks.)
 */
export const ASSET_CLASS_FIELDS: Readonly<Record<string, { only: AssetClass; why: string }>> = {
  'source.alpacaFeed': { only: 'stocks', why: 'crypto does not read Alpaca' },
  'source.cryptoVenue': { only: 'crypto', why: 'stocks read Alpaca' },
  'source.binanceMarket': { only: 'crypto', why: 'stocks read Alpaca' },
  'source.binanceTrades': { only: 'crypto', why: 'stocks read Alpaca' },
  'execution.extendedHours': { only: 'stocks', why: 'crypto trades around the clock' },
  'execution.marginAccount': { only: 'stocks', why: 'the pattern-day-trader rule is for US stocks' },
};

export type FieldPath = readonly (string | number)[];

/** `risk.maxPositionUsd`, `symbols[1]`, `source.startPrices["BTC/USDT"]`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** A bad value as it appears in messages: numbers bare, strings quoted, short JSON otherwise. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'an empty value';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fmtNum = (n: number): string => (Number.isFinite(n) ? String(n) : '∞');

function describeNumber(s: NumberSpec): string {
  const what = s.integer ? 'integer' : 'number';
  if (s.powerOfTwo) return `a power of two in [${s.min}, ${s.max}]`;
  if (s.max === Infinity || s.usd) return s.minOpen && s.min === 0 ? `a positive ${what}` : `a finite ${what} >= ${s.min}`;
  return `${s.integer ? 'an' : 'a'} ${what} in ${s.minOpen ? '(' : '['}${s.min}, ${fmtNum(s.max)}]`;
}

/** What is wrong with a value `numberOk` refused. */
function numberProblem(s: NumberSpec, v: unknown): string {
  if (s.usd && typeof v === 'number' && v > s.max) return `must be at most ${MAX_USD_TEXT} USD, got ${formatValue(v)}`;
  return `must be ${describeNumber(s)}, got ${formatValue(v)}`;
}

function numberOk(s: NumberSpec, v: unknown): v is number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  if (v < s.min || v > s.max || (s.minOpen && v === s.min)) return false;
  if (s.integer && !Number.isInteger(v)) return false;
  return !s.powerOfTwo || (v & (v - 1)) === 0;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** "did you mean" for a mistyped key: same letters ignoring case/_/-, or a small edit distance. */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const norm = (s: string): string => s.toLowerCase().replace(/[_-]/g, '');
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = norm(k) === norm(key) ? 0 : editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) { best = k; bestD = d; }
  }
  return bestD <= Math.max(2, Math.floor(key.length / 4)) ? best : undefined;
}

export interface ValidateOptions {
  /** Line of the YAML node at a field path, for messages. */
  locate?: (path: FieldPath) => number | undefined;
  /** Accept execution.mode: live (only when the CLI got the explicit live flag). */
  allowLive?: boolean;
}

/** Validate and default a parsed document. Returns the config, or the problems (never both). */
export function validateConfig(raw: unknown, opts: ValidateOptions = {}): { config?: PipelineConfig; problems: string[] } {
  const problems: string[] = [];
  const add = (path: FieldPath, msg: string): void => {
    const line = path.length > 0 ? opts.locate?.(path) : undefined;
    problems.push(`${formatPath(path)} ${msg}${line === undefined ? '' : ` (line ${line})`}`);
  };
  const unknownKeys = (obj: Record<string, unknown>, known: readonly string[], at: FieldPath, what = 'field'): void => {
    for (const key of Object.keys(obj)) {
      if (known.includes(key)) continue;
      const hint = suggestKey(key, known);
      add([...at, key], `is an unknown ${what} (${hint ? `did you mean "${hint}"? ` : ''}known: ${known.join(', ')})`);
    }
  };

  let doc: Record<string, unknown> = {};
  if (raw === null || raw === undefined) {
    // empty file: reported below as a missing assetClass
  } else if (!isMapping(raw)) {
    problems.push(`the document must be a mapping of config fields, got ${formatValue(raw)}`);
  } else {
    doc = raw;
    unknownKeys(doc, TOP_LEVEL_KEYS, []);
  }

  let assetClass: AssetClass = 'crypto';
  if (doc.assetClass === undefined) add(['assetClass'], `is required (one of ${ASSET_CLASSES.join(' | ')})`);
  else if (!ASSET_CLASSES.includes(doc.assetClass as AssetClass)) {
    add(['assetClass'], `must be one of ${ASSET_CLASSES.join(' | ')}, got ${formatValue(doc.assetClass)}`);
  } else assetClass = doc.assetClass as AssetClass;
  const defaults = defaultsFor(assetClass);

  let symbols: string[] = [...defaults.symbols];
  if (doc.symbols !== undefined) {
    if (!Array.isArray(doc.symbols) || doc.symbols.length === 0 || doc.symbols.length > MAX_SYMBOLS) {
      add(['symbols'], `must be a non-empty list of at most ${MAX_SYMBOLS} symbols, got ${formatValue(doc.symbols)}`);
    } else {
      symbols = [];
      doc.symbols.forEach((s: unknown, i: number) => {
        const problem = symbolProblem(assetClass, s);
        if (problem !== undefined) {
          add(['symbols', i], problem);
        } else if (symbols.includes(s as string)) {
          add(['symbols', i], `duplicates symbols[${(doc.symbols as unknown[]).indexOf(s)}]: ${formatValue(s)}`);
        } else symbols.push(s as string);
      });
    }
  }

  const sections: Record<string, Record<string, unknown>> = {};
  for (const name of SECTION_NAMES) {
    const given = doc[name];
    const defs = { ...(defaults[name] as unknown as Record<string, unknown>) };
    sections[name] = defs;
    if (given === undefined || given === null) continue;
    if (!isMapping(given)) { add([name], `must be a mapping of fields, got ${formatValue(given)}`); continue; }
    const spec = SECTION_SPECS[name];
    unknownKeys(given, Object.keys(spec), [name]);
    for (const [field, fs] of Object.entries(spec)) {
      const v = given[field];
      if (v === undefined) continue;
      const path = [name, field];
      switch (fs.kind) {
        case 'number':
          if (numberOk(fs, v)) defs[field] = v;
          else add(path, numberProblem(fs, v));
          break;
        case 'enum':
          if (typeof v === 'string' && fs.values.includes(v)) defs[field] = v;
          else add(path, `must be one of ${fs.values.join(' | ')}, got ${formatValue(v)}`);
          break;
        case 'boolean':
          if (typeof v === 'boolean') defs[field] = v;
          else add(path, `must be true or false, got ${formatValue(v)}`);
          break;
        case 'host':
          if (typeof v === 'string' && (v === 'localhost' || isIP(v) !== 0)) defs[field] = v;
          else add(path, `must be an IPv4 or IPv6 address or "localhost" (no brackets or port), got ${formatValue(v)}`);
          break;
        case 'paths':
          if (Array.isArray(v) && v.every((p) => typeof p === 'string' && p.length > 0)) defs[field] = [...v];
          else add(path, `must be a list of file paths, got ${formatValue(v)}`);
          break;
        case 'path':
          if (typeof v === 'string') defs[field] = v;
          else add(path, `must be a file path, or "" for none, got ${formatValue(v)}`);
          break;
        case 'perSymbol':
          if (!isMapping(v)) { add(path, `must be a mapping of symbol to ${fs.what}, got ${formatValue(v)}`); break; }
          for (const [sym, amount] of Object.entries(v)) {
            if (!symbols.includes(sym)) add([...path, sym], `is not one of symbols (${symbols.join(', ')})`);
            else if (!numberOk(fs.amount, amount)) {
              add([...path, sym], fs.amount.usd ? numberProblem(fs.amount, amount) : `must be a positive number in [${fs.amount.min}, ${fs.amount.max}], got ${formatValue(amount)}`);
            }
          }
          defs[field] = { ...v };
          break;
        case 'venueList': {
          const venues = parseCryptoVenues(v, add);
          if (venues !== undefined) defs[field] = venues;
          break;
        }
        case 'venueSymbols': {
          const mapping = parseConsolidatedSymbols(v, add);
          if (mapping !== undefined) defs[field] = mapping;
          break;
        }
        case 'venueFees': {
          const fees = parseVenueFees(v, add);
          if (fees !== undefined) defs[field] = fees;
          break;
        }
        case 'perVenue': {
          if (!isMapping(v)) { add(path, `must be a mapping of venue to ${fs.what}, e.g. {binance: 60000, coinbase: 40000}, got ${formatValue(v)}`); break; }
          const venues = Object.keys(VENUE_IDS);
          for (const [venue, amount] of Object.entries(v)) {
            if (!venues.includes(venue)) add([...path, venue], `is not a venue (${venues.join(' | ')})`);
            else if (!numberOk(USD_AMOUNT, amount)) add([...path, venue], numberProblem(USD_AMOUNT, amount));
          }
          defs[field] = { ...v };
          break;
        }
      }
    }
  }

  const alphas = validateAlphas(doc.alphas, add, unknownKeys);

  const source = sections.source;
  const given = (source.startPrices ?? {}) as Record<string, unknown>;
  source.startPrices = Object.fromEntries(symbols.map((s) => [s, typeof given[s] === 'number' ? given[s] : defaultStartPrice(s)]));
  const { strategy, risk, execution } = sections;
  if ((strategy.shortWindow as number) >= (strategy.longWindow as number)) {
    add(['strategy', 'shortWindow'], `must be less than strategy.longWindow, got ${strategy.shortWindow} >= ${strategy.longWindow}`);
  }
  for (const [sym, limit] of Object.entries(risk.maxPositionUsdBySymbol as Record<string, unknown>)) {
    if (typeof limit === 'number' && limit < (risk.minOrderUsd as number)) {
      add(['risk', 'maxPositionUsdBySymbol', sym], `must not be below risk.minOrderUsd, got ${limit} < ${risk.minOrderUsd}`);
    }
  }
  const accountCash = Object.values(risk.accountEquityUsd as Record<string, unknown>);
  if (accountCash.length > 0 && accountCash.every((usd) => typeof usd === 'number')) {
    const total = (accountCash as number[]).reduce((a, b) => a + b, 0);
    if (Math.abs(total - (risk.equityUsd as number)) > 0.005) {
      add(['risk', 'accountEquityUsd'], `must add up to risk.equityUsd (${risk.equityUsd}), the session's starting equity; its accounts add up to ${total}`);
    }
  }
  if ((risk.minOrderUsd as number) > (risk.maxPositionUsd as number)) {
    add(['risk', 'minOrderUsd'], `must not exceed risk.maxPositionUsd, got ${risk.minOrderUsd} > ${risk.maxPositionUsd}`);
  }
  if (assetClass === 'stocks' && source.onchainFile !== '') {
    add(['source', 'onchainFile'], `is for crypto sessions only (stocks have no on-chain flows), got ${formatValue(source.onchainFile)}`);
  }
  if (assetClass === 'stocks' && source.fundingFile !== '') {
    add(['source', 'fundingFile'], `is for crypto sessions only (stocks have no perpetual funding), got ${formatValue(source.fundingFile)}`);
  }
  for (const [at, { only, why }] of Object.entries(ASSET_CLASS_FIELDS)) {
    const [section, field] = at.split('.') as [SectionName, string];
    const value = sections[section][field];
    if (only === assetClass || value === (defaults[section] as unknown as Record<string, unknown>)[field]) continue;
    add([section, field], `is for ${only} sessions only (${why}), got ${formatValue(value)}`);
  }
  checkVenueSymbols(assetClass, symbols, source.cryptoVenues as CryptoVenue[], source.consolidatedSymbols as ConsolidatedSymbols, add);
  checkRouting(execution.routing as string, execution.mode as string, source.consolidatedSymbols as ConsolidatedSymbols, add);
  checkOrderStyle(execution, add);
  if (execution.mode === 'live' && !opts.allowLive) {
    add(['execution', 'mode'], 'is "live" but live trading also needs the explicit --live command-line flag (config alone never enables it)');
  }
  if (problems.length > 0) return { problems };
  return { problems, config: { assetClass, symbols, ...sections, alphas } as unknown as PipelineConfig };
}

/**
 * `execution.routing: best_price` routes between the venues of a unified symbol: it needs one
 * quoted on two venues or more, and paper execution (a live session's orders go to one venue).
 */
function checkRouting(routing: string, mode: string, mapping: ConsolidatedSymbols, add: (path: FieldPath, msg: string) => void): void {
  if (routing !== 'best_price') return;
  if (!Object.values(mapping).some((venues) => Object.keys(venues).length >= 2)) {
    add(['execution', 'routing'], 'is "best_price", which routes between the venues of a unified symbol, but no symbol of source.consolidatedSymbols is mapped on two venues or more (e.g. source.cryptoVenues: [binance, coinbase] and consolidatedSymbols: {BTC/USD: {binance: BTC/USDT, coinbase: BTC/USD}})');
  } else if (mode === 'live') {
    add(['execution', 'routing'], 'is "best_price", which paper execution does; live orders go to one venue, so a live session keeps own_venue');
  }
}

/**
 * `orderStyle: auto`, `slicing` and re-posting makers are the paper engine's; live orders keep one
 * style, go at once, and a live maker is cancelled when its TTL runs out.
 */
function checkOrderStyle(execution: Record<string, unknown>, add: (path: FieldPath, msg: string) => void): void {
  if (execution.mode !== 'live') return;
  if (execution.orderStyle === 'auto') add(['execution', 'orderStyle'], 'is "auto", which paper execution does; a live session sends one style: taker or maker');
  if (execution.slicing !== 'immediate') add(['execution', 'slicing'], `is "${String(execution.slicing)}", which paper execution does; a live session sends each order at once (immediate)`);
  if (execution.makerReplaces !== 0) add(['execution', 'makerReplaces'], `is ${String(execution.makerReplaces)}, but re-posting makers is what paper execution does; a live maker is cancelled when its TTL runs out (0)`);
  if (execution.makerExpiry !== 'cancel') add(['execution', 'makerExpiry'], `is "${String(execution.makerExpiry)}", which paper execution does; a live maker is cancelled when its TTL runs out (cancel)`);
}

/**
 * The `alphas` section: a mapping of model name to `{weight, ...params}`; omitted models and
 * fields take the catalogue's defaults. At least one model must keep a weight above 0.
 */
function validateAlphas(
  given: unknown,
  add: (path: FieldPath, msg: string) => void,
  unknownKeys: (obj: Record<string, unknown>, known: readonly string[], at: FieldPath, what?: string) => void,
): AlphasConfig {
  const out = Object.fromEntries(Object.entries(defaultAlphas()).map(([k, v]) => [k, { ...v }])) as Record<string, Record<string, number>>;
  if (given !== undefined && given !== null) {
    if (!isMapping(given)) {
      add(['alphas'], `must be a mapping of model name to its settings, got ${formatValue(given)}`);
    } else {
      unknownKeys(given, MODEL_NAMES, ['alphas'], 'model');
      for (const name of MODEL_NAMES) {
        const model = given[name];
        if (model === undefined || model === null) continue;
        if (!isMapping(model)) { add(['alphas', name], `must be a mapping of weight and parameters, got ${formatValue(model)}`); continue; }
        const specs = ALPHA_FIELD_SPECS[name];
        unknownKeys(model, Object.keys(specs), ['alphas', name], 'parameter');
        for (const [field, spec] of Object.entries(specs)) {
          const v = model[field];
          if (v === undefined) continue;
          if (numberOk(spec, v)) out[name][field] = v;
          else add(['alphas', name, field], `must be ${describeNumber(spec)}, got ${formatValue(v)}`);
        }
      }
    }
  }
  if (MODEL_NAMES.every((m) => out[m].weight === 0)) {
    add(['alphas'], `must give at least one model a weight > 0, got ${formatValue(Object.fromEntries(MODEL_NAMES.map((m) => [m, out[m].weight])))}`);
  }
  return out as AlphasConfig;
}
