/**
 * L5's stage: read the order events execution published, book the fills into the portfolio,
 * value the book at the market prices L0 publishes on its side input (`marks`: the touch of
 * each instrument, valued at the mid), feed the VaR model those prices, and publish the
 * snapshot that sizing and the metrics read. Without marks an open position would keep the
 * price of its last fill however far the market moved. Every order event it takes in also goes to
 * the session's audit trail (compliance/order-audit.ts), when there is one.
 *
 * What is skipped, and why:
 * - events the portfolio already includes (event seq <= its last seq): a restarted L5 restores the
 *   snapshot its predecessor published and the ring still holds the events of the batch that
 *   crashed;
 * - a fill whose (venue, trade id) was booked before: a venue's resend.
 * Both count as `duplicates_skipped`; a fill the portfolio refuses counts as `bad_input` (and by
 * reason in L5's refusal block).
 *
 * Replays: L0 runs far ahead of the fills (in the layered and fused placements, by years of event time), so
 * a mark could value a position at a price years after the fill that is still on its way, and
 * the drawdown and loss limits would trip on a book that never existed. There a mark waits on its
 * ring (`processSide` returns false) until execution's Watermark records on the order-events ring
 * say every market state up to its origin has met the orders, so the fills they made are booked
 * first; and before an order event is booked, the marks of earlier
 * events still on the ring are taken (`catchUpMarks`), so fills and marks meet the book in the
 * order of their events in every placement, whatever the threads' timing. Escape hatch, as in
 * execution: marks that cannot move while
 * nothing is on its way from sizing or execution are taken anyway, counted as `market_forced`.
 */
import { Portfolio, PortfolioSnapshot } from '../../risk/portfolio.js';
import { ParametricVar } from '../../risk/parametric-var.js';
import { HistoricalPortfolioVar, VarMethod } from '../../risk/historical-portfolio-var.js';
import { SeenTrades } from '../../risk/seen-trades.js';
import { OrderAudit } from '../../compliance/order-audit.js';
import { killSwitchTripLine, RiskLimit, RiskLimits, RISK_HALT_REASONS, RISK_LIMIT_SLOTS } from '../../risk/risk-limits.js';
import { BookTop, Header, OrderEvent, OrderEventType, RecordKind } from '../../shm/records.js';
import type { SpscRing } from '../../shm/spsc-ring.js';
import { READ_FAILED, type SeqlockBlock } from '../../shm/seqlock-block.js';
import { RuntimeParam } from '../../pipeline/params.js';
import { Counter, SymbolGauge, symbolGaugeIndex, type LayerTelemetry } from '../../pipeline/telemetry.js';
import type { LayerRuntime } from '../layer-runtime.js';
import type { PipelineStage } from './pipeline-stage.js';

/** ES / VaR of a normal distribution at 99%: phi(z) / (1 - 0.99) / z with z = 2.3263. */
const GAUSSIAN_ES_OVER_VAR_99 = 2.665_214_220 / 2.326_347_874;

export class RiskStage implements PipelineStage {
  readonly portfolio: Portfolio;
  private readonly risk: ParametricVar;
  private readonly historicalVar: HistoricalPortfolioVar;
  private readonly seenTrades = new SeenTrades();
  private readonly block: SeqlockBlock;
  private readonly snapshot: Float64Array;
  private readonly symbolCount: number;
  /** L5's telemetry (this stage may share a thread that answers as another layer). */
  private readonly telemetry: LayerTelemetry;
  /** [fills booked, orders seen] this batch */
  private readonly counts = new Int32Array(2);
  /** A mark's [mid, time µs], handed to the VaR models in an array (never boxed). */
  private readonly mark = new Float64Array(2);
  private readonly limits = new RiskLimits();
  private readonly limitInputs = new Float64Array(RISK_LIMIT_SLOTS);
  /** The session's audit trail (null when pipeline.dataDir is ""). */
  private readonly audit: OrderAudit | null;
  /** [origin up to which execution has applied the market, tries a held mark has waited] */
  private readonly progress = new Float64Array(2);
  /** Marks wait for execution's progress (replays: see the header). */
  private readonly marksWait: boolean;
  private readonly marksRing: SpscRing | null;
  /** Sizing's and execution's outputs: while they hold records, progress is on its way. */
  private readonly upstream: readonly SpscRing[];

