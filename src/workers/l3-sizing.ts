/**
 * L3 sizing worker: BlendedEdge in, a SizedIntent out when the target position moved enough.
 * Positions come back from L5 through the portfolio seqlock block, read only when it changed.
 */
import { LayerRuntime, claimOne } from './layer-runtime.js';
import { FixedFractionSizer, SizingParam } from '../sizing/fixed-fraction.js';
import { SizedIntent } from '../shm/records.js';
import { monoNs } from '../shm/clock.js';
import { RuntimeParam } from '../pipeline/params.js';
import { PortfolioSnapshot } from '../risk/portfolio.js';
import { Counter, SymbolGauge, symbolGaugeIndex } from '../pipeline/telemetry.js';

const rt = new LayerRuntime();
const input = rt.ring('blended');
const out = rt.ring('intents');
const symbolCount = rt.config.symbols.length;
const sizer = new FixedFractionSizer(symbolCount);
const counters = rt.telemetry.counters;
const gauges = rt.symbolGauges;

const sizing = new Float64Array(16);
function applyParams(): void {
  const p = rt.params;
  sizing[SizingParam.edgeThresholdBps] = p[RuntimeParam.edgeThresholdBps];
  sizing[SizingParam.fraction] = p[RuntimeParam.fraction];
  sizing[SizingParam.maxPositionUsd] = p[RuntimeParam.maxPositionUsd];
  sizing[SizingParam.minOrderUsd] = p[RuntimeParam.minOrderUsd];
  sizing[SizingParam.equityUsd] = p[RuntimeParam.equityUsd];
  sizing[SizingParam.killSwitch] = p[RuntimeParam.killSwitch] !== 0 || p[RuntimeParam.haltNewOrders] !== 0 ? 1 : 0;
}
applyParams();

const portfolio = rt.portfolioBlock();
const snapshot = new Float64Array(portfolio.fieldCount);
const positionsUsd = new Float64Array(symbolCount);
// Cumulative filled notional per symbol at the last snapshot: its growth is what settled.
const filledUsd = new Float64Array(symbolCount);
const filledBase = PortfolioSnapshot.filledUsdBase(symbolCount);
const versionSeen = new Float64Array(1);
versionSeen[0] = -1;
function refreshPositions(): void {
  if (portfolio.version() === versionSeen[0]) return;
  versionSeen[0] = portfolio.read(snapshot);
  for (let s = 0; s < symbolCount; s++) {
    positionsUsd[s] = snapshot[PortfolioSnapshot.positionUsd + s];
    const filled = snapshot[filledBase + s];
    sizer.settle(s, filled - filledUsd[s]);
    filledUsd[s] = filled;
  }
}

// Intents are sized into a scratch record and copied into the ring only when one is emitted, so
// an edge that yields no intent never claims a slot.
const scratch = new Float64Array(SizedIntent.f64);

// Intent ids keep increasing across restarts (L4 skips ids it has already executed), so a
// restarted L3 continues from the newest intent its predecessor published.
const nextIntentId = new Float64Array(1);
const lastIntent = out.lastPublishedIndex();
nextIntentId[0] = lastIntent >= 0 ? out.f64[lastIntent + SizedIntent.intentId] + 1 : 1;

await rt.consume(input, (n, tIn) => {
  if (rt.refreshParams()) applyParams();
  refreshPositions();
  let emitted = 0;
  for (let i = 0; i < n; i++) {
    if (!sizer.size(input.f64, input.readIndex(i), sizing, positionsUsd, scratch, 0)) continue;
    const o = claimOne(rt.wait, out);
    scratch[SizedIntent.intentId] = nextIntentId[0]++;
    for (let k = 0; k < SizedIntent.f64; k++) out.f64[o + k] = scratch[k];
    gauges[symbolGaugeIndex(SymbolGauge.positionTargetUsd, scratch[SizedIntent.symbol], symbolCount)] = scratch[SizedIntent.targetPositionUsd];
    emitted++;
  }
  if (emitted > 0) {
    out.publish();
    counters.inc(Counter.records_out, emitted);
    counters.inc(Counter.intents, emitted);
    rt.noteFill(out);
  }
  rt.recordLatency(n, tIn, monoNs());
});
out.close();
rt.finish();
