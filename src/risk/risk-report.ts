/**
 * The numbers of `tradebot risk report` for one price series, computed from the domain modules
 * alone (no I/O), so the command and its tests share one definition. All VaR/ES values are losses
 * as positive fractions of value over one return period (`horizon` bars).
 */

import { cornishFisherVar } from './cornish-fisher-var.js';
import { gaussianVarEs } from './gaussian-var.js';
import { historicalVarEsOfSortedLosses } from './historical-var.js';
import { sortedLosses } from './loss-sample.js';
import { maxDrawdown } from './max-drawdown.js';
import { fitPotOfSortedLosses, potVarEs, DEFAULT_THRESHOLD_QUANTILE } from './peaks-over-threshold.js';
import { simpleReturns } from './simple-returns.js';
import { sampleMoments } from '../stats/sample-moments.js';

/**
 * Fewest returns the report accepts: 99% historical VaR then has at least one loss beyond it,
 * and the EVT threshold (90th percentile) leaves at least 10 exceedances for the GPD fit.
 */
export const RISK_REPORT_MIN_RETURNS = 100;

export interface RiskReport {
  n_prices: number;
  horizon: number;
  n_returns: number;
  mean_return: number;
  sd_return: number;
  skewness: number;
  excess_kurtosis: number;
  var95_hist: number;
  var99_hist: number;
  es95_hist: number;
  es99_hist: number;
  var95_param: number;
  var99_param: number;
  es95_param: number;
  es99_param: number;
  var95_cf: number;
  var99_cf: number;
  evt_threshold: number;
  evt_exceedances: number;
  evt_xi: number;
  evt_beta: number;
  evt_var99: number;
  evt_es99: number;
  evt_var995: number;
  evt_es995: number;
  max_drawdown: number;
}

/** Risk numbers of the given returns and the prices they came from (for the drawdown). */
export function riskReportOfReturns(returns: Float64Array, prices: ArrayLike<number>, horizon: number): RiskReport {
  const sorted = sortedLosses(returns, RISK_REPORT_MIN_RETURNS);
  const m = sampleMoments(returns, 'returns');
  const h95 = historicalVarEsOfSortedLosses(sorted, 0.95);
  const h99 = historicalVarEsOfSortedLosses(sorted, 0.99);
  const g95 = gaussianVarEs(m.mean, m.sd, 0.95);
  const g99 = gaussianVarEs(m.mean, m.sd, 0.99);
  const pot = fitPotOfSortedLosses(sorted, DEFAULT_THRESHOLD_QUANTILE);
  const e99 = potVarEs(pot, 0.99);
  const e995 = potVarEs(pot, 0.995);
  return {
    n_prices: prices.length,
    horizon,
    n_returns: returns.length,
    mean_return: m.mean,
    sd_return: m.sd,
    skewness: m.skewness,
    excess_kurtosis: m.excessKurtosis,
    var95_hist: h95.var,
    var99_hist: h99.var,
    es95_hist: h95.es,
    es99_hist: h99.es,
    var95_param: g95.var,
    var99_param: g99.var,
    es95_param: g95.es,
    es99_param: g99.es,
    var95_cf: cornishFisherVar(m.mean, m.sd, m.skewness, m.excessKurtosis, 0.95),
    var99_cf: cornishFisherVar(m.mean, m.sd, m.skewness, m.excessKurtosis, 0.99),
    evt_threshold: pot.threshold,
    evt_exceedances: pot.exceedances,
    evt_xi: pot.gpd.xi,
    evt_beta: pot.gpd.beta,
    evt_var99: e99.var,
    evt_es99: e99.es,
    evt_var995: e995.var,
    evt_es995: e995.es,
    max_drawdown: maxDrawdown(prices).drawdown,
  };
}

/** The report of a price series: non-overlapping `horizon`-bar simple returns (simple-returns.ts). */
export function riskReport(prices: ArrayLike<number>, horizon = 1): RiskReport {
  return riskReportOfReturns(simpleReturns(prices, horizon), prices, horizon);
}
