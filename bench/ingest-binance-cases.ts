/**
 * The Binance cases of the ingest benchmark: our decoder, the JSON.parse floor and ccxt, each on
 * the same Buffers (see ingest-frames.ts for which frames and ingest-case.ts for the timing styles).
 *
 * What "ours" includes, per message, from the raw Buffer:
 * - trade: decode, then a Tick record (t0, ts, symbol, venue, price, size, side, seq; layout of
 *   src/shm/records.ts) written into a preallocated Float64Array ring of RING_RECORDS records;
 * - bookTicker: decode, then a BookTop record likewise (spot bookTicker carries no venue time, so
 *   `ts` is the receive time, as in the connector);
 * - depth20: decode, then BinanceBookSync.onDiff on a USD-M book synced from the capture's REST
 *   snapshot (continuity checks, every level applied to the L2Book, crossed-book check), exactly
 *   the connector's call.
 * `t0` and the receive time are read from the clock once per pass, outside the timed loop: in the
 * connector they come with the frame from the websocket layer, so they are not part of decoding,
 * and a clock read allocates in Node 20 (see src/shm/clock.ts).
 *
 * The JSON.parse floor: `JSON.parse(buf.toString())` plus Number() of every decimal string a
 * decoder must read (prices, quantities), the least any JSON-based decoder pays.
 */

import { BinanceBookSync, BinanceMarket, DiffHeader, DiffOutcome, SnapshotOutcome } from '../src/data/venues/binance/binance-book-sync.js';
import { BinanceFrameDecoder } from '../src/data/venues/binance/binance-frame-decoder.js';
import { BinanceField as F, MessageKind } from '../src/data/venues/binance/binance-message-layout.js';
import { epochUs, monoNs } from '../src/shm/clock.js';
import { BookTop, Side, Tick, VenueId } from '../src/shm/records.js';
import type { CcxtBinanceHarness } from './ingest-ccxt.js';
import { SINK, type IngestCase } from './ingest-case.js';
import type { DepthChain } from './ingest-frames.js';

const RING_RECORDS = 1024; // a power of two: the slot is seq & (RING_RECORDS - 1)
const MAX_LEVELS = 5000;

function decoder(): BinanceFrameDecoder {
  return new BinanceFrameDecoder(['BTCUSDT'], { maxLevels: MAX_LEVELS });
}

function tight(name: string, family: IngestCase['family'], impl: IngestCase['impl'], frames: Buffer[], pass: (c: IngestCase) => number): IngestCase {
  const c: IngestCase = {
    name, family, impl, timing: 'tight loop', frames: frames.length, includesJsonParse: impl !== 'ours',
    msgsPerPass: frames.length, intervalsPerPass: 1, problem: null, pass: () => pass(c),
  };
  return c;
}

export function oursTrade(frames: Buffer[]): IngestCase {
  const dec = decoder();
  const f = dec.fields;
  const ring = new Float64Array(RING_RECORDS * Tick.f64);
  const seq = new Float64Array(1);
  const n = frames.length;
  return tight('binance-trade', 'trade', 'ours', frames, (c) => {
    const t0 = monoNs();
    let refused = 0;
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      const buf = frames[i];
      if (dec.decode(buf, buf.length) !== MessageKind.Trade) { refused++; continue; }
      const s = seq[0]++;
      const at = (s & (RING_RECORDS - 1)) * Tick.f64;
      ring[at + Tick.t0] = t0;
      ring[at + Tick.ts] = f[F.tsMicros];
      ring[at + Tick.instrument] = f[F.symbol];
      ring[at + Tick.venue] = VenueId.Binance;
      ring[at + Tick.price] = f[F.price];
      ring[at + Tick.size] = f[F.qty];
      ring[at + Tick.side] = f[F.buyerIsMaker] === 1 ? Side.Sell : Side.Buy;
      ring[at + Tick.seq] = s;
    }
    const ms = performance.now() - start;
    if (refused > 0) c.problem = `${refused} trade frames not decoded as trades`;
    return ms;
  });
}

