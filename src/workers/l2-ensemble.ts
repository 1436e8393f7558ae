/** L2 ensemble worker: Edges in, one BlendedEdge per event out; publishes per-symbol gauges. */
import { LayerRuntime, claimOne } from './layer-runtime.js';
import { WeightedBlend } from '../ensemble/weighted-blend.js';
import { BlendedEdge } from '../shm/records.js';
import { monoNs } from '../shm/clock.js';
import { RuntimeParam } from '../pipeline/params.js';
import { Counter, SymbolGauge, symbolGaugeIndex } from '../pipeline/telemetry.js';
import { ALPHA_MODELS } from '../alpha/rule-alphas.js';

const rt = new LayerRuntime();
const input = rt.ring('edges');
const out = rt.ring('blended');
const blend = new WeightedBlend(ALPHA_MODELS.length);
const counters = rt.telemetry.counters;
const symbolCount = rt.config.symbols.length;
const gauges = rt.symbolGauges;

function applyWeights(): void {
  blend.weights[0] = rt.params[RuntimeParam.weightBookPressure];
  blend.weights[1] = rt.params[RuntimeParam.weightMaMomentum];
}
applyWeights();

await rt.consume(input, (n, tIn) => {
  if (rt.refreshParams()) applyWeights();
  for (let i = 0; i < n; i++) {
    const o = claimOne(rt.wait, out);
    blend.blend(input.f64, input.readIndex(i), out.f64, o);
    const s = out.f64[o + BlendedEdge.symbol];
    gauges[symbolGaugeIndex(SymbolGauge.edgeBlendedBps, s, symbolCount)] = out.f64[o + BlendedEdge.edgeBps];
    gauges[symbolGaugeIndex(SymbolGauge.modelConfidence, s, symbolCount)] = out.f64[o + BlendedEdge.confidence];
  }
  out.publish();
  counters.inc(Counter.records_out, n);
  rt.noteFill(out);
  rt.recordLatency(n, tIn, monoNs());
});
out.close();
rt.finish();
