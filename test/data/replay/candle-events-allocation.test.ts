// CandleEventSource.next and MergedEventSource.next allocate nothing: zero GCs over the FTX file
// expanded several times (run with --max-semi-space-size=1, see allocation-check.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countGcs, semiSpaceFlag } from '../../../src/shm/allocation-check.js';
import { CandleEventSource, MergedEventSource } from '../../../src/data/replay/candle-events.js';
import { readCandleFile } from '../../../src/data/replay/candle-file.js';
import { MARKET_EVENT_F64 } from '../../../src/data/synthetic-market.js';
import { sharedFile } from '../../support/shared-data.js';

const FTX = 'crypto/candles/nautilus/ftx-btc-perp-20211231-20220201_1m.csv';
const EVENTS_PER_PASS = 45_031 * 8;
const PASSES = 5;

test('CandleEventSource.next: 0 GCs over 5 expansions of the FTX file', () => {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1');
  const file = sharedFile(FTX);
  if (file === null) return;
  const source = new CandleEventSource(readCandleFile(file), 0, { tickSize: 1, volumeInQuote: true });
  const out = new Float64Array(4 * MARKET_EVENT_F64);
  const report = countGcs((i) => {
    const base = (i & 3) * MARKET_EVENT_F64;
    if (!source.next(out, base)) {
      source.rewind();
      source.next(out, base);
    }
  }, PASSES * EVENTS_PER_PASS);
  assert.ok(out[3] > 0);
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
  process.stdout.write(`\n  CandleEventSource.next: ${report.nsPerCall.toFixed(1)} ns/event\n`);
});

test('MergedEventSource.next: 0 GCs over 5 expansions of two FTX sources', () => {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1');
  const file = sharedFile(FTX);
  if (file === null) return;
  const series = readCandleFile(file);
  const merged = new MergedEventSource([
    new CandleEventSource(series, 0, { tickSize: 1, volumeInQuote: true }),
    new CandleEventSource(series, 1, { spreadBps: 2 }),
  ]);
  const out = new Float64Array(MARKET_EVENT_F64);
  const report = countGcs(() => {
    if (!merged.next(out)) {
      merged.rewind();
      merged.next(out);
    }
  }, PASSES * 2 * EVENTS_PER_PASS);
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
  process.stdout.write(`  MergedEventSource.next (2 sources): ${report.nsPerCall.toFixed(1)} ns/event\n`);
});

test.run();
