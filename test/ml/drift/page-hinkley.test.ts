// Page-Hinkley: quiet on a stationary stream, an alarm soon after the mean rises, a fresh start
// after it; series independent.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PageHinkleySet } from '../../../src/ml/drift/page-hinkley.js';
import { countGcs } from '../../../src/shm/allocation-check.js';

function lcg(seed: number): () => number {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
}

test('no alarm on 20k stationary losses; an alarm within ~100 steps of a shift of +0.5', () => {
  const ph = new PageHinkleySet(2, 0.05, 25);
  const rand = lcg(11);
  for (let i = 0; i < 20_000; i++) assert.not.ok(ph.update(0, rand()), `false alarm at ${i}`);
  assert.ok(ph.score[0] < 1);
  let at = -1;
  for (let i = 0; i < 1000 && at < 0; i++) if (ph.update(0, rand() + 0.5)) at = i;
  assert.ok(at > 0 && at < 150, `alarm after ${at} shifted losses`);
  assert.is(ph.alarms[0], 1);
  assert.is(ph.score[0] > 1, true, 'the score that raised it');
  ph.update(0, 0.5);
  assert.ok(ph.score[0] < 0.1, 'started over');
  assert.is(ph.alarms[1], 0, 'the other series saw nothing');
});

test('a falling loss is no drift; NaN is ignored; no allocation', () => {
  const ph = new PageHinkleySet(1, 0.05, 25);
  for (let i = 0; i < 5000; i++) ph.update(0, 2 - i / 2500);
  assert.is(ph.alarms[0], 0);
  assert.not.ok(ph.update(0, NaN));
  assert.throws(() => new PageHinkleySet(1, -1, 1), /delta must be >= 0/);
  const report = countGcs((i) => ph.update(0, (i & 7) / 8), 500_000);
  assert.is(report.gcCount, 0);
});

test.run();
