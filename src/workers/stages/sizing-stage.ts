/**
 * L3's stage: size a blended edge against the exposure the account is heading for, with the
 * hot-reloaded risk params.
 *
 * Exposure, not booked positions: per instrument, what sizing has emitted (its own ledger, in
 * shared memory so a restarted L3 continues it) minus what execution refused, cancelled or let
 * expire (from the exposure block execution publishes; see execution/execution-exposure.ts). It
 * is exact at any moment, so an intent is never re-sent while its fill travels to the portfolio,
 * no timeout guesses when an intent is "probably done", and the same events give the same
 * decisions whatever the threads' timing (replays are deterministic). Positions are marked at each
 * instrument's latest mid, taken from the records as they arrive.
 *
 * Routed sessions (`execution.routing: best_price`, execution/routing/routing-groups.ts): a unified
 * symbol on several venues is one position, sized on its lead instrument's edges only; the other
 * members' edges still mark their mids and teach the sizer, and are not sized (counted as
 * `routed_member` edges in L3's counters).
 *
 * Intent ids keep increasing across restarts (execution skips ids it has already executed), so
 * the owner passes the newest id its predecessor published.
 */
import { SizerReject, SizingParam, SIZING_PARAM_COUNT } from '../../sizing/fixed-fraction.js';
import { EXTENDED_AFTER_US, EXTENDED_BEFORE_US, roundDownToLot } from '../../execution/pre-trade-checks.js';
import { nextUsEquitySession } from '../../data/us-equity-session.js';
import { SIZERS, type Sizer } from '../../sizing/sizer-catalogue.js';
import { exposureQty } from '../../execution/execution-exposure.js';
import { InstrumentRegistry } from '../../core/instrument-registry.js';
import { RoutingGroups } from '../../execution/routing/routing-groups.js';
import { BlendedEdge, RecordKind, SizedIntent } from '../../shm/records.js';
import { Refresh, SeqlockReader } from '../../shm/seqlock-reader.js';
import { INSTRUMENT_LIMITS_BASE, RuntimeParam } from '../../pipeline/params.js';
import { Counter, SymbolGauge, symbolGaugeIndex, type LayerTelemetry } from '../../pipeline/telemetry.js';
import { BatchTime, type LayerRuntime } from '../layer-runtime.js';
import type { OutputPort, PipelineStage } from './pipeline-stage.js';

export class SizingStage implements PipelineStage {
  private sizer: Sizer;
  /** The catalogue index of `sizer` (risk.sizer is reloadable). */
  private sizerIndex = -1;
  private readonly symbolGroups: Int32Array;
  /** Routed sessions: per instrument, the lead sized for it (itself unless it follows one). */
  private readonly leadOf: Int32Array;
  private readonly lotSize: Float64Array;
  /** Per instrument: its tick and the venue's minimum notional, as execution's pre-trade checks apply them. */
  private readonly tickSize: Float64Array;
  private readonly minNotionalUsd: Float64Array;
  /** execution.maxOrderNotionalUsd: the most one order may be worth. */
  private readonly maxOrderNotionalUsd: number;
  private readonly stocks: boolean;
  private readonly extendedHours: boolean;
  /** The US equity session around an intent's time: [open, close] µs. */
  private readonly session = new Float64Array(2);
  private readonly symbolCount: number;
  private readonly params = new Float64Array(SIZING_PARAM_COUNT);
  /** The last exposure execution published that could be read (refreshed when its version moves). */
  private readonly exposure: SeqlockReader;
  /**
   * Signed quantity emitted per instrument, then the last intent id (shared memory: survives a
   * restart of this layer, whichever placement it runs in).
   */
  private readonly emitted: Float64Array;
  /** Latest mid per instrument, for marking the exposure. */
  private readonly mid: Float64Array;
  private readonly positionsUsd: Float64Array;
  /** [next intent id, intents emitted this batch, newest origin decided on, newest watermark sent] */
  private readonly state = new Float64Array(4);
  /** Intents are sized here and copied out only when one is emitted: no claim for "nothing to do". */
  private readonly scratch = new Float64Array(SizedIntent.f64);
  private readonly telemetry: LayerTelemetry;

