// The whole FTX file replays as 8 well-formed events per bar (4 quotes, 4 trades) in time order;
// reports (does not assert) how long reading and expanding it takes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CandleEventSource } from '../../../src/data/replay/candle-events.js';
import { readCandleFile } from '../../../src/data/replay/candle-file.js';
import { EventKind, MARKET_EVENT_F64, MarketEvent } from '../../../src/data/synthetic-market.js';
import { sharedFile } from '../../support/shared-data.js';

const FTX = 'crypto/candles/nautilus/ftx-btc-perp-20211231-20220201_1m.csv';

test('FTX replay: counts, order and event invariants', () => {
  const file = sharedFile(FTX);
  if (file === null) return;
  const t0 = performance.now();
  const series = readCandleFile(file);
  const t1 = performance.now();
  const source = new CandleEventSource(series, 0, { tickSize: 1, volumeInQuote: true });
  const out = new Float64Array(MARKET_EVENT_F64);
  let quotes = 0;
  let trades = 0;
  let lastTs = -Infinity;
  let problems = 0;
  let firstProblem = '';
  while (source.next(out)) {
    const kind = out[MarketEvent.kind];
    const ts = out[MarketEvent.ts];
    const price = out[MarketEvent.price];
    const bid = out[MarketEvent.bid];
    const ask = out[MarketEvent.ask];
    const expectedKind = (quotes + trades) % 2 === 0 ? EventKind.Quote : EventKind.Trade;
    const size = kind === EventKind.Trade ? out[MarketEvent.size] : out[MarketEvent.bidSize];
    const ok = kind === expectedKind && ts >= lastTs && Number.isInteger(ts) && bid > 0 && bid < ask
      && bid <= price && price <= ask && size > 0 && Number.isFinite(size) && out[MarketEvent.bidSize] === out[MarketEvent.askSize];
    if (!ok && problems++ === 0) firstProblem = `event ${quotes + trades}: ${Array.from(out).join(' ')}`;
    if (kind === EventKind.Quote) quotes++;
    else trades++;
    lastTs = ts;
  }
  const t2 = performance.now();
  process.stdout.write(`\n  FTX ${series.count} bars: read ${(t1 - t0).toFixed(1)} ms, expanded to ${quotes + trades} events in ${(t2 - t1).toFixed(1)} ms\n`);
  assert.is(problems, 0, firstProblem);
  assert.is(quotes, 4 * 45_031);
  assert.is(trades, 4 * 45_031);
  assert.is(source.barsRead, 45_031);
  assert.is(source.eventsEmitted, 8 * 45_031);
  assert.is(lastTs, series.openTimeUs[series.count - 1] + 45_000_000);
});

test.run();
