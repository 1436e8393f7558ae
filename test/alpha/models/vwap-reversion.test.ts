// VWAP reversion: expects `reversion` of the mid-VWAP gap back, clamped, with confidence from the
// gap against the per-update volatility; silent before the first trade or any volatility.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { opinionOf } from './reversion-fixture.js';

test('no VWAP yet, or no volatility: no opinion', () => {
  assert.not.ok(opinionOf('vwap_reversion', { vwap: NaN }).has);
  assert.not.ok(opinionOf('vwap_reversion', { vwap: 99, volatility: 0 }).has);
});

test('a mid above VWAP expects some of the gap back; confidence from gap over volatility', () => {
  // mid 100, vwap 99.5: gap 50.25 bps; 10% back -> -5.025 bps; 50.25 / (20 x 2) > 1 -> 1
  const above = opinionOf('vwap_reversion', { vwap: 99.5 });
  assert.ok(above.has);
  assert.ok(Math.abs(above.edge + 5.025125628) < 1e-6, `edge ${above.edge}`);
  assert.is(above.confidence, 1);
  // mid 100, vwap 100.1: gap -9.99 bps -> +0.999 bps, confidence 9.99 / 40
  const below = opinionOf('vwap_reversion', { vwap: 100.1 });
  assert.ok(below.edge > 0.99 && below.edge < 1);
  assert.ok(Math.abs(below.confidence - 9.99000999 / 40) < 1e-6);
  assert.is(opinionOf('vwap_reversion', { vwap: 50 }).edge, -20, 'clamped');
});

test.run();
