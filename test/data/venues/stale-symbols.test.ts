// A symbol with no data for `afterMs` is flagged stale once (and logged once), the flag clears
// when data returns, and symbols are judged independently; time moves only on the fake clock.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StaleSymbols } from '../../../src/data/venues/stale-symbols.js';
import { FakeClock } from '../../support/fake-clock.js';

test('flagged after afterMs without data, once; cleared when data returns; per symbol', () => {
  const clock = new FakeClock();
  const log: string[] = [];
  const stale = new StaleSymbols('sim', ['BTC/USDT', 'ETH/USDT'], 5_000, (m) => log.push(m));
  stale.reset(clock.now());
  clock.advance(4_999);
  stale.seen(1, clock.now());
  assert.is(stale.check(clock.now()), 0, 'not yet');
  clock.advance(1);
  assert.is(stale.check(clock.now()), 1, 'BTC/USDT has been quiet for 5 s');
  assert.equal([...stale.flags], [1, 0]);
  assert.is(stale.check(clock.advance(10_000)), 1, 'ETH/USDT went quiet too; BTC/USDT is not counted twice');
  assert.equal([...stale.flags], [1, 1]);
  assert.is(log.filter((m) => m.includes('BTC/USDT')).length, 1, 'logged once while stale');
  stale.seen(0, clock.now());
  assert.equal([...stale.flags], [0, 1]);
  assert.ok(log.some((m) => m.includes('BTC/USDT has data again')), log.join('\n'));
});

test('the clock only moves forward', () => {
  assert.throws(() => new FakeClock().advance(-1), /only moves forward/);
});

test.run();
