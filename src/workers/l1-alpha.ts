/** L1 alpha worker: Features in, one Edges record per event out (every rule alpha's view). */
import { LayerRuntime } from './layer-runtime.js';
import { RuleAlphas } from '../alpha/rule-alphas.js';

const rt = new LayerRuntime();
const input = rt.ring('features');
const out = rt.ring('edges');
const alphas = new RuleAlphas(rt.config.symbols.length);

await rt.consume(input, (n) => {
  for (let i = 0; i < n; i++) {
    alphas.evaluate(input.f64, input.readIndex(i), out.f64, rt.claimOne(out));
  }
  rt.publishBatch(out, n);
});
out.close();
rt.finish();
