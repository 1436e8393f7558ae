// The meta-learner scores each model's calls against the mid its horizon later: a model that keeps
// calling the move keeps its weight and a high hit rate, one that keeps calling it backwards loses
// weight; forgetting lets a reformed model win it back; a full ring drops its oldest calls.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MetaLearner } from '../../src/ensemble/meta-learner.js';
import { ALPHA_MODEL_COUNT, Edges } from '../../src/alpha/alpha-catalogue.js';
import { assertNoGc } from '../support/allocation.js';

const SECOND = 1_000_000;
const everyModel = (us: number): Float64Array => new Float64Array(ALPHA_MODEL_COUNT).fill(us);

/** A market that moves up 10 bps a second; model 0 calls it right, model 1 backwards. */
function drive(meta: MetaLearner, seconds: number, from = 0, model1Edge = -10): void {
  const e = new Float64Array(Edges.f64);
  e[Edges.mask] = 0b11;
  for (let i = from; i < from + seconds * 10; i++) {
    const mid = 100 * Math.pow(1.001, i / 10);
    e[Edges.ts] = i * (SECOND / 10);
    e[Edges.bid] = mid - 0.01;
    e[Edges.ask] = mid + 0.01;
    e[Edges.edgeBps] = 10;
    e[Edges.edgeBps + 2] = model1Edge;
    meta.observe(e, 0);
  }
}

test('the right model keeps its weight, the wrong one loses it; hit rates say which is which', () => {
  const meta = new MetaLearner(1, ALPHA_MODEL_COUNT, { horizonsUs: everyModel(SECOND), learningRate: 0.5, forgetting: 0.05 });
  drive(meta, 60);
  assert.ok(meta.scored[0] > 50 && meta.scored[1] === meta.scored[0], `scored ${meta.scored[0]}`);
  assert.ok(meta.weights[0] > 0.9, `right model weight ${meta.weights[0]}`);
  assert.ok(meta.weights[1] < 0.01, `wrong model weight ${meta.weights[1]}`);
  assert.is(meta.hitRate[0], 1);
  assert.is(meta.hitRate[1], 0);
  assert.is(meta.scored[2], 0, 'a model with no opinion is not scored');
  assert.is(meta.dropped, 0);
});

test('forgetting: a model that starts calling it right regains its weight', () => {
  const meta = new MetaLearner(1, ALPHA_MODEL_COUNT, { horizonsUs: everyModel(SECOND), learningRate: 0.5, forgetting: 0.05 });
  drive(meta, 30);
  const low = meta.weights[1];
  drive(meta, 60, 300, 10);
  assert.ok(meta.weights[1] > 0.9 && meta.weights[1] > low * 10, `from ${low} back to ${meta.weights[1]}`);
});

test('learning rate 0 leaves every weight at 1; bad parameters are refused by name', () => {
  const meta = new MetaLearner(1, ALPHA_MODEL_COUNT, { horizonsUs: everyModel(SECOND), learningRate: 0, forgetting: 0.05 });
  drive(meta, 10);
  assert.is(meta.weights[1], 1);
  assert.throws(() => meta.configure(everyModel(0), 1, 0.1, 10), /MetaLearner: bad parameters \(horizon of model 0/);
  assert.throws(() => meta.configure(everyModel(SECOND), 1, 2, 10), /forgetting 2/);
});

test('each model is scored at its own horizon', () => {
  const horizons = everyModel(SECOND);
  horizons[1] = 20 * SECOND;
  const meta = new MetaLearner(1, ALPHA_MODEL_COUNT, { horizonsUs: horizons, learningRate: 0.5, forgetting: 0.05 });
  drive(meta, 10);
  assert.ok(meta.scored[0] > 5, `the 1 s model scored ${meta.scored[0]} calls`);
  assert.is(meta.scored[1], 0, 'the 20 s model has nothing due after 10 s');
  drive(meta, 30, 100);
  assert.ok(meta.scored[1] > 0 && meta.weights[1] < 0.5, `the 20 s model scored ${meta.scored[1]}, weight ${meta.weights[1]}`);
});

test('a model that is off does not slow the sampling: only the models switched on set it', () => {
  const horizons = everyModel(SECOND);
  horizons[ALPHA_MODEL_COUNT - 1] = 8 * 3600 * SECOND; // an 8 h model
  const weights = new Float64Array(ALPHA_MODEL_COUNT);
  weights[0] = 1;
  weights[1] = 1;
  const off = new MetaLearner(1, ALPHA_MODEL_COUNT, { horizonsUs: horizons, learningRate: 0.5, forgetting: 0.05 });
  off.configure(horizons, 0.5, 0.05, 10, weights);
  drive(off, 10);
  assert.ok(off.scored[0] > 50, `sampled every 1/32 s: ${off.scored[0]} calls scored in 10 s`);
  const on = new MetaLearner(1, ALPHA_MODEL_COUNT, { horizonsUs: horizons, learningRate: 0.5, forgetting: 0.05 });
  drive(on, 10);
  assert.ok(on.scored[0] <= 1, `with the 8 h model on, one call per 15 min: ${on.scored[0]}`);
});

test('observe allocates nothing', () => {
  const meta = new MetaLearner(2, ALPHA_MODEL_COUNT, { horizonsUs: everyModel(SECOND), learningRate: 0.5, forgetting: 0.05 });
  const e = new Float64Array(Edges.f64);
  e[Edges.mask] = 0b11;
  assertNoGc('meta-learner observe', (i) => {
    e[Edges.instrument] = i & 1;
    e[Edges.ts] = i * 1000;
    e[Edges.bid] = 100 + (i % 50) * 0.01;
    e[Edges.ask] = e[Edges.bid] + 0.02;
    e[Edges.edgeBps] = (i % 7) - 3;
    meta.observe(e, 0);
  }, 1_000_000);
});

test.run();
