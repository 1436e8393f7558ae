/** L1 alpha worker: Features in, one Edges record per event out (every alpha model's view). */
import { LayerRuntime } from './layer-runtime.js';
import { AlphaStage } from './stages/alpha-stage.js';

const rt = new LayerRuntime();
const input = rt.ring('features');
const out = rt.ring('edges');
const stage = new AlphaStage(rt);

await rt.consume(input, (n) => {
  stage.beginBatch();
  for (let i = 0; i < n; i++) stage.evaluate(input.f64, input.readIndex(i), out.f64, rt.claimOne(out));
  rt.publishBatch(out, n);
});
out.close();
rt.finish();
