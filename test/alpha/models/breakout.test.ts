// Breakout: silent inside the channel and before a full window; a mid above the previous window's
// high calls continuation up, below its low down; the channel slides (old extremes leave it), and
// its high and low always equal a brute-force max/min of the window.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AlphaSet } from '../../../src/alpha/alpha-set.js';
import { alphaModelIndex, ALPHA_MODEL_NAMES, Edges } from '../../../src/alpha/alpha-catalogue.js';
import { Features } from '../../../src/shm/records.js';
import { alphaParams } from '../fixture.js';

const K = alphaModelIndex('breakout');

function model(window: number): { set: AlphaSet; call: (mid: number) => { has: boolean; edge: number; confidence: number } } {
  const overrides: Record<string, Record<string, number>> = Object.fromEntries(ALPHA_MODEL_NAMES.map((name) => [name, { weight: 0 }]));
  overrides.breakout = { weight: 1, window };
  const set = new AlphaSet(1);
  const { params, layout } = alphaParams(overrides);
  set.configure(params, layout);
  const f = new Float64Array(Features.f64);
  const out = new Float64Array(Edges.f64);
  return {
    set,
    call: (mid) => {
      f[Features.bid] = mid - 0.005;
      f[Features.ask] = mid + 0.005;
      f[Features.volatility] = 1;
      set.evaluate(f, 0, out, 0);
      return { has: ((out[Edges.mask] >> K) & 1) === 1, edge: out[Edges.edgeBps + 2 * K], confidence: out[Edges.confidence + 2 * K] };
    },
  };
}

test('no opinion before a full window or inside the channel; a break up or down is followed', () => {
  const { call } = model(3);
  assert.not.ok(call(100).has);
  assert.not.ok(call(101).has);
  assert.not.ok(call(102).has, 'still warming up: the window is not full before this mid');
  assert.not.ok(call(101.5).has, 'inside 100..102');
  const up = call(102.102); // 10 bps above the 102 high
  assert.ok(up.has);
  assert.ok(Math.abs(up.edge - 5) < 1e-6, `edge ${up.edge}: half of the 10 bps break`);
  assert.ok(Math.abs(up.confidence - 1) < 1e-9);
  const down = call(100.9); // window now 101.5, 102.102 ... low 101 left? window = [102, 101.5, 102.102]
  assert.ok(down.has && down.edge < 0, `below the 101.5 low: ${JSON.stringify(down)}`);
});

test('the channel equals a brute-force max and min of the previous window on a random walk', () => {
  const window = 7;
  const { call } = model(window);
  let seed = 3;
  let mid = 100;
  const history: number[] = [];
  for (let i = 0; i < 5000; i++) {
    seed = (seed * 16_807) % 2_147_483_647;
    mid *= 1 + (seed / 2_147_483_647 - 0.5) * 0.01;
    const r = call(mid);
    if (history.length >= window) {
      const prev = history.slice(-window);
      const expectBreak = mid > Math.max(...prev) ? 1 : mid < Math.min(...prev) ? -1 : 0;
      assert.is(r.has ? Math.sign(r.edge) : 0, expectBreak, `step ${i}`);
    }
    history.push(mid);
  }
});

test.run();