  constructor(private readonly rt: LayerRuntime) {
    this.symbolCount = rt.config.symbols.length;
    this.telemetry = rt.telemetryOf('L5');
    this.block = rt.portfolioWriter();
    this.snapshot = new Float64Array(this.block.fieldCount);
    this.portfolio = new Portfolio(this.symbolCount, rt.params[RuntimeParam.equityUsd], this.telemetry.refusals.view(0));
    this.risk = new ParametricVar(this.symbolCount);
    // A stock's day is its 6.5 h session (390 one-minute moves), crypto's all 24 h.
    this.historicalVar = new HistoricalPortfolioVar(this.symbolCount, { intervalsPerDay: rt.config.assetClass === 'stocks' ? 390 : 1440 });
    // A restarted L5 resumes from its predecessor's last snapshot; so does the first L5 of a
    // session resumed after a crash (the block holds the book rebuilt from the audit trail).
    if (rt.restarts > 0 || this.block.version() !== 0) {
      // A predecessor terminated mid-write left half of one snapshot and half of the next: booking
      // from that could count a fill twice or lose one, so it is no better than an empty book.
      if (this.block.read(this.snapshot) === READ_FAILED) {
        throw new Error('L5: the portfolio snapshot block holds no consistent snapshot (the previous L5 stopped mid-write); '
          + 'refusing to restart from a book that may mix two snapshots');
      }
      if (!this.portfolio.restoreSnapshot(this.snapshot)) throw new Error('L5: the last portfolio snapshot is unusable; refusing to restart from an empty book');
    }
    this.audit = rt.auditDir === null ? null
      : new OrderAudit(rt.auditDir, rt.config.symbols, { execution: rt.config.execution.mode, assetClass: rt.config.assetClass, source: rt.config.source.kind });
    this.marksWait = rt.config.source.kind === 'replay';
    this.marksRing = this.marksWait ? rt.ring('marks') : null;
    this.upstream = this.marksWait ? [rt.ring('intents'), rt.ring('order_events')] : [];
    this.limits.restore(Atomics.load(rt.riskHalt, 0));
    // A reloaded risk.equityUsd is a deposit or withdrawal: the book and its snapshot show it at once.
    rt.onParamsChange(() => {
      if (this.portfolio.setStartingEquity(rt.params[RuntimeParam.equityUsd])) this.publish();
      // A reload is the operator's word: the kill switch starts over from the book as it is.
      if (this.limits.reason() !== 0) rt.log(`kill switch re-armed by a config reload (was tripped by ${RISK_HALT_REASONS[this.limits.reason()]})`);
      this.limits.rearm();
      this.checkLimits();
    });
    this.publish();
  }

  beginBatch(): void {
    this.counts[0] = 0;
    this.counts[1] = 0;
  }

  /** One order event: book it if it is a fill not seen before. */
  process(f64: Float64Array, base: number): void {
    if (f64[base + Header.kind] === RecordKind.Watermark) {
      if (f64[base + Header.origin] > this.progress[0]) this.progress[0] = f64[base + Header.origin];
      return;
    }
    if (this.marksWait) this.catchUpMarks(f64[base + Header.origin]);
    const counters = this.telemetry.counters;
    const portfolio = this.portfolio;
    if (f64[base + OrderEvent.seq] <= portfolio.lastEventSeq()) { counters.inc(Counter.duplicates_skipped); return; }
    this.rt.clock.advanceFrom(f64, base + OrderEvent.ts);
    this.audit?.onOrderEvent(f64, base);
    const type = f64[base + OrderEvent.event];
    if (type !== OrderEventType.Filled && type !== OrderEventType.PartiallyFilled) {
      if (type === OrderEventType.Submitted) this.counts[1]++;
      portfolio.noteEvent(f64, base);
      return;
    }
    if (!this.seenTrades.add(f64, base + OrderEvent.tradeId, base + OrderEvent.venue)) {
      counters.inc(Counter.duplicates_skipped);
      portfolio.noteEvent(f64, base);
      return;
    }
    if (!portfolio.onFill(f64, base)) { counters.inc(Counter.bad_input); portfolio.noteEvent(f64, base); return; }
    this.rt.symbolGauges[symbolGaugeIndex(SymbolGauge.fills, f64[base + OrderEvent.instrument], this.symbolCount)]++;
    this.counts[0]++;
  }

  /** Side input 0, `marks`: the touch of an instrument; the book and VaR take its mid. False: not yet (see the header). */
  processSide(_k: number, f64: Float64Array, base: number): boolean {
    if (this.marksWait && f64[base + Header.origin] > this.progress[0] && !this.marksStuck()) return false;
    this.progress[1] = 0;
    this.takeMark(f64, base);
    return true;
  }

