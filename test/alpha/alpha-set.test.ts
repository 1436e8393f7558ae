// The catalogued alphas through AlphaSet: book pressure and MA momentum edges, confidences, masks,
// no-opinion cases, and a model switched off by its weight.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AlphaSet } from '../../src/alpha/alpha-set.js';
import { ALPHA_MODEL_NAMES, ALPHA_MODEL_COUNT, Edges, alphaModelIndex } from '../../src/alpha/alpha-catalogue.js';
import { alphaSet } from './fixture.js';
import { buildRecord, type RecordValues } from '../support/record-builder.js';
import { FeatureEngine } from '../../src/data/feature-engine.js';
import { Features } from '../../src/shm/records.js';

const AlphaModel = { BookPressure: alphaModelIndex('book_pressure'), MaMomentum: alphaModelIndex('ma_momentum') };

const close = (a: number, b: number, msg = '') => assert.ok(Math.abs(a - b) < 1e-9, `${msg} ${a} != ${b}`);

function features(f: RecordValues<typeof Features>): Float64Array {
  return buildRecord(Features, { t0: 77, ts: 88, instrument: 1, venue: 5, bid: 99.99, ask: 100.01, bidSize: 10, askSize: 10, volatility: 5, maShort: 100, maLong: 100, ...f });
}

function run(a: AlphaSet, f: Float64Array): Float64Array {
  const out = new Float64Array(Edges.f64 + 3).fill(123); // stale junk the evaluation must overwrite
  a.evaluate(f, 0, out, 3);
  return out.subarray(3);
}

const edge = (e: Float64Array, k: number) => e[Edges.edgeBps + 2 * k];
const conf = (e: Float64Array, k: number) => e[Edges.confidence + 2 * k];

test('model names and slots', () => {
  assert.ok(ALPHA_MODEL_NAMES.includes('book_pressure') && ALPHA_MODEL_NAMES.includes('ma_momentum'));
  assert.is(ALPHA_MODEL_NAMES.length, ALPHA_MODEL_COUNT);
  assert.is(AlphaModel.BookPressure, 0, 'the slot tests below assume the catalogue order');
  assert.is(AlphaModel.MaMomentum, 1);
  assert.ok(Edges.f64 >= Edges.edgeBps + 2 * ALPHA_MODEL_COUNT, 'the Edges record holds every model');
  assert.is(Edges.bytes % 64, 0);
});

test('header fields are copied', () => {
  const e = run(alphaSet(4), features({}));
  assert.is(e[Edges.t0], 77);
  assert.is(e[Edges.ts], 88);
  assert.is(e[Edges.instrument], 1);
  assert.is(e[Edges.venue], 5);
  assert.is(e[Edges.bid], 99.99);
  assert.is(e[Edges.ask], 100.01);
  assert.is(e[Edges.volatility], 5);
});

test('book pressure: 25 * (bid - ask) / total, confidence from depth vs its running average', () => {
  const a = alphaSet(4, { book_pressure: { depthWindow: 9 } }); // EMA alpha 0.2
  let e = run(a, features({ bidSize: 30, askSize: 10 }));
  close(edge(e, 0), 12.5, 'edge');
  close(conf(e, 0), 0.5, 'first record: depth equals its average'); // 40 / (40 + 40)
  assert.ok((e[Edges.mask] & 1) === 1);
  // A thin book next: average 40 + 0.2 (4 - 40) = 32.8, confidence 4 / 36.8.
  e = run(a, features({ bidSize: 1, askSize: 3 }));
  close(edge(e, 0), -12.5);
  close(conf(e, 0), 4 / (4 + 32.8), 'thin book');
  // A deep one: average 32.8 + 0.2 (400 - 32.8) = 106.24.
  e = run(a, features({ bidSize: 200, askSize: 200 }));
  close(edge(e, 0), 0);
  close(conf(e, 0), 400 / (400 + 106.24), 'deep book');
  // Depth averages are per symbol.
  e = run(a, features({ instrument: 2, bidSize: 1, askSize: 3 }));
  close(conf(e, 0), 0.5, 'other symbol starts fresh');
});