export function oursBookTicker(frames: Buffer[]): IngestCase {
  const dec = decoder();
  const f = dec.fields;
  const ring = new Float64Array(RING_RECORDS * BookTop.f64);
  const seq = new Float64Array(1);
  const n = frames.length;
  return tight('binance-bookTicker', 'bookTicker', 'ours', frames, (c) => {
    const t0 = monoNs();
    const receivedUs = Math.round(epochUs());
    let refused = 0;
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      const buf = frames[i];
      if (dec.decode(buf, buf.length) !== MessageKind.BookTicker) { refused++; continue; }
      const at = (seq[0]++ & (RING_RECORDS - 1)) * BookTop.f64;
      ring[at + BookTop.t0] = t0;
      ring[at + BookTop.ts] = f[F.tsMicros] >= 0 ? f[F.tsMicros] : receivedUs;
      ring[at + BookTop.instrument] = f[F.symbol];
      ring[at + BookTop.venue] = VenueId.Binance;
      ring[at + BookTop.bidPrice] = f[F.bidPrice];
      ring[at + BookTop.bidSize] = f[F.bidQty];
      ring[at + BookTop.askPrice] = f[F.askPrice];
      ring[at + BookTop.askSize] = f[F.askQty];
    }
    const ms = performance.now() - start;
    if (refused > 0) c.problem = `${refused} bookTicker frames not decoded as bookTickers`;
    return ms;
  });
}

interface TradeJson { data: { E: number; T: number; t: number; p: string; q: string; m: boolean } }
interface QuoteJson { data: { u: number; b: string; B: string; a: string; A: string } }
interface DepthJson { data: { E: number; U: number; u: number; pu: number; b: string[][]; a: string[][] } }

export function jsonTrade(frames: Buffer[]): IngestCase {
  const n = frames.length;
  return tight('json-parse-trade', 'trade', 'json', frames, () => {
    let sum = 0;
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      const d = (JSON.parse(frames[i].toString()) as TradeJson).data;
      sum += Number(d.p) + Number(d.q) + d.E + d.t + (d.m ? 1 : 0);
    }
    const ms = performance.now() - start;
    SINK[0] += sum;
    return ms;
  });
}

export function jsonBookTicker(frames: Buffer[]): IngestCase {
  const n = frames.length;
  return tight('json-parse-bookTicker', 'bookTicker', 'json', frames, () => {
    let sum = 0;
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      const d = (JSON.parse(frames[i].toString()) as QuoteJson).data;
      sum += Number(d.b) + Number(d.B) + Number(d.a) + Number(d.A) + d.u;
    }
    const ms = performance.now() - start;
    SINK[0] += sum;
    return ms;
  });
}

export function ccxtTrade(frames: Buffer[], h: CcxtBinanceHarness): IngestCase {
  const n = frames.length;
  const client = h.spotClient;
  const lastId = String((JSON.parse(frames[n - 1].toString()) as TradeJson).data.t);
  return tight('ccxt-trade', 'trade', 'ccxt', frames, (c) => {
    const start = performance.now();
    // `{ data }` per message is what ccxt's own connection loop builds before onMessage.
    for (let i = 0; i < n; i++) client.onMessage({ data: frames[i] });
    const ms = performance.now() - start;
    if (h.lastSpotTrade()?.id !== lastId) c.problem = 'ccxt did not record the last trade of the pass';
    return ms;
  });
}

export function ccxtBookTicker(frames: Buffer[], h: CcxtBinanceHarness): IngestCase {
  const n = frames.length;
  const client = h.spotClient;
  const lastBid = Number((JSON.parse(frames[n - 1].toString()) as QuoteJson).data.b);
  return tight('ccxt-bookTicker', 'bookTicker', 'ccxt', frames, (c) => {
    const start = performance.now();
    for (let i = 0; i < n; i++) client.onMessage({ data: frames[i] });
    const ms = performance.now() - start;
    if (h.lastSpotQuote()?.bid !== lastBid) c.problem = 'ccxt did not record the last quote of the pass';
    return ms;
  });
}

function depthCase(name: string, impl: IngestCase['impl'], chain: DepthChain, pass: (c: IngestCase) => number): IngestCase {
  const c: IngestCase = {
    name, family: 'depth20', impl, timing: 'per-frame, file-order replay', frames: chain.timedCount,
    levelsPerMsg: chain.timedMeanLevels, includesJsonParse: impl !== 'ours', msgsPerPass: chain.timedCount,
    intervalsPerPass: chain.timedCount, problem: null, pass: () => pass(c),
  };
  return c;
}

/** A USD-M book synced from the chain's snapshot, and the step that decodes and applies one diff. */
export class OursDepth {
  readonly dec = decoder();
  readonly sync: BinanceBookSync;
  private readonly snap: { L: number; bidPx: Float64Array; bidQty: Float64Array; askPx: Float64Array; askQty: Float64Array };

