// Shared by the Binance frame decoder tests: what the decoder must produce for a frame, computed
// the plain way (JSON.parse, then Number() of each numeric string), sharing no code with the
// decoder, plus a field-by-field comparison and readers for the capture file formats.
import * as assert from 'uvu/assert';
import { BinanceFrameDecoder } from '../../../../src/data/venues/binance/binance-frame-decoder.js';
import {
  BINANCE_FIELD_COUNT, BinanceField as F, MESSAGE_KIND_NAMES, MessageKind,
} from '../../../../src/data/venues/binance/binance-message-layout.js';

export interface Expected {
  kind: number;
  fields: Float64Array;
  bids: Array<[number, number]>;
  asks: Array<[number, number]>;
}

const FIELD_NAMES = Object.fromEntries(Object.entries(F).map(([name, index]) => [index, name]));

const UNIT_MS: Record<string, number> = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 };

function num(x: unknown): number {
  return typeof x === 'number' ? x : Number(x as string);
}

function optional(x: unknown): number {
  return x === undefined ? -1 : num(x);
}

function levels(pairs: Array<[string, string]>): Array<[number, number]> {
  return pairs.map(([p, q]) => [num(p), num(q)]);
}

/** The decoder's expected output for one frame's text. `symbols` in decoder id order. */
export function expectedFor(text: string, symbols: readonly string[], snapshotSymbol = -1): Expected {
  const fields = new Float64Array(BINANCE_FIELD_COUNT).fill(-1);
  fields[F.bidCount] = 0;
  fields[F.askCount] = 0;
  const out: Expected = { kind: MessageKind.Unknown, fields, bids: [], asks: [] };
  const top = JSON.parse(text);
  if (typeof top !== 'object' || top === null || Array.isArray(top)) return out;
  // Like the decoder: an object under `data` is the payload, with or without a `stream` beside it.
  const msg = typeof top.data === 'object' && top.data !== null && !Array.isArray(top.data) ? top.data : top;
  const streamName: string | undefined = typeof top.stream === 'string' ? top.stream : undefined;

  let kind: number;
  if (msg.e !== undefined) {
    kind = ({ trade: MessageKind.Trade, aggTrade: MessageKind.AggTrade, bookTicker: MessageKind.BookTicker,
      depthUpdate: MessageKind.DepthUpdate, kline: MessageKind.Kline } as Record<string, number>)[msg.e] ?? MessageKind.Unknown;
  } else if (msg.lastUpdateId !== undefined) kind = MessageKind.DepthSnapshot;
  else if (streamName?.endsWith('@bookTicker') || (msg.u !== undefined && msg.b !== undefined && msg.a !== undefined)) kind = MessageKind.BookTicker;
  else if ('result' in top || 'id' in top || 'error' in top) kind = MessageKind.Control;
  else kind = MessageKind.Unknown;
  out.kind = kind;
  if (kind === MessageKind.Unknown || kind === MessageKind.Control) return out;

  const name: string | undefined = msg.s ?? streamName?.split('@')[0].toUpperCase();
  fields[F.symbol] = name === undefined ? snapshotSymbol : symbols.indexOf(name.toUpperCase());
  if (msg.E !== undefined) {
    fields[F.eventTimeMs] = msg.E;
    fields[F.tsMicros] = msg.E * 1000;
  }
  switch (kind) {
    case MessageKind.Trade:
    case MessageKind.AggTrade:
      fields[F.tradeTimeMs] = msg.T;
      fields[F.tradeId] = kind === MessageKind.Trade ? msg.t : msg.a;
      if (kind === MessageKind.AggTrade) {
        fields[F.firstTradeId] = msg.f;
        fields[F.lastTradeId] = msg.l;
      }
      fields[F.price] = num(msg.p);
      fields[F.qty] = num(msg.q);
      fields[F.buyerIsMaker] = msg.m ? 1 : 0;
      fields[F.isBestMatch] = msg.M === undefined ? -1 : msg.M ? 1 : 0;
      break;
    case MessageKind.BookTicker:
      fields[F.transactionTimeMs] = optional(msg.T);
      fields[F.updateId] = msg.u;
      fields[F.bidPrice] = num(msg.b);
      fields[F.bidQty] = num(msg.B);
      fields[F.askPrice] = num(msg.a);
      fields[F.askQty] = num(msg.A);
      break;
    case MessageKind.DepthUpdate:
    case MessageKind.DepthSnapshot:
      fields[F.transactionTimeMs] = optional(msg.T);
      if (kind === MessageKind.DepthUpdate) {
        fields[F.firstUpdateId] = msg.U;
        fields[F.updateId] = msg.u;
        fields[F.prevUpdateId] = optional(msg.pu);
      } else {
        fields[F.lastUpdateId] = msg.lastUpdateId;
      }
      out.bids = levels(kind === MessageKind.DepthUpdate ? msg.b : msg.bids);
      out.asks = levels(kind === MessageKind.DepthUpdate ? msg.a : msg.asks);
      fields[F.bidCount] = out.bids.length;
      fields[F.askCount] = out.asks.length;
      break;
    case MessageKind.Kline: {
      const k = msg.k;
      fields[F.klineOpenTimeMs] = k.t;
      fields[F.klineCloseTimeMs] = k.T;
      const interval = /^(\d+)([smhdw])$/.exec(k.i);
      fields[F.klineIntervalMs] = interval ? Number(interval[1]) * UNIT_MS[interval[2]] : -1;
      fields[F.firstTradeId] = optional(k.f);
      fields[F.lastTradeId] = optional(k.L);
      fields[F.klineOpen] = num(k.o);
      fields[F.klineHigh] = num(k.h);
      fields[F.klineLow] = num(k.l);
      fields[F.klineClose] = num(k.c);
      fields[F.klineVolume] = num(k.v);
      fields[F.klineQuoteVolume] = optional(k.q);
      fields[F.klineTakerBuyVolume] = optional(k.V);
      fields[F.klineTakerBuyQuoteVolume] = optional(k.Q);
      fields[F.klineTrades] = k.n;
      fields[F.klineClosed] = k.x ? 1 : 0;
      break;
    }
  }
  return out;
}