test('momentum: 40 x the MA gap in percent, as bps; confidence = gap / (4 vols), capped at 1', () => {
  const a = alphaSet(4);
  // 1% gap = 100 bps -> 40 bps edge; 100 bps gap vs 4 x 5 bps volatility -> confidence 1.
  let e = run(a, features({ maShort: 101, maLong: 100, volatility: 5 }));
  close(edge(e, 1), 40);
  close(conf(e, 1), 1);
  // 1 bp gap -> 0.4 bps, confidence 1 / 20.
  e = run(a, features({ maShort: 100.01, maLong: 100, volatility: 5 }));
  close(edge(e, 1), 0.4);
  close(conf(e, 1), 0.05);
  // Down-trend: negative edge, same confidence rule.
  e = run(a, features({ maShort: 99.9, maLong: 100, volatility: 10 }));
  close(edge(e, 1), -4);
  close(conf(e, 1), 10 / 40);
  // A glitch-sized gap is clamped to maxEdgeBps (50).
  e = run(a, features({ maShort: 150, maLong: 100 }));
  assert.is(edge(e, 1), 50);
  assert.is(e[Edges.mask], 3);
  assert.is(e[Edges.count], 2);
});

test('no opinion: empty book, zero volatility, bad MAs', () => {
  const a = alphaSet(4);
  let e = run(a, features({ bidSize: 0, askSize: 0 }));
  assert.is(e[Edges.mask], 1 << AlphaModel.MaMomentum);
  assert.is(e[Edges.count], 1);
  assert.is(edge(e, 0), 0);
  assert.is(conf(e, 0), 0);
  e = run(a, features({ volatility: 0, maShort: 101 }));
  assert.is(e[Edges.mask], 1 << AlphaModel.BookPressure);
  e = run(a, features({ maLong: NaN }));
  assert.is(e[Edges.mask], 1 << AlphaModel.BookPressure);
  for (let k = 2; k < ALPHA_MODEL_COUNT; k++) assert.is(edge(e, k), 0, `unused slot ${k} cleared`);
});

test('an invalid touch or instrument: no model has an opinion, every slot cleared', () => {
  const a = alphaSet(4);
  for (const f of [{ bid: NaN }, { ask: 99 }, { bid: 0 }, { ask: Infinity }, { instrument: 9 }, { instrument: NaN }]) {
    const e = run(a, features({ ...f, maShort: 101 }));
    assert.is(e[Edges.mask], 0, JSON.stringify(f));
    assert.is(e[Edges.count], 0);
    for (let k = 0; k < ALPHA_MODEL_COUNT; k++) {
      assert.is(edge(e, k), 0);
      assert.is(conf(e, k), 0);
    }
  }
});

test('end to end with the feature engine: a rising market gives positive momentum', () => {
  const fe = new FeatureEngine(1, { shortWindow: 5, longWindow: 20 });
  let mid = 100;
  for (let i = 0; i < 50; i++) {
    mid *= 1.0005 + (i % 2 === 0 ? 0.0002 : -0.0002); // up 5 bps per quote, with a wiggle
    fe.onQuote(0, i, mid - 0.01, 5, mid + 0.01, 5);
  }
  const f = new Float64Array(Features.f64);
  fe.write(0, 0, 0, f, 0);
  const e = run(alphaSet(1), f);
  assert.ok(edge(e, 1) > 0, `momentum edge ${edge(e, 1)}`);
  assert.ok(conf(e, 1) > 0.5, `momentum confidence ${conf(e, 1)}`);
});

test('a model with weight 0 is off: not evaluated, no bit, its slots cleared', () => {
  const a = alphaSet(4, { ma_momentum: { weight: 0 } });
  const e = run(a, features({ maShort: 101, maLong: 100 }));
  assert.is(e[Edges.mask], 1 << AlphaModel.BookPressure);
  assert.is(e[Edges.count], 1);
  assert.is(edge(e, AlphaModel.MaMomentum), 0);
});

test('model parameters come from the params block: a reload changes the momentum scale', () => {
  const a = alphaSet(4, { ma_momentum: { scale: 20, maxEdgeBps: 10 } });
  let e = run(a, features({ maShort: 100.1, maLong: 100, volatility: 5 })); // 10 bps gap
  close(edge(e, 1), 2, 'scale 20: 0.2 bps per bps of gap');
  e = run(a, features({ maShort: 101, maLong: 100, volatility: 5 }));
  assert.is(edge(e, 1), 10, 'clamped at the configured maxEdgeBps');
});

test('symbols outside the configured count get no opinion', () => {
  const e = run(alphaSet(4), features({ instrument: 4 }));
  assert.is(e[Edges.mask], 0);
});

test.run();