  /** `bookCapacity`: levels per side (default: the connector's, DEFAULT_BOOK_CAPACITY). */
  constructor(chain: DepthChain, bookCapacity?: number) {
    this.sync = new BinanceBookSync({ market: BinanceMarket.UsdM, bookCapacity });
    const body = Buffer.from(chain.snapshotText, 'utf8');
    const d = this.dec;
    if (d.decode(body, body.length, 0) !== MessageKind.DepthSnapshot) throw new Error('ingest: the REST snapshot did not decode as a depth snapshot');
    const f = d.fields;
    this.snap = {
      L: f[F.lastUpdateId],
      bidPx: d.bidPrice.slice(0, f[F.bidCount]), bidQty: d.bidQty.slice(0, f[F.bidCount]),
      askPx: d.askPrice.slice(0, f[F.askCount]), askQty: d.askQty.slice(0, f[F.askCount]),
    };
  }

  /** Reset and load the snapshot (outside the timing); true when the book awaits its bridging diff. */
  resync(): boolean {
    const s = this.snap;
    this.sync.reset();
    return this.sync.onSnapshot(s.L, s.bidPx, s.bidQty, s.bidPx.length, s.askPx, s.askQty, s.askPx.length) === SnapshotOutcome.AwaitingBridge;
  }

  /** Decode one frame and apply it if it is a diff; returns the DiffOutcome, or -1 when it was no diff. */
  step(buf: Buffer): number {
    const d = this.dec;
    if (d.decode(buf, buf.length) !== MessageKind.DepthUpdate) return -1;
    const f = d.fields;
    // The connector's call (binance-market-data.ts onDepth): ids through the header array.
    const h = this.sync.diffHeader;
    h[DiffHeader.First] = f[F.firstUpdateId];
    h[DiffHeader.Final] = f[F.updateId];
    h[DiffHeader.Prev] = f[F.prevUpdateId];
    h[DiffHeader.TsMicros] = f[F.tsMicros];
    return this.sync.onDiffFromHeader(d.bidPrice, d.bidQty, f[F.bidCount], d.askPrice, d.askQty, f[F.askCount]);
  }
}

export function oursDepth(chain: DepthChain): IngestCase {
  const ours = new OursDepth(chain);
  const { diffs, timed } = chain;
  const n = diffs.length;
  return depthCase('binance-depth20', 'ours', chain, (c) => {
    if (!ours.resync()) c.problem = 'the snapshot did not load';
    let ms = 0;
    let applied = 0;
    for (let i = 0; i < n; i++) {
      let outcome: number;
      if (timed[i] === 1) {
        const start = performance.now();
        outcome = ours.step(diffs[i]);
        ms += performance.now() - start;
      } else {
        outcome = ours.step(diffs[i]);
      }
      if (outcome === DiffOutcome.Applied) applied++;
    }
    if (applied !== n) c.problem = `${n - applied} of ${n} diffs not applied`;
    return ms;
  });
}

function jsonDepthStep(buf: Buffer): number {
  const d = (JSON.parse(buf.toString()) as DepthJson).data;
  let sum = d.E + d.U + d.u + d.pu;
  const bids = d.b;
  for (let k = 0; k < bids.length; k++) sum += Number(bids[k][0]) + Number(bids[k][1]);
  const asks = d.a;
  for (let k = 0; k < asks.length; k++) sum += Number(asks[k][0]) + Number(asks[k][1]);
  return sum;
}

export function jsonDepth(chain: DepthChain): IngestCase {
  const { diffs, timed } = chain;
  const n = diffs.length;
  return depthCase('json-parse-depth20', 'json', chain, () => {
    let ms = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      if (timed[i] === 1) {
        const start = performance.now();
        sum += jsonDepthStep(diffs[i]);
        ms += performance.now() - start;
      } else {
        sum += jsonDepthStep(diffs[i]);
      }
    }
    SINK[0] += sum;
    return ms;
  });
}

export function ccxtDepth(chain: DepthChain, h: CcxtBinanceHarness): IngestCase {
  const { diffs, timed } = chain;
  const n = diffs.length;
  const client = h.futuresClient;
  return depthCase('ccxt-depth20', 'ccxt', chain, (c) => {
    const book = h.resetSwapBook();
    let ms = 0;
    for (let i = 0; i < n; i++) {
      if (timed[i] === 1) {
        const start = performance.now();
        client.onMessage({ data: diffs[i] });
        ms += performance.now() - start;
      } else {
        client.onMessage({ data: diffs[i] });
      }
    }
    if (h.swapBook() !== book || book.nonce !== chain.finalUpdateId) {
      c.problem = `ccxt's book did not follow the chain (nonce ${h.swapBook()?.nonce}, expected ${chain.finalUpdateId})`;
    }
    return ms;
  });
}
