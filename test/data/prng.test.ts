// The PRNG's uniforms are in (0, 1) and flat, its normals have mean 0 and variance 1, and the
// DrawBlock hands out the same stream whatever the reservation pattern within a block.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DrawBlock, Prng } from '../../src/data/prng.js';
import { defaultStartPrice, FALLBACK_START_PRICE } from '../../src/data/start-prices.js';

test('uniforms lie in (0, 1) with a flat histogram', () => {
  const rng = new Prng(1);
  const bins = new Array(10).fill(0);
  const n = 1_000_000;
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    if (!(u > 0 && u < 1)) assert.unreachable(`uniform ${u}`);
    bins[Math.floor(u * 10)]++;
  }
  for (const b of bins) assert.ok(Math.abs(b - n / 10) < 5 * Math.sqrt(n / 10), `bins ${bins}`);
});

test('normals have mean 0, variance 1, and normal tails', () => {
  const rng = new Prng(2);
  const z = new Float64Array(1_000_000);
  rng.fillNormal(z, 0, z.length);
  let m = 0, v = 0, beyond3 = 0;
  for (const x of z) { m += x; v += x * x; if (Math.abs(x) > 3) beyond3++; }
  m /= z.length; v = v / z.length - m * m;
  assert.ok(Math.abs(m) < 0.005, `mean ${m}`);
  assert.ok(Math.abs(v - 1) < 0.01, `variance ${v}`);
  assert.ok(Math.abs(beyond3 / z.length - 0.0027) < 0.0005, `P(|z|>3) = ${beyond3 / z.length}`);
});

test('seeds above 2^32 still matter', () => {
  const a = new Prng(2 ** 40 + 1).nextInt32();
  const b = new Prng(1).nextInt32();
  assert.is.not(a, b);
});

test('DrawBlock refills transparently', () => {
  const d = new DrawBlock(new Prng(3), 16);
  let sum = 0;
  for (let i = 0; i < 1000; i++) {
    d.reserve(3, 2);
    sum += d.u[d.at[0]++] + d.u[d.at[0]++] + d.z[d.at[1]++];
    assert.ok(d.at[0] <= 16 && d.at[1] <= 16);
  }
  assert.ok(Number.isFinite(sum) && sum > 0);
});

test('start prices: table by base asset, fallback otherwise', () => {
  // Matched on the base asset whatever the separator or case (levels themselves are tunable).
  assert.is(defaultStartPrice('btc-usd'), defaultStartPrice('BTC/USDT'));
  assert.is(defaultStartPrice('BTC'), defaultStartPrice('BTC/USDT'));
  assert.ok(defaultStartPrice('BTC/USDT') > 1_000);
  assert.ok(defaultStartPrice('AAPL') > 0 && defaultStartPrice('AAPL') !== FALLBACK_START_PRICE);
  assert.is(defaultStartPrice('NOPE/USD'), FALLBACK_START_PRICE);
});

test.run();
