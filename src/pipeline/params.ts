/**
 * The hot-reloadable parameters, as the float64 fields of one seqlock block. The orchestrator is
 * the only writer (at start and on SIGHUP); layer workers read a fresh copy only when the block's
 * version changes, so a reload costs the hot path one Atomics.load per batch.
 */

import type { PipelineConfig } from './config.js';
import { SizingParam, SIZING_PARAM_COUNT } from '../sizing/fixed-fraction.js';

/**
 * The block starts with the sizer's own params in the sizer's own order, so sizing copies a prefix
 * of the block instead of mapping fields one by one.
 */
export const RuntimeParam = {
  ...SizingParam,
  feeBps: SIZING_PARAM_COUNT,
  weightBookPressure: SIZING_PARAM_COUNT + 1,
  weightMaMomentum: SIZING_PARAM_COUNT + 2,
  /** Set by the orchestrator (not config) when the pipeline must stop sending orders. */
  haltNewOrders: SIZING_PARAM_COUNT + 3,
  maxLeverage: SIZING_PARAM_COUNT + 4,
} as const;

export const RUNTIME_PARAM_COUNT = SIZING_PARAM_COUNT + 5;

/** The params block's values for a config (haltNewOrders starts at 0). */
export function runtimeParamsFor(cfg: PipelineConfig, halted = false): Float64Array {
  const p = new Float64Array(RUNTIME_PARAM_COUNT);
  p[RuntimeParam.edgeThresholdBps] = cfg.strategy.edgeThresholdBps;
  p[RuntimeParam.fraction] = cfg.risk.fraction;
  p[RuntimeParam.maxPositionUsd] = cfg.risk.maxPositionUsd;
  p[RuntimeParam.minOrderUsd] = cfg.risk.minOrderUsd;
  p[RuntimeParam.equityUsd] = cfg.risk.equityUsd;
  p[RuntimeParam.killSwitch] = cfg.risk.killSwitch ? 1 : 0;
  p[RuntimeParam.feeBps] = cfg.execution.feeBps;
  p[RuntimeParam.weightBookPressure] = cfg.strategy.modelWeights.book_pressure;
  p[RuntimeParam.weightMaMomentum] = cfg.strategy.modelWeights.ma_momentum;
  p[RuntimeParam.haltNewOrders] = halted ? 1 : 0;
  p[RuntimeParam.maxLeverage] = cfg.risk.maxLeverage;
  return p;
}
