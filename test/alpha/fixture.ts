// Builders for the alpha tests: an AlphaSet configured from catalogue defaults plus overrides.
import { AlphaSet, type AlphaParamsLayout } from '../../src/alpha/alpha-set.js';
import { ALPHA_MODELS } from '../../src/alpha/alpha-catalogue.js';

/** `{ book_pressure: { depthWindow: 9 }, ma_momentum: { weight: 0 } }` and so on. */
export type AlphaOverrides = Record<string, Record<string, number>>;

export function alphaParams(overrides: AlphaOverrides = {}): { params: Float64Array; layout: AlphaParamsLayout } {
  const values: number[] = [];
  const modelBase: number[] = [];
  for (const spec of ALPHA_MODELS) {
    modelBase.push(values.length);
    const o = overrides[spec.name] ?? {};
    values.push(o.weight ?? spec.defaultWeight);
    for (const [name, p] of Object.entries(spec.params)) values.push(o[name] ?? p.default);
  }
  return { params: Float64Array.from(values), layout: { modelBase } };
}

export function alphaSet(symbolCount: number, overrides: AlphaOverrides = {}): AlphaSet {
  const set = new AlphaSet(symbolCount);
  const { params, layout } = alphaParams(overrides);
  set.configure(params, layout);
  return set;
}
