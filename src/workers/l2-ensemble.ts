/** L2 ensemble worker: Edges in, one BlendedEdge per event out. */
import { LayerRuntime } from './layer-runtime.js';
import { EnsembleStage } from './stages/ensemble-stage.js';

const rt = new LayerRuntime();
const input = rt.ring('edges');
const out = rt.ring('blended');
const stage = new EnsembleStage(rt);

await rt.consume(input, (n) => {
  stage.beginBatch();
  for (let i = 0; i < n; i++) stage.blend(input.f64, input.readIndex(i), out.f64, rt.claimOne(out));
  rt.publishBatch(out, n);
});
out.close();
rt.finish();
