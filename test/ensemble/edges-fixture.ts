// An Edges record for the blend tests: the listed models' (edge bps, confidence), null = silent.
import { Edges } from '../../src/alpha/alpha-catalogue.js';

export function edgesRecord(calls: Array<[number, number] | null>): Float64Array {
  const f = new Float64Array(Edges.f64);
  f[Edges.bid] = 99;
  f[Edges.ask] = 101;
  let mask = 0;
  calls.forEach((call, k) => {
    if (call === null) return;
    mask |= 1 << k;
    f[Edges.edgeBps + 2 * k] = call[0];
    f[Edges.confidence + 2 * k] = call[1];
  });
  f[Edges.mask] = mask;
  return f;
}
