// SeenTrades: a trade is new once per (venue, trade id); the same id on another venue is another
// trade; id 0 (none given) is never a duplicate; the window keeps at least capacity/2 trades.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SeenTrades } from '../../src/risk/seen-trades.js';
import { countGcs, semiSpaceFlag } from '../../src/shm/allocation-check.js';

const rec = new Float64Array(2); // [tradeId, venue]
const add = (set: SeenTrades, id: number, venue: number): boolean => { rec[0] = id; rec[1] = venue; return set.add(rec, 0, 1); };

test('duplicates by (venue, trade id); ids need not increase', () => {
  const set = new SeenTrades(64);
  assert.ok(add(set, 500, 1));
  assert.ok(add(set, 7, 1), 'a lower id is still a new trade');
  assert.not.ok(add(set, 500, 1), 'the resend is a duplicate');
  assert.ok(add(set, 500, 2), 'the same id on another venue is another trade');
  assert.ok(add(set, 2 ** 40 + 3, 1) && !add(set, 2 ** 40 + 3, 1), 'ids beyond 32 bits');
  assert.ok(add(set, 0, 1) && add(set, 0, 1), 'no trade id: never a duplicate');
  assert.ok(add(set, NaN, 1) && add(set, NaN, 1), 'NaN id: never a duplicate');
});

test('remembers at least the last capacity/2 trades, forgets older ones in bounded memory', () => {
  const set = new SeenTrades(64);
  for (let id = 1; id <= 1000; id++) assert.ok(add(set, id, 1), `trade ${id} is new`);
  for (let id = 1000 - 31; id <= 1000; id++) assert.not.ok(add(set, id, 1), `recent trade ${id} is remembered`);
  assert.ok(add(set, 1, 1), 'a trade from long ago has been forgotten');
});

test('add: 0 GCs over 1M trades', () => {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1');
  const set = new SeenTrades(1 << 12);
  const report = countGcs((i) => { rec[0] = 1e9 + (i % 3000) * 7; rec[1] = i & 3; set.add(rec, 0, 1); }, 1_000_000);
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test('capacity must be a power of two', () => {
  assert.throws(() => new SeenTrades(100), /power of two/);
});

test.run();
