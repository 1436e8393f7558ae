// The reconnect schedule: exponential with jitter inside [ceiling/2, ceiling), capped, and reset
// only after a connection has stayed up for `stableMs`, so a link that flaps cannot retry fast.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ReconnectBackoff } from '../../../src/data/venues/reconnect-backoff.js';

test('ceilings double up to the cap; each delay lies in [ceiling/2, ceiling)', () => {
  for (const r of [0, 0.5, 0.999]) {
    const b = new ReconnectBackoff({ baseMs: 100, maxMs: 1600, stableMs: 1000, random: () => r });
    const delays = Array.from({ length: 8 }, (_, i) => b.nextDelay(i));
    const ceilings = [100, 200, 400, 800, 1600, 1600, 1600, 1600];
    delays.forEach((d, i) => {
      assert.ok(d >= ceilings[i] / 2 && d < ceilings[i], `attempt ${i}: ${d} not in [${ceilings[i] / 2}, ${ceilings[i]})`);
    });
  }
});

test('a connection that dies at once does not reset the backoff; a stable one does', () => {
  const b = new ReconnectBackoff({ baseMs: 100, maxMs: 10_000, stableMs: 5000, random: () => 0 });
  let t = 0;
  for (let i = 0; i < 6; i++) { b.connected(t); t += 10; b.nextDelay(t); }
  assert.is(b.failures, 6, 'six flaps in a row keep climbing');
  b.connected(t);
  t += 5000;
  assert.is(b.nextDelay(t), 50, 'after 5 s of health the next delay is back to the first');
});

test('bad options are refused', () => {
  assert.throws(() => new ReconnectBackoff({ baseMs: 0 }), /baseMs/);
  assert.throws(() => new ReconnectBackoff({ baseMs: 100, maxMs: 50 }), /baseMs <= maxMs/);
});

test.run();
