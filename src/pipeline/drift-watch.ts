/**
 * The session's side of retrain-on-drift (`pipeline.retrainOnDrift`): once a second, the deep
 * model's Page-Hinkley alarm count from shared memory (what `tradebot_model_drift_alarms` shows)
 * goes to a DriftRetrainer, which retrains the promoted model on a worker when it rose. Off the
 * pipeline's threads entirely; a retrain still running when the session ends is abandoned.
 */
import { ALPHA_MODEL_COUNT, ALPHA_MODEL_NAMES } from '../alpha/alpha-catalogue.js';
import { defaultModelsDir } from '../alpha/deep/promoted-model.js';
import { DriftRetrainer } from '../ml/drift-retrain.js';
import type { PipelineConfig } from './config.js';
import type { Orchestrator } from './orchestrator.js';
import { ModelGauge, modelGaugeIndex } from './telemetry.js';

const LOOK_EVERY_MS = 1000;

export interface DriftWatch {
  readonly retrainer: DriftRetrainer;
  stop(): Promise<void>;
}

/**
 * `extraAlarmsAfterMs` is a test hook: that long after the start, one alarm is added to what
 * shared memory says (a real drift alarm cannot be summoned on cue).
 */
export function watchDrift(orch: Orchestrator, config: PipelineConfig, log: (line: string) => void, extraAlarmsAfterMs?: number): DriftWatch {
  const retrainer = new DriftRetrainer({
    modelsDir: defaultModelsDir(),
    dataFiles: config.source.kind === 'replay' ? config.source.replayFiles : [],
    epochs: config.pipeline.retrainEpochs,
    log,
  });
  const slot = modelGaugeIndex(ModelGauge.driftAlarms, ALPHA_MODEL_NAMES.indexOf('deep_onnx'), ALPHA_MODEL_COUNT);
  const startedAt = performance.now();
  const timer = setInterval(() => {
    const extra = extraAlarmsAfterMs !== undefined && performance.now() - startedAt >= extraAlarmsAfterMs ? 1 : 0;
    retrainer.onAlarms(orch.topology.modelGauges[slot] + extra);
  }, LOOK_EVERY_MS);
  timer.unref();
  return {
    retrainer,
    async stop() {
      clearInterval(timer);
      await retrainer.close();
    },
  };
}
