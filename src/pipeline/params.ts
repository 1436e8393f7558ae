/**
 * The hot-reloadable parameters, as the float64 fields of one seqlock block. The orchestrator is
 * the only writer (at start and on SIGHUP); layer workers read a fresh copy only when the block's
 * version changes, so a reload costs the hot path one Atomics.load per batch.
 *
 * Layout: the sizer's own params first, in the sizer's order (sizing copies a prefix instead of
 * mapping fields one by one), then the pipeline's fixed slots, then one block per catalogued alpha
 * model: its ensemble weight followed by its parameters in spec order. The model blocks are
 * derived from the alpha catalogue, so a new model gets its slots without an edit here.
 */

import type { PipelineConfig } from './config.js';
import { SizingParam, SIZING_PARAM_COUNT } from '../sizing/fixed-fraction.js';
import { ALPHA_MODELS } from '../alpha/alpha-catalogue.js';
import { SIZER_NAMES } from '../sizing/sizer-catalogue.js';
import { VAR_METHODS } from '../risk/historical-portfolio-var.js';
import type { AlphaParamsLayout } from '../alpha/alpha-set.js';

export const RuntimeParam = {
  ...SizingParam,
  /** Set by the orchestrator (not config) when the pipeline must stop sending orders. */
  haltNewOrders: SIZING_PARAM_COUNT,
  /** Feature engine windows (L0), in quote updates. */
  shortWindow: SIZING_PARAM_COUNT + 1,
  longWindow: SIZING_PARAM_COUNT + 2,
  /** The sizing rule's index in the sizer catalogue. */
  sizer: SIZING_PARAM_COUNT + 3,
  /** L2 (ensemble.*): the blend's refinements and the meta-learner's parameters. */
  minConfidence: SIZING_PARAM_COUNT + 4,
  topK: SIZING_PARAM_COUNT + 5,
  shrinkage: SIZING_PARAM_COUNT + 6,
  metaLearningRate: SIZING_PARAM_COUNT + 7,
  metaForgetting: SIZING_PARAM_COUNT + 8,
  metaHorizonScale: SIZING_PARAM_COUNT + 9,
  /** L5's kill switch (risk.max*Pct; 0 = off), in RiskLimit order. */
  maxDailyLossPct: SIZING_PARAM_COUNT + 10,
  maxDrawdownPct: SIZING_PARAM_COUNT + 11,
  maxVarPct: SIZING_PARAM_COUNT + 12,
  /** L5's VaR model, by index in VAR_METHODS. */
  varMethod: SIZING_PARAM_COUNT + 13,
} as const;

const FIXED_PARAM_COUNT = SIZING_PARAM_COUNT + 14;

/** The alpha blocks' layout, and the first slot after them. */
function alphaLayout(): { layout: AlphaParamsLayout; end: number } {
  const modelBase: number[] = [];
  let next = FIXED_PARAM_COUNT;
  for (const spec of ALPHA_MODELS) {
    modelBase.push(next);
    next += 1 + Object.keys(spec.params).length;
  }
  return { layout: Object.freeze({ modelBase: Object.freeze(modelBase) }), end: next };
}
const ALPHA_BLOCKS = alphaLayout();

/** Where each alpha model's weight and parameters sit in the params block. */
export const ALPHA_PARAMS: AlphaParamsLayout = ALPHA_BLOCKS.layout;

/**
 * After the alpha blocks: the per-instrument risk table, one maxPositionUsd per instrument (its
 * unified symbol's `risk.maxPositionUsdBySymbol`, else `risk.maxPositionUsd`).
 */
export const INSTRUMENT_LIMITS_BASE = ALPHA_BLOCKS.end;

/** Fields of the params block for a session with `instruments` instruments. */
export function runtimeParamCount(instruments: number): number {
  return INSTRUMENT_LIMITS_BASE + instruments;
}

/** The params block's values for a config (haltNewOrders starts at 0). */
export function runtimeParamsFor(cfg: PipelineConfig, halted = false): Float64Array {
  const p = new Float64Array(runtimeParamCount(cfg.symbols.length));
  p[RuntimeParam.edgeThresholdBps] = cfg.strategy.edgeThresholdBps;
  p[RuntimeParam.fraction] = cfg.risk.fraction;
  p[RuntimeParam.maxPositionUsd] = cfg.risk.maxPositionUsd;
  p[RuntimeParam.minOrderUsd] = cfg.risk.minOrderUsd;
  p[RuntimeParam.equityUsd] = cfg.risk.equityUsd;
  p[RuntimeParam.killSwitch] = cfg.risk.killSwitch ? 1 : 0;
  p[RuntimeParam.maxLeverage] = cfg.risk.maxLeverage;
  p[RuntimeParam.assetClassLimitPct] = cfg.risk.assetClassLimitPct;
  p[RuntimeParam.impactBps] = cfg.risk.impactBps;
  p[RuntimeParam.noTradeBandPct] = cfg.risk.noTradeBandPct;
  p[RuntimeParam.feeBps] = cfg.execution.feeBps;
  p[RuntimeParam.kellyFraction] = cfg.risk.kellyFraction;
  p[RuntimeParam.positionCapPct] = cfg.risk.positionCapPct;
  p[RuntimeParam.varBudgetPct] = cfg.risk.varBudgetPct;
  p[RuntimeParam.covarianceLambda] = cfg.risk.covarianceLambda;
  p[RuntimeParam.haltNewOrders] = halted ? 1 : 0;
  p[RuntimeParam.shortWindow] = cfg.strategy.shortWindow;
  p[RuntimeParam.longWindow] = cfg.strategy.longWindow;
  p[RuntimeParam.sizer] = SIZER_NAMES.indexOf(cfg.risk.sizer);
  p[RuntimeParam.minConfidence] = cfg.ensemble.minConfidence;
  p[RuntimeParam.topK] = cfg.ensemble.topK;
  p[RuntimeParam.shrinkage] = cfg.ensemble.shrinkage;
  p[RuntimeParam.metaLearningRate] = cfg.ensemble.metaLearningRate;
  p[RuntimeParam.metaForgetting] = cfg.ensemble.metaForgetting;
  p[RuntimeParam.metaHorizonScale] = cfg.ensemble.metaHorizonScale;
  p[RuntimeParam.maxDailyLossPct] = cfg.risk.maxDailyLossPct;
  p[RuntimeParam.maxDrawdownPct] = cfg.risk.maxDrawdownPct;
  p[RuntimeParam.maxVarPct] = cfg.risk.maxVarPct;
  p[RuntimeParam.varMethod] = VAR_METHODS.indexOf(cfg.risk.varMethod as (typeof VAR_METHODS)[number]);
  cfg.symbols.forEach((symbol, i) => {
    p[INSTRUMENT_LIMITS_BASE + i] = cfg.risk.maxPositionUsdBySymbol[symbol] ?? cfg.risk.maxPositionUsd;
  });
  ALPHA_MODELS.forEach((spec, k) => {
    const model = cfg.alphas[spec.name];
    const base = ALPHA_PARAMS.modelBase[k];
    p[base] = model.weight;
    Object.keys(spec.params).forEach((name, i) => { p[base + 1 + i] = model[name]; });
  });
  return p;
}