  constructor(private readonly rt: LayerRuntime, private readonly out: OutputPort, lastIntentId: number) {
    this.telemetry = rt.telemetryOf('L3');
    this.symbolCount = rt.config.symbols.length;
    // The fused worker stands in for L3 too: it counts into L3's refusal and bound blocks either way.
    // One unified symbol on several venues is one position against maxPositionUsd.
    const instruments = InstrumentRegistry.fromConfig(rt.config, rt.venueMarkets);
    const routing = RoutingGroups.fromConfig(rt.config);
    this.leadOf = routing.leadOf;
    this.symbolGroups = routing.routed ? routing.leadOf
      : Int32Array.from(instruments.instruments, (i) => instruments.instrumentsOf(i.symbol)[0].index);
    this.lotSize = Float64Array.from(instruments.instruments, (i) => i.lotSize);
    this.tickSize = Float64Array.from(instruments.instruments, (i) => i.tickSize);
    this.minNotionalUsd = Float64Array.from(instruments.instruments, (i) => i.minNotionalUsd);
    this.maxOrderNotionalUsd = rt.config.execution.maxOrderNotionalUsd;
    this.stocks = rt.config.assetClass === 'stocks';
    this.extendedHours = rt.config.execution.extendedHours;
    this.sizer = this.createSizer(rt.params[RuntimeParam.sizer]);
    this.exposure = new SeqlockReader(rt.exposureBlock());
    this.emitted = rt.sizingLedger();
    this.mid = new Float64Array(this.symbolCount);
    this.positionsUsd = new Float64Array(this.symbolCount);
    // Intent ids never repeat: downstream, execution and risk skip what they have already seen.
    this.state[0] = Math.max(lastIntentId, this.emitted[this.symbolCount]) + 1;
  }

  /** Once per batch: the current risk params and, if execution published since, its exposure. */
  beginBatch(): void {
    this.state[1] = 0;
    const p = this.rt.params;
    if (p[RuntimeParam.sizer] !== this.sizerIndex) this.sizer = this.createSizer(p[RuntimeParam.sizer]);
    // The params block starts with the sizer's params (RuntimeParam spreads SizingParam); the kill
    // switch also trips when the orchestrator halts new orders.
    for (let i = 0; i < SIZING_PARAM_COUNT; i++) this.params[i] = p[i];
    this.params[SizingParam.killSwitch] = p[RuntimeParam.killSwitch] !== 0 || p[RuntimeParam.haltNewOrders] !== 0 ? 1 : 0;
    const refreshed = this.exposure.refresh();
    if (refreshed === Refresh.unchanged) return;
    if (refreshed === Refresh.failed) {
      this.rt.noteReadFailure('execution exposure block', 'sizing against the exposure it last read');
      return;
    }
    for (let s = 0; s < this.symbolCount; s++) this.mark(s);
  }

  process(blended: Float64Array, base: number): void {
    const origin = blended[base + BlendedEdge.origin];
    if (origin > this.state[2]) this.state[2] = origin;
    if (!this.size(blended, base, this.scratch, 0)) return;
    const out = this.out;
    const o = out.claim();
    for (let k = 0; k < SizedIntent.f64; k++) out.f64[o + k] = this.scratch[k];
    this.state[1]++;
    out.commit(o);
  }

  endBatch(): void {
    this.telemetry.counters.inc(Counter.intents, this.state[1]);
    if (this.state[2] > this.state[3]) this.sendWatermark(this.state[2]);
    this.out.flush();
  }

  /** Nothing more will come: execution may fill against every market state L0 published. */
  shutdown(): void {
    this.sendWatermark(Infinity);
    this.out.flush();
  }

  /**
   * Tell execution that every market event up to `origin` has been decided on (its intents, if
   * any, are ahead of this record on the ring), so it may fill against the market up to there.
   * Once per batch, not per record.
   */
  private sendWatermark(origin: number): void {
    const out = this.out;
    const o = out.claim();
    const f = out.f64;
    for (let k = 0; k < SizedIntent.f64; k++) f[o + k] = 0;
    f[o + SizedIntent.kind] = RecordKind.Watermark;
    f[o + SizedIntent.origin] = origin;
    f[o + SizedIntent.t0] = this.rt.times[BatchTime.batchIn];
    this.rt.clock.writeTo(f, o + SizedIntent.ts);
    this.state[3] = origin;
    out.commit(o);
  }

  /** Size one blended edge into `out` (a whole SizedIntent); false when no intent is due. */
  size(blended: Float64Array, base: number, out: Float64Array, outBase: number): boolean {
    const symbol = blended[base + BlendedEdge.instrument];
    if (symbol >= 0 && symbol < this.symbolCount && Math.floor(symbol) === symbol) {
      const mid = (blended[base + BlendedEdge.bid] + blended[base + BlendedEdge.ask]) * 0.5;
      if (mid > 0 && mid < Infinity) this.mid[symbol] = mid;
      this.mark(symbol);
    }
    // The instrument's own position limit, from the per-instrument risk table of the params block.
    if (symbol >= 0 && symbol < this.symbolCount) this.params[SizingParam.maxPositionUsd] = this.rt.params[INSTRUMENT_LIMITS_BASE + symbol];
    // Every record teaches the sizer (the kelly sizer's return covariance), whatever it then decides.
    this.sizer.observe(blended, base, this.params);
    if (symbol >= 0 && symbol < this.symbolCount && this.leadOf[symbol] !== symbol) {
      this.telemetry.counters.inc(Counter.routed_member);
      return false;
    }
    if (!this.sizer.size(blended, base, this.params, this.positionsUsd, out, outBase)) return false;
    if (this.addsToStale(out, outBase) || this.addsWhileHalted(out, outBase)) return false;
    if (!this.tradable(out, outBase)) return false;
    this.emitted[symbol] += out[outBase + SizedIntent.side] * out[outBase + SizedIntent.quantity];
    this.mark(symbol);
    out[outBase + SizedIntent.seq] = this.state[0];
    this.emitted[this.symbolCount] = this.state[0]++;
    this.rt.symbolGauges[symbolGaugeIndex(SymbolGauge.positionTargetUsd, out[outBase + SizedIntent.instrument], this.symbolCount)] =
      out[outBase + SizedIntent.targetPositionUsd];
    return true;
  }

