// Trades, quotes and bars from Alpaca's documentation (the stream-*-v2.yaml examples and the
// examples of the stock and crypto pages) decode to exact values. Timestamps are checked against
// a BigInt reference: whole seconds from Date.UTC, the fraction's digits taken as text, truncated
// to microseconds, so no floating point is involved on either side.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BookTop, Side, Tick, VenueId } from '../../../../src/shm/records.js';
import { AlpacaBarKind } from '../../../../src/data/venues/alpaca/alpaca-message-decoder.js';
import { AlpacaStreamProtocol } from '../../../../src/data/venues/alpaca/alpaca-stream-protocol.js';
import { docsExamples, yamlExample } from './alpaca-docs-examples.js';
import { buildRecord } from '../../../support/record-builder.js';

/** RFC-3339 UTC text -> microseconds, by BigInt arithmetic. */
function referenceMicros(text: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?Z$/.exec(text);
  if (!m) throw new Error(text);
  const seconds = BigInt(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) / 1000n;
  const fraction = BigInt(((m[7] ?? '') + '000000').slice(0, 6));
  return Number(seconds * 1_000_000n + fraction);
}

function stocks(): AlpacaStreamProtocol {
  return new AlpacaStreamProtocol({ feed: 'sip', keyId: 'k', secretKey: 's', symbols: ['SPY', 'AAPL', 'AMD'], subscription: {} });
}

const code = (c: string): number => c.charCodeAt(0);

test('trade (stream-trade-v2.yaml): Tick record, id, exchange, tape, conditions', () => {
  const example = yamlExample('trade');
  if (example === null) return;
  const proto = stocks();
  proto.onFrame(`[${example}]`);
  const d = proto.decoder;
  assert.is(d.tradeCount, 1);
  assert.equal([...d.trades.subarray(0, Tick.f64)], [...buildRecord(Tick, {
    t0: 0, ts: referenceMicros('2021-02-22T15:51:44.208Z'), instrument: 1, venue: VenueId.Alpaca, price: 126.55, size: 1, side: Side.Unknown, seq: 96921,
  })]);
  assert.is(d.tradeExchange[0], code('D'));
  assert.is(d.tradeTape[0], code('C'));
  assert.is(d.tradeConditions[0], code('@') | (code('I') << 8));
});

test('quotes (docs wscat frame, three AMD quotes with 7- and 9-digit fractions): exact microseconds', () => {
  const ex = docsExamples();
  if (ex === null) return;
  const frame = ex.find((e) => e.src.endsWith('#L490'))!.raw;
  const proto = stocks();
  proto.onFrame(frame);
  const d = proto.decoder;
  assert.is(d.quoteCount, 3);
  const times = ['2021-02-22T15:51:45.3355677Z', '2021-02-22T15:51:45.335689322Z', '2021-02-22T15:51:45.335806018Z'];
  times.forEach((t, k) => assert.is(d.quotes[k * BookTop.f64 + BookTop.ts], referenceMicros(t), t));
  assert.is(d.quotes[BookTop.f64 + BookTop.ts] % 1_000_000, 335689);
  assert.equal([...d.quotes.subarray(BookTop.f64, 2 * BookTop.f64)], [...buildRecord(BookTop, {
    t0: 0, ts: referenceMicros(times[1]), instrument: 2, venue: VenueId.Alpaca, bidPrice: 87.66, bidSize: 1, askPrice: 87.68, askSize: 4,
  })]);
  assert.equal([d.quoteBidExchange[1], d.quoteAskExchange[1], d.quoteTape[1], d.quoteConditions[1]], [code('U'), code('Q'), code('C'), code('R')]);
});

test('quote (stream-quote-v2.yaml) and bar (stream-bar-v2.yaml)', () => {
  const quote = yamlExample('quote');
  const bar = yamlExample('bar');
  if (quote === null || bar === null) return;
  const proto = stocks();
  proto.onFrame(`[${quote},${bar}]`);
  const d = proto.decoder;
  assert.is(d.quotes[BookTop.ts], referenceMicros('2021-02-22T15:51:45.335689322Z'));
  const b = d.bars;
  assert.is(b.count, 1);
  assert.equal([b.symbol[0], b.kind[0], b.start[0], b.open[0], b.high[0], b.low[0], b.close[0], b.volume[0], b.trades[0], b.vwap[0]],
    [0, AlpacaBarKind.Minute, referenceMicros('2021-02-22T19:15:00Z'), 388.985, 389.13, 388.975, 389.12, 49378, 0, 0]);
});

test('daily bar schema example and the crypto bar frame with n and vw', () => {
  const ex = docsExamples();
  if (ex === null) return;
  const daily = ex.find((e) => e.kind === 'schema_example' && e.raw.includes('"T": "d"'))!.raw;
  const proto = stocks();
  proto.onFrame(`[${daily}]`);
  assert.equal([proto.decoder.bars.kind[0], proto.decoder.bars.volume[0], proto.decoder.bars.start[0]],
    [AlpacaBarKind.Daily, 749378, referenceMicros('2021-02-16T04:00:00Z')]);
  const cryptoBar = ex.find((e) => e.raw.includes('"S":"BTC/USD","o"'))!.raw;
  const crypto = new AlpacaStreamProtocol({ feed: 'crypto', keyId: 'k', secretKey: 's', symbols: ['ETH/USD', 'BTC/USD'], subscription: {} });
  crypto.onFrame(cryptoBar);
  const b = crypto.decoder.bars;
  assert.equal([b.symbol[0], b.open[0], b.high[0], b.low[0], b.close[0], b.volume[0], b.trades[0], b.vwap[0]],
    [1, 47993.71, 48000, 47976.69, 47982.6, 1.66283276, 162, 47984.1688165374]);
});

test('crypto trade: taker side from tks, fractional size', () => {
  const crypto = new AlpacaStreamProtocol({ feed: 'crypto', keyId: 'k', secretKey: 's', symbols: ['BTC/USD'], subscription: {} });
  crypto.onFrame('[{"T":"t","S":"BTC/USD","p":61000.5,"s":0.0025,"t":"2024-03-01T12:00:00.123456789Z","i":123,"tks":"S"},{"T":"t","S":"BTC/USD","p":61000.6,"s":0.1,"t":"2024-03-01T12:00:00.2Z","i":124,"tks":"B"}]');
  const t = crypto.decoder.trades;
  assert.equal([t[Tick.side], t[Tick.size], t[Tick.ts], t[Tick.f64 + Tick.side]], [Side.Sell, 0.0025, referenceMicros('2024-03-01T12:00:00.123456789Z'), Side.Buy]);
});

test('status and other undecoded types are counted as ignored, not refused', () => {
  const ex = docsExamples();
  if (ex === null) return;
  const status = ex.find((e) => e.raw.includes('"T": "s"'))!.raw;
  const proto = stocks();
  proto.onFrame(`[${status}]`);
  assert.is(proto.counts[8], 1);
  assert.is(proto.rejects.reduce((a, b) => a + b, 0), 0);
});

test.run();
