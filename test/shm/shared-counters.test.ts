import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withDeadline } from '../support/deadline.js';
import { Worker } from 'node:worker_threads';
import { SharedCounters } from '../../src/shm/shared-counters.js';

const NAMES = ['ticks', 'orders', 'rejects'] as const;

test('inc / set / get / snapshot', () => {
  const c = new SharedCounters(NAMES);
  assert.is(c.length, 3);
  const ticks = c.indexOf('ticks');
  const orders = c.indexOf('orders');
  assert.is(ticks, 0);
  assert.is(orders, 1);
  c.inc(ticks);
  c.inc(ticks);
  c.inc(orders, 5);
  c.set(c.indexOf('rejects'), 7.5);
  assert.is(c.get(ticks), 2);
  assert.is(c.get(orders), 5);
  assert.equal(c.snapshot(), { ticks: 2, orders: 5, rejects: 7.5 });
  // Snapshot is a copy, not a live view.
  const snap = c.snapshot();
  c.inc(ticks);
  assert.is(snap.ticks, 2);
  assert.is(c.get(ticks), 3);
});

test('unknown name throws naming it; duplicates rejected', () => {
  const c = new SharedCounters(NAMES);
  assert.throws(() => c.indexOf('fills'), /unknown counter "fills"/);
  assert.throws(() => new SharedCounters(['a', 'b', 'a']), /duplicate counter name "a"/);
});

test('validates SAB size with numbers; a second view shares storage', () => {
  assert.is(SharedCounters.bytesFor(3), 24);
  assert.throws(
    () => new SharedCounters(NAMES, new SharedArrayBuffer(16)),
    (e: Error) => /too small/.test(e.message) && e.message.includes('16') && e.message.includes('24'),
  );
  const sab = new SharedArrayBuffer(SharedCounters.bytesFor(NAMES.length));
  const a = new SharedCounters(NAMES, sab);
  const b = new SharedCounters(NAMES, sab);
  a.inc(2, 4);
  assert.is(b.get(2), 4);
  assert.is(a.sab, sab);
});

const WORKER_SRC = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { SharedCounters } = await import(workerData.moduleUrl);
  const c = new SharedCounters(workerData.names, workerData.sab);
  const orders = c.indexOf('orders');
  for (let i = 0; i < 100000; i++) c.inc(orders);
  c.set(c.indexOf('rejects'), 3);
  // Read back a counter the main thread owns.
  parentPort.postMessage(c.get(c.indexOf('ticks')));
})();
`;

test('a Worker increments, main thread reads', async () => {
  const c = new SharedCounters(NAMES);
  c.set(c.indexOf('ticks'), 11); // main owns 'ticks'; the worker owns 'orders' and 'rejects'
  const moduleUrl = new URL('../../src/shm/shared-counters.js', import.meta.url).href;
  const w = new Worker(WORKER_SRC, { eval: true, workerData: { sab: c.sab, names: NAMES, moduleUrl } });
  try {
    const seenTicks = await withDeadline(new Promise((resolve, reject) => {
      w.once('error', reject);
      w.once('message', resolve);
    }), 10_000, 'the counting worker to report');
    assert.is(seenTicks, 11);
    assert.equal(c.snapshot(), { ticks: 11, orders: 100000, rejects: 3 });
  } finally {
    await w.terminate();
  }
});

test.run();
