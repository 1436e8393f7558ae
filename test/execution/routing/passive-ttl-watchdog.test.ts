// TTL watchdog with a 2 s TTL and 2 replaces: a resting buy is replaced at the new best bid at
// 2 s and 4 s, then crosses at the best ask at 6 s; fills and missing touches end the watch.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PassiveOrderWatchdog, WATCHDOG_REPORT_SLOTS, WatchdogAction, WatchdogReport } from '../../../src/execution/routing/passive-order-watchdog.js';

const T0 = 1.7e15;
const S = 1_000_000;

/** Touches of two venues: [bid0, ask0, bid1, ask1]. */
const touches = (bid1: number, ask1: number) => Float64Array.of(50, 50.1, bid1, ask1);

function report(w: PassiveOrderWatchdog, k = 0) {
  const row = k * WATCHDOG_REPORT_SLOTS;
  return {
    childId: w.reports[row + WatchdogReport.childId], action: w.reports[row + WatchdogReport.action],
    venue: w.reports[row + WatchdogReport.venue], side: w.reports[row + WatchdogReport.side],
    price: w.reports[row + WatchdogReport.price], replaces: w.reports[row + WatchdogReport.replaces],
  };
}

test('replace at the touch twice, then cross the spread', () => {
  const w = new PassiveOrderWatchdog({ capacity: 4, ttlUs: 2 * S, maxReplaces: 2 });
  assert.ok(w.watch(7, 1, 1, T0));
  assert.is(w.sweep(T0 + 2 * S - 1, touches(100, 100.1)), 0, 'still inside its TTL');
  assert.is(w.sweep(T0 + 2 * S, touches(100, 100.1)), 1);
  assert.equal(report(w), { childId: 7, action: WatchdogAction.Replace, venue: 1, side: 1, price: 100, replaces: 1 });
  assert.is(w.sweep(T0 + 3 * S, touches(100.2, 100.3)), 0, 'the replace restarted the TTL');
  assert.is(w.sweep(T0 + 4 * S, touches(100.2, 100.3)), 1);
  assert.equal(report(w), { childId: 7, action: WatchdogAction.Replace, venue: 1, side: 1, price: 100.2, replaces: 2 });
  assert.is(w.sweep(T0 + 6 * S, touches(100.4, 100.5)), 1);
  assert.equal(report(w), { childId: 7, action: WatchdogAction.Cross, venue: 1, side: 1, price: 100.5, replaces: 2 });
  assert.is(w.watching, 0, 'a crossed child is no longer watched');
  assert.is(w.sweep(T0 + 60 * S, touches(100.4, 100.5)), 0);
});

test('a sell replaces at the best ask and crosses at the best bid; maxReplaces 0 crosses at once', () => {
  const w = new PassiveOrderWatchdog({ capacity: 4, ttlUs: 2 * S, maxReplaces: 1 });
  w.watch(1, 1, -1, T0);
  w.sweep(T0 + 2 * S, touches(100, 100.1));
  assert.equal([report(w).action, report(w).price], [WatchdogAction.Replace, 100.1]);
  w.sweep(T0 + 4 * S, touches(100, 100.1));
  assert.equal([report(w).action, report(w).price], [WatchdogAction.Cross, 100]);
  const eager = new PassiveOrderWatchdog({ capacity: 1, ttlUs: 2 * S, maxReplaces: 0 });
  eager.watch(2, 0, 1, T0);
  eager.sweep(T0 + 2 * S, touches(100, 100.1));
  assert.equal([report(eager).action, report(eager).price], [WatchdogAction.Cross, 50.1]);
});

test('a filled child is forgotten; a venue with no touch gets a cancel; capacity is a hard limit', () => {
  const w = new PassiveOrderWatchdog({ capacity: 2, ttlUs: 2 * S, maxReplaces: 3 });
  assert.ok(w.watch(1, 0, 1, T0));
  assert.ok(w.watch(2, 1, 1, T0));
  assert.not.ok(w.watch(3, 1, 1, T0), 'full');
  assert.ok(w.forget(1));
  assert.not.ok(w.forget(1));
  assert.is(w.sweep(T0 + 2 * S, touches(NaN, NaN)), 1);
  assert.equal([report(w).childId, report(w).action], [2, WatchdogAction.Cancel]);
  assert.ok(Number.isNaN(report(w).price));
  assert.is(w.watching, 0);
});

test.run();
