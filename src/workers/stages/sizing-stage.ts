/**
 * L3's per-record step, shared by the L3 worker and the fused L1-L4 worker: size a blended edge
 * against the positions L5 last published, with the hot-reloaded risk params.
 *
 * Intent ids keep increasing across restarts (execution skips ids it has already executed), so
 * the owner passes the newest id its predecessor published.
 */
import { FixedFractionSizer, SizerReject, SizingParam, SIZING_PARAM_COUNT } from '../../sizing/fixed-fraction.js';
import { BlendedEdge, SizedIntent } from '../../shm/records.js';
import { Refresh, SeqlockReader } from '../../shm/seqlock-reader.js';
import { RuntimeParam } from '../../pipeline/params.js';
import { PortfolioSnapshot } from '../../risk/portfolio.js';
import { SymbolGauge, symbolGaugeIndex } from '../../pipeline/telemetry.js';
import { BatchTime, type LayerRuntime } from '../layer-runtime.js';

export class SizingStage {
  private readonly sizer: FixedFractionSizer;
  private readonly symbolCount: number;
  private readonly params = new Float64Array(SIZING_PARAM_COUNT);
  /** L5's snapshot as last read; kept as it was while the block cannot be read. */
  private readonly portfolio: SeqlockReader;
  private readonly positionsUsd: Float64Array;
  /** Cumulative filled notional per symbol at the last snapshot: its growth is what settled. */
  private readonly filledUsd: Float64Array;
  private readonly filledBase: number;
  /** [next intent id] */
  private readonly state = new Float64Array(1);
  /**
   * Replays decide from the events alone: positions are what this stage's own intents add up to
   * (paper execution fills every intent in full at its price), marked at the current mid, instead
   * of L5's snapshot, which arrives whenever the portfolio thread gets round to it. Two replays of
   * the same files then size exactly the same intents.
   */
  private readonly selfSettle: boolean;
  private readonly positionQty: Float64Array;

  constructor(private readonly rt: LayerRuntime, lastIntentId: number) {
    this.symbolCount = rt.config.symbols.length;
    // The fused worker stands in for L3 too: it counts into L3's refusal block either way.
    this.sizer = new FixedFractionSizer(this.symbolCount, { rejects: rt.telemetryOf('L3').refusals.view(0) });
    this.portfolio = new SeqlockReader(rt.portfolioBlock());
    this.positionsUsd = new Float64Array(this.symbolCount);
    this.filledUsd = new Float64Array(this.symbolCount);
    this.filledBase = PortfolioSnapshot.filledUsdBase(this.symbolCount);
    this.state[0] = lastIntentId + 1;
    this.selfSettle = rt.config.source.kind === 'replay';
    this.positionQty = new Float64Array(this.symbolCount);
    if (this.selfSettle && this.portfolio.block.version() > 0) {
      // A restarted L3 picks up the positions its predecessor's intents built; starting from none
      // instead would quietly make this replay differ from the recording's other replays.
      if (this.portfolio.refresh() !== Refresh.updated) {
        throw new Error(`${rt.layer}: could not read the portfolio snapshot block to pick up the positions of the previous sizing worker `
          + '(no consistent version: L5 stopped mid-write)');
      }
      const qtyBase = PortfolioSnapshot.positionQtyBase(this.symbolCount);
      for (let s = 0; s < this.symbolCount; s++) this.positionQty[s] = this.portfolio.values[qtyBase + s];
    }
  }

  /** Once per batch: the current risk params and, if L5 published since, the positions. */
  beginBatch(): void {
    const p = this.rt.params;
    // The params block starts with the sizer's params (RuntimeParam spreads SizingParam); the kill
    // switch also trips when the orchestrator halts new orders.
    for (let i = 0; i < SIZING_PARAM_COUNT; i++) this.params[i] = p[i];
    this.params[SizingParam.killSwitch] = p[RuntimeParam.killSwitch] !== 0 || p[RuntimeParam.haltNewOrders] !== 0 ? 1 : 0;
    // Pending intents expire on the pipeline's own clock (see FixedFractionSizer.setPendingClock).
    this.sizer.setPendingClock(this.rt.times[BatchTime.batchIn] / 1000);

    if (this.selfSettle) return;
    const read = this.portfolio.refresh();
    if (read === Refresh.unchanged) return;
    if (read === Refresh.failed) {
      this.rt.noteReadFailure('portfolio snapshot block', 'sizing against the positions it last read');
      return;
    }
    const snapshot = this.portfolio.values;
    for (let s = 0; s < this.symbolCount; s++) {
      this.positionsUsd[s] = snapshot[PortfolioSnapshot.positionUsd + s];
      const filled = snapshot[this.filledBase + s];
      this.sizer.settle(s, filled - this.filledUsd[s]);
      this.filledUsd[s] = filled;
    }
  }

  /** Size one blended edge into `out` (a whole SizedIntent); false when no intent is due. */
  size(blended: Float64Array, base: number, out: Float64Array, outBase: number): boolean {
    const symbol = blended[base + BlendedEdge.symbol];
    const own = this.selfSettle && symbol >= 0 && symbol < this.symbolCount && Math.floor(symbol) === symbol;
    if (own) this.positionsUsd[symbol] = this.positionQty[symbol] * (blended[base + BlendedEdge.bid] + blended[base + BlendedEdge.ask]) * 0.5;
    if (!this.sizer.size(blended, base, this.params, this.positionsUsd, out, outBase)) return false;
    if (this.addsToStale(out, outBase)) return false;
    if (own) {
      this.positionQty[symbol] += out[outBase + SizedIntent.side] * out[outBase + SizedIntent.quantity];
      this.sizer.clearPending(symbol);
    }
    out[outBase + SizedIntent.intentId] = this.state[0]++;
    this.rt.symbolGauges[symbolGaugeIndex(SymbolGauge.positionTargetUsd, out[outBase + SizedIntent.symbol], this.symbolCount)] =
      out[outBase + SizedIntent.targetPositionUsd];
    return true;
  }

  /**
   * A symbol L0 flagged stale (no market data for `source.staleAfterMs`) gets no new exposure:
   * an intent that would grow the position is taken back (its pending notional undone) and
   * counted as a `stale_symbol` refusal; one that reduces the position still goes out.
   */
  private addsToStale(out: Float64Array, outBase: number): boolean {
    const symbol = out[outBase + SizedIntent.symbol];
    if (this.rt.symbolGauges[symbolGaugeIndex(SymbolGauge.stale, symbol, this.symbolCount)] === 0) return false;
    const signed = out[outBase + SizedIntent.side] * out[outBase + SizedIntent.notionalUsd];
    const before = this.positionsUsd[symbol] + this.sizer.pendingUsd[symbol] - signed;
    if (Math.abs(before + signed) <= Math.abs(before)) return false;
    this.sizer.pendingUsd[symbol] -= signed;
    this.sizer.rejects[SizerReject.StaleSymbol] += 1;
    return true;
  }
}
