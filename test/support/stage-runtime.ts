// A stage's runtime in the test's own thread: the default crypto config, a fresh topology with its
// params block written, and a LayerRuntime for one layer on it, so a stage can be driven record by
// record without workers. `restarted(rt)` gives a second runtime on the same shared memory, as a
// restarted worker would see it.
import { applyOverrides, defaultConfigPath, loadConfig, type PipelineConfig } from '../../src/pipeline/config.js';
import { Topology } from '../../src/pipeline/topology.js';
import { runtimeParamsFor } from '../../src/pipeline/params.js';
import type { LayerName } from '../../src/pipeline/telemetry.js';
import { LayerRuntime } from '../../src/workers/layer-runtime.js';

export interface StageRuntime {
  config: PipelineConfig;
  topo: Topology;
  rt: LayerRuntime;
}

/** `config`: another session's config (default: conf/crypto.yml without metrics). */
export function stageRuntime(layer: LayerName, config: PipelineConfig = applyOverrides(loadConfig(defaultConfigPath('crypto')), { metricsPort: 0 })): StageRuntime {
  const topo = Topology.create(config);
  topo.params.write(runtimeParamsFor(config));
  return { config, topo, rt: new LayerRuntime({ layer, config, wiring: topo.wiring, restarts: 0 }) };
}

export function restarted({ config, topo, rt }: StageRuntime, restarts = 1): LayerRuntime {
  return new LayerRuntime({ layer: rt.layer, config, wiring: topo.wiring, restarts });
}
