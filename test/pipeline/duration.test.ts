// Durations as typed on the command line, and timers longer than Node's 24.8-day limit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_DURATION_MS, parseDuration, setLongTimeout } from '../../src/pipeline/duration.js';

test('single units, compounds and bare seconds', () => {
  assert.is(parseDuration('500ms'), 500);
  assert.is(parseDuration('30s'), 30_000);
  assert.is(parseDuration('30m'), 1_800_000);
  assert.is(parseDuration('1h30m'), 5_400_000);
  assert.is(parseDuration('1d2h3m4s5ms'), 86_400_000 + 7_200_000 + 180_000 + 4_000 + 5);
  assert.is(parseDuration('1.5h'), 5_400_000);
  assert.is(parseDuration('90'), 90_000);
  assert.is(parseDuration(' 2s '), 2000);
  assert.is(parseDuration('600h'), 600 * 3_600_000, 'beyond setTimeout range, within ours');
});

test('zero only where the caller gives it a meaning', () => {
  assert.is(parseDuration('0', { allowZero: true }), 0);
  assert.is(parseDuration('0s', { allowZero: true }), 0);
  assert.throws(() => parseDuration('0'), /more than 0/);
});

test('range: up to 365 days', () => {
  assert.is(parseDuration('365d'), MAX_DURATION_MS);
  assert.throws(() => parseDuration('366d'), /"366d" is out of range: at most 365d/);
  assert.throws(() => parseDuration('9000h'), /out of range/);
});

test('malformed input quotes the text and gives examples', () => {
  for (const bad of ['', 'soon', '1h 30m', '30m1h', '1h1h', '-5s', '5x', 'h', '1e3s', '1,5h']) {
    assert.throws(() => parseDuration(bad), (err: Error) => err.message.includes(`"${bad}"`) && /examples: /.test(err.message), bad);
  }
});

test('setLongTimeout fires short delays and can be cancelled before a long one', async () => {
  let fired = 0;
  setLongTimeout(() => { fired++; }, 20);
  const long = setLongTimeout(() => { fired += 100; }, 2 ** 31 + 5000);
  const warnings: string[] = [];
  const onWarning = (w: Error): void => { warnings.push(w.name); };
  process.on('warning', onWarning);
  await new Promise((resolve) => setTimeout(resolve, 80));
  long.cancel();
  process.off('warning', onWarning);
  assert.is(fired, 1);
  assert.equal(warnings, [], 'no TimeoutOverflowWarning');
});

test.run();
