// decode allocates nothing: 0 GCs over 1.2M decodes cycling real trade, bookTicker and depth
// frames (spot and USD-M) with hand-written aggTrade, kline, snapshot, unknown-event and refused
// frames, each copied into a Buffer once, as the socket would hand them over.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countGcs, semiSpaceFlag } from '../../../../src/shm/allocation-check.js';
import { sharedText } from '../../../support/shared-data.js';
import { BinanceFrameDecoder } from '../../../../src/data/venues/binance/binance-frame-decoder.js';
import { BinanceField as F, MessageKind } from '../../../../src/data/venues/binance/binance-message-layout.js';
import { hftbacktestFrames } from './binance-decoder-reference.js';
import { AGG, BOOK, DEPTH, KLINE, SNAPSHOT, text, TRADE } from './binance-sample-frames.js';

/** The first trade, bookTicker and depth diff (with 20 levels or more) of a capture. */
function realFrames(file: string): string[] {
  const text = sharedText(`ws/binance/hftbacktest/${file}`);
  if (text === null) return [];
  const picked = new Map<string, string>();
  for (const frame of hftbacktestFrames(text)) {
    const stream = /"stream":"[a-z]+@([a-zA-Z]+)/.exec(frame)?.[1];
    if (stream === undefined || picked.has(stream)) continue;
    if (stream === 'depth' && (frame.match(/\],\[/g) ?? []).length < 20) continue;
    picked.set(stream, frame);
  }
  return [...picked.values()];
}

test('decode: 0 GCs over 1.2M frames of every kind', () => {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1');
  const texts = [
    ...realFrames('spot_btcusdt_20240808.gz'), ...realFrames('usdm_btcusdt_20240808.gz'),
    text(TRADE), text(BOOK), text(DEPTH), text(AGG), text(KLINE), SNAPSHOT,
    '{"stream":"btcusdt@markPrice","data":{"e":"markPriceUpdate","E":1562305380000,"s":"BTCUSDT","p":"11794.15000000"}}',
    '{"result":null,"id":1}',
    text({ ...TRADE, s: '"XRPUSDT"' }), text({ ...BOOK, b: '"61837.65"' }), text(TRADE).slice(0, 50),
  ];
  const frames = texts.map((t) => Buffer.from(t, 'utf8'));
  const decoder = new BinanceFrameDecoder(['BTCUSDT', 'ETHUSDT']);
  const checksum = new Float64Array(1); // a typed array: a captured `let` double would box on every add
  const report = countGcs((i) => {
    decoder.decode(frames[i % frames.length]);
    checksum[0] += decoder.fields[F.tsMicros];
  }, 1_200_000);
  assert.ok(checksum[0] !== 0);
  assert.ok(decoder.kindCounts[MessageKind.Trade] > 0 && decoder.kindCounts[MessageKind.DepthUpdate] > 0);
  assert.ok(decoder.kindCounts[MessageKind.Rejected] > 0 && decoder.kindCounts[MessageKind.Unknown] > 0);
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)} (${report.nsPerCall.toFixed(0)} ns per decode)`);
});

test.run();