  /**
   * What execution's pre-trade checks would refuse for reasons sizing can see is not sent: a stock
   * outside its session, the part of a quantity below the venue's lot (rounded down here, to the
   * value execution rounds to), an order worth less than the venue's minimum notional or priced
   * under one tick, and the part of one worth more than execution.maxOrderNotionalUsd (cut to it:
   * the next edge sends more if the target still wants it). Execution tells sizing of a refusal
   * only when it processes the intent, at a moment that depends on the threads' timing; deciding
   * here keeps replays identical in every placement. The notional is bounded with the price one
   * tick worse or better than the limit, whichever way execution's tick rounding may move it.
   */
  private tradable(out: Float64Array, outBase: number): boolean {
    const s = out[outBase + SizedIntent.instrument];
    if (this.stocks) {
      nextUsEquitySession(out[outBase + SizedIntent.ts], this.session);
      const ts = out[outBase + SizedIntent.ts];
      const open = this.session[0] - (this.extendedHours ? EXTENDED_BEFORE_US : 0);
      const close = this.session[1] + (this.extendedHours ? EXTENDED_AFTER_US : 0);
      if (!(ts >= open && ts < close)) {
        this.sizer.rejects[SizerReject.MarketClosed] += 1;
        return false;
      }
    }
    const price = out[outBase + SizedIntent.limitPrice];
    const tick = this.tickSize[s];
    let wanted = out[outBase + SizedIntent.quantity];
    const most = this.maxOrderNotionalUsd / (price + tick);
    if (wanted > most) wanted = most;
    const quantity = roundDownToLot(wanted, this.lotSize[s]);
    if (!(quantity > 0)) {
      this.sizer.rejects[SizerReject.BelowLot] += 1;
      return false;
    }
    if (!(price >= tick) || quantity * (price - tick) < this.minNotionalUsd[s]) {
      this.sizer.rejects[SizerReject.BelowMinNotional] += 1;
      return false;
    }
    out[outBase + SizedIntent.quantity] = quantity;
    out[outBase + SizedIntent.notionalUsd] = quantity * out[outBase + SizedIntent.limitPrice];
    return true;
  }

  /** The catalogued sizer at `index` (a reload may switch it; never per record). */
  private createSizer(index: number): Sizer {
    const spec = SIZERS[index];
    if (spec === undefined) throw new Error(`sizing: no sizer ${index} in the catalogue (${SIZERS.length} known)`);
    this.sizerIndex = index;
    return spec.create(this.symbolCount, {
      rejects: this.telemetry.refusals.view(0), boundCounts: this.telemetry.feed.view(0), symbolGroups: this.symbolGroups,
    });
  }

  /** Signed exposure of an instrument at its latest mid, USD. */
  exposureUsd(symbol: number): number {
    return this.positionsUsd[symbol];
  }

  private mark(s: number): void {
    this.positionsUsd[s] = exposureQty(this.emitted, this.exposure.values, this.symbolCount, s) * this.mid[s];
  }

  /**
   * L5's kill switch is tripped (daily loss, drawdown or VaR limit): an intent that would grow a
   * position is dropped and counted as `risk_halt`; one that reduces or closes it still goes out.
   */
  private addsWhileHalted(out: Float64Array, outBase: number): boolean {
    if (Atomics.load(this.rt.riskHalt, 0) === 0) return false;
    const after = out[outBase + SizedIntent.targetPositionUsd];
    if (Math.abs(after) <= Math.abs(this.positionsUsd[out[outBase + SizedIntent.instrument]])) return false;
    this.sizer.rejects[SizerReject.RiskHalt] += 1;
    return true;
  }

  /**
   * A symbol L0 flagged stale (no market data for `source.staleAfterMs`) gets no new exposure:
   * an intent that would grow the position is dropped and counted as a `stale_symbol` refusal;
   * one that reduces the position still goes out.
   */
  private addsToStale(out: Float64Array, outBase: number): boolean {
    const symbol = out[outBase + SizedIntent.instrument];
    if (this.rt.symbolGauges[symbolGaugeIndex(SymbolGauge.stale, symbol, this.symbolCount)] === 0) return false;
    const before = this.positionsUsd[symbol];
    const after = out[outBase + SizedIntent.targetPositionUsd];
    if (Math.abs(after) <= Math.abs(before)) return false;
    this.sizer.rejects[SizerReject.StaleSymbol] += 1;
    return true;
  }
}
