// Weights and blend settings reach L2's blend on a params reload (not per batch any more), the
// model weight gauges follow, and a reload that switches the meta-learner off puts every model
// back to its configured weight.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EnsembleStage } from '../../../src/workers/stages/ensemble-stage.js';
import type { OutputPort } from '../../../src/workers/stages/pipeline-stage.js';
import { ALPHA_MODEL_COUNT, ALPHA_MODEL_NAMES, Edges } from '../../../src/alpha/alpha-catalogue.js';
import { REGIME_COUNT } from '../../../src/alpha/regime-detector.js';
import { BlendedEdge } from '../../../src/shm/records.js';
import { modelWeightIndex } from '../../../src/pipeline/telemetry.js';
import { runtimeParamsFor } from '../../../src/pipeline/params.js';
import { defaultConfigPath, loadConfig, type PipelineConfig } from '../../../src/pipeline/config.js';
import { seedLearnt } from '../../../src/ensemble/meta-learner-state.js';
import { stageRuntime } from '../../support/stage-runtime.js';

const port = (): OutputPort => ({ f64: new Float64Array(BlendedEdge.f64), claim: () => 0, commit: () => {}, unclaim: () => {}, flush: () => 1 } as unknown as OutputPort);

function withWeights(cfg: PipelineConfig, bp: number, mm: number, learning: number): PipelineConfig {
  return {
    ...cfg,
    alphas: { ...cfg.alphas, book_pressure: { ...cfg.alphas.book_pressure, weight: bp }, ma_momentum: { ...cfg.alphas.ma_momentum, weight: mm } },
    ensemble: { ...cfg.ensemble, metaLearningRate: learning },
  };
}

test('a reload of model weights reaches the blend and the gauges; learning off resets the multipliers', () => {
  const defaults = loadConfig(defaultConfigPath('crypto'));
  const env = stageRuntime('L2', withWeights(defaults, 1, 1, 0.5));
  const { topo, rt } = env;
  try {
    const bp = ALPHA_MODEL_NAMES.indexOf('book_pressure');
    const mm = ALPHA_MODEL_NAMES.indexOf('ma_momentum');
    // What a learner learnt before: book_pressure's weight is scaled by e^-1 in every regime.
    const lambda = Array.from({ length: REGIME_COUNT * ALPHA_MODEL_COUNT }, (_, i) => (i % ALPHA_MODEL_COUNT === bp ? 1 : 0));
    seedLearnt(topo.metaLearner, { lambda, hitRate: new Array(ALPHA_MODEL_COUNT).fill(0.5), scored: new Array(ALPHA_MODEL_COUNT).fill(1) }, ALPHA_MODEL_COUNT, REGIME_COUNT);
    const out = port();
    const stage = new EnsembleStage(rt, out);
    // Two models speak, +10 and -10 bps, equally confident.
    const edges = new Float64Array(Edges.f64);
    edges[Edges.mask] = (1 << bp) | (1 << mm);
    edges[Edges.regime] = 0;
    edges[Edges.edgeBps + 2 * bp] = 10;
    edges[Edges.confidence + 2 * bp] = 1;
    edges[Edges.edgeBps + 2 * mm] = -10;
    edges[Edges.confidence + 2 * mm] = 1;
    stage.beginBatch();
    stage.process(edges, 0);
    const learnt = Math.exp(-1);
    assert.ok(Math.abs(out.f64[BlendedEdge.edgeBps] - (learnt * 10 - 10) / (learnt + 1)) < 1e-9, `learnt multipliers apply: ${out.f64[BlendedEdge.edgeBps]}`);
    assert.ok(Math.abs(rt.modelGauges[modelWeightIndex(0, bp, ALPHA_MODEL_COUNT)] - learnt) < 1e-12);

    topo.params.write(runtimeParamsFor(withWeights(defaults, 3, 1, 0)));
    rt.refreshParams();
    stage.beginBatch();
    stage.process(edges, 0);
    assert.ok(Math.abs(out.f64[BlendedEdge.edgeBps] - 5) < 1e-9, `(3 x 10 - 10) / 4: ${out.f64[BlendedEdge.edgeBps]}`);
    for (let r = 0; r < REGIME_COUNT; r++) {
      assert.is(rt.modelGauges[modelWeightIndex(r, bp, ALPHA_MODEL_COUNT)], 3, `book_pressure's gauge in regime ${r}`);
      assert.is(rt.modelGauges[modelWeightIndex(r, mm, ALPHA_MODEL_COUNT)], 1, `ma_momentum's gauge in regime ${r}`);
    }
  } finally {
    rt.finish();
  }
});

test.run();