/** The first difference between the decoder's last output (kind `kind`) and `expected`, or null. */
export function firstDifference(decoder: BinanceFrameDecoder, kind: number, expected: Expected): string | null {
  if (kind !== expected.kind) {
    const reason = decoder.fields[F.rejectReason];
    return `kind ${MESSAGE_KIND_NAMES[kind]} (reject reason ${reason}), expected ${MESSAGE_KIND_NAMES[expected.kind]}`;
  }
  for (let i = 0; i < BINANCE_FIELD_COUNT; i++) {
    if (!Object.is(decoder.fields[i], expected.fields[i])) {
      return `field ${FIELD_NAMES[i]}: ${decoder.fields[i]}, expected ${expected.fields[i]}`;
    }
  }
  const sides: Array<[string, Float64Array, Float64Array, Array<[number, number]>]> = [
    ['bid', decoder.bidPrice, decoder.bidQty, expected.bids],
    ['ask', decoder.askPrice, decoder.askQty, expected.asks],
  ];
  for (const [side, prices, qtys, want] of sides) {
    for (let i = 0; i < want.length; i++) {
      if (!Object.is(prices[i], want[i][0]) || !Object.is(qtys[i], want[i][1])) {
        return `${side} level ${i}: [${prices[i]}, ${qtys[i]}], expected [${want[i][0]}, ${want[i][1]}]`;
      }
    }
  }
  return null;
}

/** No output field, and no level up to the counts, is NaN. */
export function assertNoNaN(decoder: BinanceFrameDecoder): void {
  for (let i = 0; i < decoder.fields.length; i++) assert.ok(!Number.isNaN(decoder.fields[i]), `field ${FIELD_NAMES[i]} is NaN`);
  for (let i = 0; i < decoder.fields[F.bidCount]; i++) assert.ok(!Number.isNaN(decoder.bidPrice[i] + decoder.bidQty[i]), `bid level ${i} NaN`);
  for (let i = 0; i < decoder.fields[F.askCount]; i++) assert.ok(!Number.isNaN(decoder.askPrice[i] + decoder.askQty[i]), `ask level ${i} NaN`);
}

/** hftbacktest capture lines: `<recv ns> <json>`. */
export function hftbacktestFrames(text: string): string[] {
  return text.split('\n').filter((line) => line.length > 0).map((line) => line.slice(line.indexOf(' ') + 1));
}

/**
 * cryptofeed recording lines. `.ws.` files: a `<url> <-> <ts>` header, client frames
 * `<url> <- <ts>: <json>`, received frames `<ts>: <json>` (only these are returned).
 * `.http.` files: `<url> -> <ts>: <body>`, returned with the url's `symbol=` parameter.
 */
export function cryptofeedFrames(text: string): Array<{ json: string; url?: string }> {
  const frames: Array<{ json: string; url?: string }> = [];
  for (const line of text.split('\n')) {
    if (line.length === 0 || line.includes(' <-> ') || line.includes(' <- ')) continue;
    const arrow = line.indexOf(' -> ');
    const url = arrow >= 0 ? line.slice(0, arrow) : undefined;
    const rest = arrow >= 0 ? line.slice(arrow + 4) : line;
    frames.push({ json: rest.slice(rest.indexOf(': ') + 2), url });
  }
  return frames;
}

/** Decoded-kind counts as a name -> count record, leaving out kinds never seen. */
export function kindCountsByName(counts: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  counts.forEach((n, kind) => { if (n > 0) out[MESSAGE_KIND_NAMES[kind]] = n; });
  return out;
}
