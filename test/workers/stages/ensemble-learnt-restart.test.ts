// L2 publishes what its meta-learner learnt to shared memory, and a new L2 (a restart, or a
// session seeded before it starts) begins from what is there, not from equal weights.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EnsembleStage } from '../../../src/workers/stages/ensemble-stage.js';
import { RingPort } from '../../../src/workers/stages/output-ports.js';
import { readLearnt, seedLearnt } from '../../../src/ensemble/meta-learner-state.js';
import { ALPHA_MODEL_COUNT, ALPHA_MODEL_NAMES } from '../../../src/alpha/alpha-catalogue.js';
import { REGIME_COUNT } from '../../../src/alpha/regime-detector.js';
import { modelWeightIndex } from '../../../src/pipeline/telemetry.js';
import { defaultConfigPath, loadConfig } from '../../../src/pipeline/config.js';
import { restarted, stageRuntime } from '../../support/stage-runtime.js';

test('a new L2 starts from the learnt weights in shared memory and publishes them on', () => {
  const defaults = loadConfig(defaultConfigPath('crypto'));
  const env = stageRuntime('L2', { ...defaults, ensemble: { ...defaults.ensemble, metaLearningRate: 0.5 } });
  const { topo, rt } = env;
  const second = restarted(env);
  try {
    const lambda = Array.from({ length: REGIME_COUNT * ALPHA_MODEL_COUNT }, (_, i) => (i % ALPHA_MODEL_COUNT) / 10);
    const hitRate = Array.from({ length: ALPHA_MODEL_COUNT }, () => 0.6);
    const scored = Array.from({ length: ALPHA_MODEL_COUNT }, (_, k) => k);
    seedLearnt(topo.metaLearner, { lambda, hitRate, scored }, ALPHA_MODEL_COUNT, REGIME_COUNT);
    const logged: string[] = [];
    second.log = (m: string) => { logged.push(m); };
    const stage = new EnsembleStage(second, new RingPort(second, second.ring('blended'), second.telemetry));
    stage.beginBatch();
    const k = ALPHA_MODEL_NAMES.indexOf('book_pressure');
    const configured = defaults.alphas.book_pressure.weight;
    const shown = second.modelGauges[modelWeightIndex(0, k, ALPHA_MODEL_COUNT)];
    assert.ok(Math.abs(shown - configured * Math.exp(-k / 10)) < 1e-12, `book_pressure's weight ${shown}`);
    assert.ok(logged.some((m) => /meta-learner starts from the weights learnt before/.test(m)), logged.join('\n'));
    stage.shutdown();
    assert.equal(readLearnt(topo.metaLearner, ALPHA_MODEL_COUNT, REGIME_COUNT), { lambda, hitRate, scored }, 'published on, unchanged (nothing scored)');
  } finally {
    second.finish();
    rt.finish();
  }
});

test.run();
