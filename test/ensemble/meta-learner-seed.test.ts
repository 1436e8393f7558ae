// What a meta-learner learnt can be read out and given to a new one: the same lambdas (so the
// same weights), hit rates and counts; a seed that does not fit is refused naming the slot; and
// the shared block round-trips it (as L2 and the orchestrator use it).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MetaLearner } from '../../src/ensemble/meta-learner.js';
import { LearntLayout, readLearnt, seedLearnt } from '../../src/ensemble/meta-learner-state.js';
import { REGIME_COUNT } from '../../src/alpha/regime-detector.js';
import { SeqlockBlock } from '../../src/shm/seqlock-block.js';

const MODELS = 3;
const learner = (): MetaLearner => new MetaLearner(1, MODELS, { horizonsUs: Float64Array.of(1e6, 2e6, 3e6), learningRate: 0.5, forgetting: 0.01 });

function learnt(): Float64Array {
  const out = new Float64Array(LearntLayout.fieldCount(MODELS, REGIME_COUNT));
  const lambdas = REGIME_COUNT * MODELS;
  for (let i = 0; i < lambdas; i++) out[LearntLayout.learnt + i] = 0.1 * (i + 1);
  out.set([0.4, 0.55, 0.6], LearntLayout.learnt + lambdas);
  out.set([10, 20, 30], LearntLayout.learnt + lambdas + MODELS);
  return out;
}

test('a seeded learner has the lambdas, weights, hit rates and counts it was given, and writes them back out', () => {
  const m = learner();
  const given = learnt();
  m.seed(given, LearntLayout.learnt);
  assert.ok(Math.abs(m.weights[4] - Math.exp(-0.5)) < 1e-15, 'weight = exp(-lambda)');
  assert.equal([...m.hitRate], [0.4, 0.55, 0.6]);
  assert.equal([...m.scored], [10, 20, 30]);
  const back = new Float64Array(given.length);
  m.writeLearnt(back, LearntLayout.learnt);
  assert.equal([...back.subarray(LearntLayout.learnt)], [...given.subarray(LearntLayout.learnt)]);
});

test('a seed that does not fit is refused, naming the slot, and the learner is left as it was', () => {
  const cases: [number, number, RegExp][] = [
    [LearntLayout.learnt + 2, -1, /seed lambda\[2\] must be a finite number >= 0, got -1/],
    [LearntLayout.learnt + 1, NaN, /seed lambda\[1\] must be a finite number >= 0, got NaN/],
    [LearntLayout.learnt + REGIME_COUNT * MODELS + 1, 1.5, /seed hitRate\[1\] must be in \[0, 1\], got 1.5/],
    [LearntLayout.learnt + REGIME_COUNT * MODELS + MODELS, 2.5, /seed scored\[0\] must be a whole number >= 0, got 2.5/],
  ];
  for (const [slot, value, message] of cases) {
    const m = learner();
    const bad = learnt();
    bad[slot] = value;
    assert.throws(() => m.seed(bad, LearntLayout.learnt), message);
    assert.ok(m.weights.every((w) => w === 1) && m.scored.every((n) => n === 0), 'untouched');
  }
});

test('the shared block: empty until seeded, then the same numbers back; a wrong shape is refused', () => {
  const block = SeqlockBlock.create(LearntLayout.fieldCount(MODELS, REGIME_COUNT));
  assert.is(readLearnt(block, MODELS, REGIME_COUNT), null);
  const lambda = Array.from({ length: REGIME_COUNT * MODELS }, (_, i) => i / 10);
  seedLearnt(block, { lambda, hitRate: [0.5, 0.5, 0.7], scored: [1, 2, 3] }, MODELS, REGIME_COUNT);
  assert.equal(readLearnt(block, MODELS, REGIME_COUNT), { lambda, hitRate: [0.5, 0.5, 0.7], scored: [1, 2, 3] });
  assert.throws(() => seedLearnt(block, { lambda: [1], hitRate: [0.5], scored: [1] }, MODELS, REGIME_COUNT), new RegExp(`expected ${REGIME_COUNT * MODELS} lambdas and 3 hit rates`));
});

test.run();