  /**
   * Before an order event of `origin`: take the marks of earlier events that are on the ring (L0
   * publishes a mark with its event, so they are there by now), in ring order.
   */
  private catchUpMarks(origin: number): void {
    const ring = this.marksRing!;
    const f = ring.f64;
    for (;;) {
      const n = ring.available();
      let taken = 0;
      while (taken < n && f[ring.readIndex(taken) + Header.origin] < origin) {
        this.takeMark(f, ring.readIndex(taken));
        taken++;
      }
      if (taken > 0) {
        ring.release(taken);
        this.telemetry.counters.inc(Counter.side_records_in, taken);
      }
      if (taken < n || n === 0) return;
    }
  }

  /**
   * The escape hatch: the marks ring is half full and nothing is on its way from sizing or
   * execution, several tries in a row (the host parks between tries); execution is gone or has
   * nothing left to apply, and holding the marks would leave the book unvalued.
   */
  private marksStuck(): boolean {
    const marks = this.marksRing!;
    if (marks.available() * 2 < marks.capacity) return false;
    for (let r = 0; r < this.upstream.length; r++) {
      if (this.upstream[r].size() > 0) { this.progress[1] = 0; return false; }
    }
    if (++this.progress[1] < 3) return false;
    this.telemetry.counters.inc(Counter.market_forced);
    return true;
  }

  private takeMark(f64: Float64Array, base: number): void {
    this.rt.clock.advanceFrom(f64, base + BookTop.ts);
    const instrument = f64[base + BookTop.instrument];
    const mid = (f64[base + BookTop.bidPrice] + f64[base + BookTop.askPrice]) * 0.5;
    if (!this.portfolio.mark(instrument, mid)) { this.telemetry.counters.inc(Counter.bad_input); return; }
    const mark = this.mark;
    mark[0] = mid;
    mark[1] = f64[base + BookTop.ts];
    this.risk.onMarkFrom(mark, instrument);
    this.historicalVar.onMarkFrom(mark, instrument);
  }

  /** Publish the snapshot once per batch, whatever the batch held, and check the kill switch. */
  endBatch(): void {
    // The trail first: the snapshot about to say these fills are booked must not outrun it.
    this.audit?.writeOut();
    this.audit?.flushIfDue();
    this.publish();
    this.checkLimits();
    const counters = this.telemetry.counters;
    counters.inc(Counter.fills_booked, this.counts[0]);
    counters.inc(Counter.orders_seen, this.counts[1]);
  }

  /**
   * A last snapshot once the order events stop, whatever the final batch held. A replay's marks
   * held for execution's progress are taken first: no order event can come before them now, and
   * left on the ring they would never value the book (the drain would end with them undrained).
   */
  shutdown(): void {
    if (this.marksWait) this.catchUpMarks(Infinity);
    this.audit?.close();
    this.publish();
  }

  /** Compare the book with the limits; publish a trip (or its end) for sizing and execution. */
  private checkLimits(): void {
    const p = this.rt.params;
    const inputs = this.limitInputs;
    inputs[RiskLimit.maxDailyLossPct] = p[RuntimeParam.maxDailyLossPct];
    inputs[RiskLimit.maxDrawdownPct] = p[RuntimeParam.maxDrawdownPct];
    inputs[RiskLimit.maxVarPct] = p[RuntimeParam.maxVarPct];
    this.rt.clock.writeTo(inputs, RiskLimit.nowUs);
    const before = Atomics.load(this.rt.riskHalt, 0);
    const reason = this.limits.check(this.snapshot, inputs);
    if (reason === before) return;
    Atomics.store(this.rt.riskHalt, 0, reason);
    if (reason !== 0) {
      this.rt.log(killSwitchTripLine(reason, this.limits.trippedAt()));
    }
  }

  private publish(): void {
    this.portfolio.writeSnapshot(this.snapshot);
    this.writeVar();
    this.block.write(this.snapshot);
  }

  /**
   * VaR and ES by the configured method; the parametric model until the historical ones have
   * enough minutes of marks (the snapshot's varMethod says which one answered).
   */
  private writeVar(): void {
    const s = this.snapshot;
    const method = this.rt.params[RuntimeParam.varMethod];
    if (method !== VarMethod.parametric
      && this.historicalVar.estimate(s, PortfolioSnapshot.positionUsd, s[PortfolioSnapshot.equity], method)) {
      s[PortfolioSnapshot.varPct] = this.historicalVar.result[0] * 100;
      s[PortfolioSnapshot.esPct] = this.historicalVar.result[1] * 100;
      s[PortfolioSnapshot.varMethod] = method;
      return;
    }
    this.risk.writeVarPct(s);
    s[PortfolioSnapshot.esPct] = s[PortfolioSnapshot.varPct] * GAUSSIAN_ES_OVER_VAR_99;
    s[PortfolioSnapshot.varMethod] = VarMethod.parametric;
  }
}
