// Replaying the same file twice gives the same events bit for bit: two independent reads and
// expansions of the FTX file, and a rewound source, agree on every slot of every event.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CandleEventSource, MergedEventSource } from '../../../src/data/replay/candle-events.js';
import { readCandleFile } from '../../../src/data/replay/candle-file.js';
import { MARKET_EVENT_F64 } from '../../../src/data/synthetic-market.js';
import { sharedFile } from '../../support/shared-data.js';

const FTX = 'crypto/candles/nautilus/ftx-btc-perp-20211231-20220201_1m.csv';
const ADA = 'crypto/candles/freqtrade/ADA_BTC-5m.json';
const OPTIONS = { tickSize: 1, volumeInQuote: true };

/** Run two event streams in lockstep; the index of the first differing event, or -1. */
function firstDifference(a: (out: Float64Array) => boolean, b: (out: Float64Array) => boolean): { at: number; events: number } {
  const x = new Float64Array(MARKET_EVENT_F64);
  const y = new Float64Array(MARKET_EVENT_F64);
  for (let n = 0; ; n++) {
    const more = a(x);
    if (more !== b(y)) return { at: n, events: n };
    if (!more) return { at: -1, events: n };
    for (let s = 0; s < MARKET_EVENT_F64; s++) {
      if (!Object.is(x[s], y[s])) return { at: n, events: n };
    }
  }
}

test('two reads and expansions of the FTX file are identical', () => {
  const file = sharedFile(FTX);
  if (file === null) return;
  const one = new CandleEventSource(readCandleFile(file), 0, OPTIONS);
  const two = new CandleEventSource(readCandleFile(file), 0, OPTIONS);
  const result = firstDifference((o) => one.next(o), (o) => two.next(o));
  assert.is(result.at, -1, `first difference at event ${result.at}`);
  assert.is(result.events, 45_031 * 8);
});

test('a rewound source replays the same stream', () => {
  const file = sharedFile(FTX);
  if (file === null) return;
  const series = readCandleFile(file);
  const rewound = new CandleEventSource(series, 0, OPTIONS);
  const out = new Float64Array(MARKET_EVENT_F64);
  for (let i = 0; i < 100_000; i++) rewound.next(out);
  rewound.rewind();
  assert.is(rewound.eventsEmitted, 0);
  const fresh = new CandleEventSource(series, 0, OPTIONS);
  const result = firstDifference((o) => rewound.next(o), (o) => fresh.next(o));
  assert.is(result.at, -1, `first difference at event ${result.at}`);
});

test('two merges of the same files are identical', () => {
  const ftx = sharedFile(FTX);
  const ada = sharedFile(ADA);
  if (ftx === null || ada === null) return;
  const merge = (): MergedEventSource => new MergedEventSource([
    new CandleEventSource(readCandleFile(ftx), 0, OPTIONS),
    new CandleEventSource(readCandleFile(ada), 1, { tickSize: 1e-8 }),
  ]);
  const one = merge();
  const two = merge();
  const result = firstDifference((o) => one.next(o), (o) => two.next(o));
  assert.is(result.at, -1, `first difference at event ${result.at}`);
  assert.is(result.events, (45_031 + 5720) * 8);
});

test.run();
