/**
 * L4's executor in a live session (`--live`): intents become orders at a venue through an
 * OrderGateway, and what the venue says about them becomes the same OrderEvent records the paper
 * fill engine writes, so L5, the audit trail, TCA and crash recovery cannot tell the two apart.
 *
 * Timeline of one order:
 * - `submit` writes OrderSubmitted at once (an answer lost on the way back still leaves the order
 *   on record) and sends it; the send is asynchronous and this thread keeps running.
 * - Everything the venue says afterwards arrives as a snapshot of the order (status, cumulative
 *   filled quantity, average price): the submit answer, a user-data stream report
 *   (`onVenueReport`), a reconcile lookup (`reconcile`) or a cancel answer. The events are the
 *   difference between the newest snapshot and the last one applied (venue-order-events.ts), so
 *   the same fill reported twice (answer and stream, or stream and reconcile) is booked once, and
 *   a report that arrives late and says less than what is known changes nothing.
 * - The events wait in a queue; the stage drains it into its output ring (`drain`) whenever
 *   `onPending` says there is something, outside its batches.
 *
 * Invariants:
 * - A client order id is the intent id, so a resubmission after a restart carries the same venue
 *   client order id and cannot open a second order (the gateway turns a duplicate into the first
 *   order).
 * - An order whose submit got no answer (network failure) is not assumed rejected: it is looked
 *   up by client order id until the venue says what it is or that it has no such order.
 * - Snapshots only move forward: a filled quantity below the known one, or anything after a
 *   terminal status, is ignored.
 * - Restart safety: each working order's record, and what of it has been *published* (filled
 *   quantity and notional), live in a journal in shared memory (`memory`) that outlives this
 *   thread. A restarted executor adopts them and looks each one up at the venue at once, so a
 *   fill that landed while no executor was listening, or one queued but not yet published when
 *   the thread died, is booked (once: the lookup is compared with what was published), never
 *   dropped from tracking.
 *
 * Not the per-tick path: each order and each venue answer allocates (objects, promises, HTTP).
 * The intent-to-order path that must not allocate is the paper engine's.
 */
import { copyHeader, Liquidity, OrderEvent, OrderEventType, OrderType, RecordKind, SizedIntent, TimeInForce } from '../../shm/records.js';
import { ExecutionReject, OrderEndReason, type OrderEventSink, type OrderStyle } from '../paper-fill-engine.js';
import { copyDecision, intentRefusal, nearTouchInto, writeOrderDenied } from '../order-event-records.js';
import { Deny } from '../pre-trade-checks.js';
import { LiveGatewayError } from './gateway-error.js';
import type { OrderGateway } from './order-gateway.js';
import { VenueOrderJournal } from './venue-order-journal.js';
import { isTerminalStatus, orderEventsBetween, type LiveOrderEvent, type VenueOrderSnapshot } from './venue-order-events.js';

/** How long the end of a live session waits for the venue to confirm its cancels, ms. */
export const LIVE_SETTLE_MS = 5_000;

export interface VenueExecutionOptions {
  gateway: OrderGateway;
  /** The venue's unified symbol of each instrument, by instrument index. */
  symbols: readonly string[];
  /** Fee estimate per fill, bps of notional (taker; makers use makerFeeBps). */
  feeBps: number;
  makerFeeBps: number;
  /** taker: market orders; maker: GTC limits at the near touch (post-only where the venue has it). */
  orderStyle: OrderStyle;
  /** The venue takes post-only orders (Binance does, Alpaca does not). */
  postOnly?: boolean;
  /** A maker order still working this long after it was sent is cancelled, ms. */
  makerTtlMs: number;
  maxOpenOrders: number;
  /** Refusals by EXECUTION_REJECT_REASONS (shared with the paper engine's). */
  rejects: Float64Array;
  /** Events are queued and `drain` should run (called from venue callbacks, never inside `submit`). */
  onPending: () => void;
  log: (message: string) => void;
  /**
   * The journal of working orders, `VenueExecution.bytesFor(maxOpenOrders)` bytes of shared memory
   * that outlives the thread (a restarted executor adopts what it holds); default private.
   */
  memory?: ArrayBufferLike;
  /** Time between lookups of an order whose submit went unanswered, ms (default 1000). */
  lookupRetryMs?: number;
  /** Lookups of an unanswered submit before it is taken as never placed (default 5). */
  lookupAttempts?: number;
}

interface VenueOrder {
  readonly clientOrderId: number;
  /** Its journal slot; `record` is the slot's OrderEvent record, each event written from it. */
  readonly slot: number;
  readonly record: Float64Array;
  readonly symbol: string;
  readonly instrument: number;
  readonly side: number;
  readonly quantity: number;
  readonly maker: boolean;
  /** The venue's newest snapshot applied (null: nothing heard yet). */
  last: VenueOrderSnapshot | null;
  /** A terminal event has been queued. */
  done: boolean;
  /** Quantity still counted in `openQty` (neither filled nor ended). */
  remaining: number;
  /** We asked for a cancellation, and why (OrderEndReason). */
  cancelReason: number;
  ttl: NodeJS.Timeout | null;
  /** Taken over from a predecessor's journal. */
  readonly adopted: boolean;
  /** Its submit went unanswered and the lookups could not reach the venue either: reconcile keeps asking. */
  unresolved: boolean;
  /** Settles once the submit has its answer (or its failure) applied: a cancel waits for it. */
  submitted: Promise<void>;
}


interface QueuedEvent {
  readonly order: VenueOrder;
  readonly event: LiveOrderEvent;
}

export class VenueExecution {
  /** Signed quantity still working per instrument (buys +), for the exposure sizing reads. */
  readonly openQty: Float64Array;
  /** `notPlaced`: orders that never reached the venue (refused before acting, or unknown to it after lookups). */
  readonly stats = { sent: 0, answered: 0, lookups: 0, venueRejected: 0, notPlaced: 0, lost: 0, reports: 0, staleReports: 0, reconciles: 0, sendFailures: 0 };
  private readonly orders = new Map<number, VenueOrder>();
  private readonly queue: QueuedEvent[] = [];
  private seq = 0;
  private closing = false;
  private readonly journal: VenueOrderJournal;
  /** Orders taken over from a predecessor's journal (0 on a first start). */
  readonly adoptedCount: number;

  /** Bytes of journal for `maxOpenOrders` working orders. */
  static bytesFor(maxOpenOrders: number): number {
    return VenueOrderJournal.bytesFor(maxOpenOrders);
  }

  constructor(private readonly opts: VenueExecutionOptions) {
    this.openQty = new Float64Array(opts.symbols.length);
    this.journal = new VenueOrderJournal(opts.maxOpenOrders, opts.memory);
    this.adoptedCount = this.adopt();
  }

  /** Each working order's record (an OrderEvent as last published), for the state machine to adopt. */
  forEachWorking(visit: (f64: Float64Array, base: number) => void): void {
    for (const o of this.orders.values()) if (!o.done) visit(this.journal.f64, this.journal.recordBase(o.slot));
  }

  /** Take over the working orders a predecessor's journal holds (looked up by `reconcile`). */
  private adopt(): number {
    const j = this.journal;
    let n = 0;
    for (const slot of j.activeSlots()) {
      const record = j.record(slot);
      const clientOrderId = record[OrderEvent.clientOrderId];
      const instrument = record[OrderEvent.instrument];
      const side = record[OrderEvent.side];
      const quantity = record[OrderEvent.quantity];
      const published = j.publishedQty(slot);
      const accepted = record[OrderEvent.event] !== OrderEventType.Submitted;
      const order: VenueOrder = {
        clientOrderId, slot, record, symbol: this.opts.symbols[instrument], instrument, side, quantity,
        maker: record[OrderEvent.orderType] === OrderType.Limit,
        last: accepted
          ? { venueOrderId: '', venueClientOrderId: undefined, status: 'open', filled: published, averagePrice: published > 0 ? j.publishedNotional(slot) / published : NaN, reason: '' }
          : null,
        done: false, remaining: quantity - published, cancelReason: j.cancelReason(slot), ttl: null, adopted: true, unresolved: false,
        submitted: Promise.resolve(),
      };
      this.orders.set(clientOrderId, order);
      this.openQty[instrument] += side * order.remaining;
      if (record[OrderEvent.seq] > this.seq) this.seq = record[OrderEvent.seq];
      n++;
    }
    return n;
  }

  get feeBps(): number { return this.opts.feeBps; }
  set feeBps(bps: number) { this.opts.feeBps = bps; }

  /** Continue event numbers after the last one a predecessor published. */
  resumeAfter(lastSeq: number): void {
    if (lastSeq > this.seq) this.seq = lastSeq;
  }

  /** Orders not yet ended (as far as this executor has heard). */
  workingOrders(): number {
    let n = 0;
    for (const o of this.orders.values()) if (!o.done) n++;
    return n;
  }

  /** Events waiting for `drain`. */
  pending(): number {
    return this.queue.length;
  }

  deny(intent: Float64Array, base: number, reason: number, sink: OrderEventSink): void {
    writeOrderDenied(intent, base, ++this.seq, this.opts.orderStyle === 'maker' ? OrderType.Limit : OrderType.Market, reason, sink);
  }

  /**
   * An intent becomes an order at the venue: OrderSubmitted goes to `sink` now, the request
   * leaves asynchronously. False (nothing written) when refused here, as the paper engine refuses.
   */
  submit(intent: Float64Array, base: number, sink: OrderEventSink): boolean {
    const refusal = intentRefusal(intent, base, this.opts.symbols.length);
    if (refusal >= 0) return this.reject(refusal);
    const price = intent[base + SizedIntent.limitPrice];
    const quantity = intent[base + SizedIntent.quantity];
    const side = intent[base + SizedIntent.side];
    const instrument = intent[base + SizedIntent.instrument];
    if (this.closing) return this.reject(ExecutionReject.OrderTableFull);
    const clientOrderId = intent[base + SizedIntent.seq];
    if (this.orders.has(clientOrderId)) return false;
    const slot = this.journal.claim();
    if (slot < 0) return this.reject(ExecutionReject.OrderTableFull);

    const maker = this.opts.orderStyle === 'maker';
    const r = this.journal.record(slot);
    copyHeader(intent, base, r, 0, RecordKind.OrderEvent);
    r[OrderEvent.event] = OrderEventType.Submitted;
    r[OrderEvent.clientOrderId] = clientOrderId;
    r[OrderEvent.venueOrderId] = clientOrderId;
    r[OrderEvent.intentId] = clientOrderId;
    r[OrderEvent.side] = side;
    r[OrderEvent.orderType] = maker ? OrderType.Limit : OrderType.Market;
    r[OrderEvent.timeInForce] = maker ? TimeInForce.GTC : TimeInForce.IOC;
    r[OrderEvent.quantity] = quantity;
    r[OrderEvent.limitPrice] = price;
    if (maker) nearTouchInto(intent, base, side, r, OrderEvent.limitPrice);
    r[OrderEvent.leavesQty] = quantity;
    r[OrderEvent.liquidity] = maker ? Liquidity.Maker : Liquidity.Taker;
    copyDecision(intent, base, r, 0);
    const order: VenueOrder = {
      clientOrderId, slot, record: r, symbol: this.opts.symbols[instrument], instrument, side, quantity, maker,
      last: null, done: false, remaining: quantity, cancelReason: OrderEndReason.None, ttl: null, adopted: false, unresolved: false,
      submitted: Promise.resolve(),
    };
    this.orders.set(clientOrderId, order);
    this.openQty[instrument] += side * quantity;
    this.write(order, sink);
    this.send(order);
    return true;
  }

  /** A report from the venue's own stream (or any other source) about one of our orders. */
  onVenueReport(clientOrderId: number, snapshot: VenueOrderSnapshot): void {
    const order = this.orders.get(clientOrderId);
    this.stats.reports++;
    if (order === undefined) return;
    this.apply(order, snapshot);
  }

  /**
   * Ask the venue about every order not known to be over and apply what it says: after the
   * report stream reconnects (reports may have been missed) and as a periodic safety net.
   */
  async reconcile(): Promise<void> {
    this.stats.reconciles++;
    // Orders still waiting for their submit's answer are left to it, except adopted ones (their
    // answer went to the predecessor) and unresolved ones (their lookups gave up).
    const open = [...this.orders.values()].filter((o) => !o.done && (o.last !== null || o.adopted || o.unresolved));
    await Promise.all(open.map(async (order) => {
      try {
        this.stats.lookups++;
        this.apply(order, await this.opts.gateway.fetchOrder(order.clientOrderId, order.symbol));
      } catch (error) {
        // A predecessor's order, or an unanswered one, the venue never received: it never reached the book.
        if ((order.adopted || order.unresolved) && order.last === null && error instanceof LiveGatewayError && error.failure === 'not_found') {
          this.never(order, order.adopted ? 'the venue has no such order (its submit died with the previous executor)' : 'the venue has no such order');
          return;
        }
        this.opts.log(`reconcile: order ${order.clientOrderId} (${order.symbol}) could not be looked up: ${(error as Error).message}`);
      }
    }));
  }

  /**
   * The session ends: no new orders, every working order is cancelled at the venue and the
   * answers applied (bounded by `timeoutMs`). Orders the venue still reports working afterwards
   * are named in the log and left on record as working: only the venue can end them.
   */
  async cancelAll(timeoutMs: number, reason: number = OrderEndReason.SessionEnd): Promise<void> {
    this.closing = true;
    const working = [...this.orders.values()].filter((o) => !o.done);
    const cancels = Promise.all(working.map((order) => this.cancel(order, reason)));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([cancels, new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs); })]);
    clearTimeout(timer);
    for (const order of this.orders.values()) {
      if (order.ttl !== null) clearTimeout(order.ttl);
      if (!order.done) this.opts.log(`order ${order.clientOrderId} (${order.symbol}) is still working at the venue after the session's cancel; it stays open on record`);
    }
  }

  /** Write every queued event to `sink`; `ts[tsIndex]`: event time, µs. Returns how many. */
  drain(sink: OrderEventSink, ts: Float64Array, tsIndex: number): number {
    let n = 0;
    while (this.queue.length > 0) {
      const { order, event } = this.queue.shift()!;
      const r = order.record;
      r[OrderEvent.ts] = ts[tsIndex];
      r[OrderEvent.event] = event.event;
      r[OrderEvent.lastQty] = event.lastQty;
      r[OrderEvent.lastPrice] = event.lastPrice;
      r[OrderEvent.cumQty] = event.cumQty;
      r[OrderEvent.leavesQty] = event.leavesQty;
      const fill = event.event === OrderEventType.Filled || event.event === OrderEventType.PartiallyFilled;
      // The venue's own commission when it charged the quote currency; otherwise the configured rate.
      const feeBps = order.maker ? this.opts.makerFeeBps : this.opts.feeBps;
      r[OrderEvent.feeUsd] = !fill ? 0 : event.feeQuote !== undefined ? event.feeQuote : event.lastQty * event.lastPrice * feeBps * 1e-4;
      r[OrderEvent.reason] = event.event === OrderEventType.Rejected ? Deny.venue_rejected
        : event.event === OrderEventType.Cancelled || event.event === OrderEventType.Expired
          ? (order.cancelReason !== OrderEndReason.None ? order.cancelReason : OrderEndReason.Venue) : 0;
      this.write(order, sink);
      // Published: the journal says so, and a terminal event frees the slot.
      if (fill) this.journal.published(order.slot, event.cumQty, event.lastQty * event.lastPrice);
      if (event.event !== OrderEventType.Accepted && event.event !== OrderEventType.PartiallyFilled) {
        this.journal.release(order.slot);
        this.orders.delete(order.clientOrderId);
      }
      n++;
    }
    return n;
  }

  // --- the venue side -----------------------------------------------------------------------------

  private send(order: VenueOrder): void {
    const r = order.record;
    this.stats.sent++;
    const request = this.opts.gateway.submit({
      clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side,
      orderType: r[OrderEvent.orderType], timeInForce: order.maker ? TimeInForce.GTC : TimeInForce.IOC,
      quantity: order.quantity, limitPrice: r[OrderEvent.limitPrice], postOnly: order.maker && this.opts.postOnly !== false ? true : undefined,
    });
    order.submitted = request.then((answer) => {
      this.stats.answered++;
      if (answer.snapshot !== null) this.apply(order, answer.snapshot);
      else this.queueEvents(order, answer.events);
      if (order.maker && !order.done) this.armTtl(order);
    }, (error: unknown) => {
      this.stats.sendFailures++;
      const message = (error as Error).message;
      // Refused before acting (keys, rate limit, an order the venue cannot take): never placed.
      if (error instanceof LiveGatewayError && !error.outcomeUnknown && error.failure !== 'network') {
        this.never(order, message);
        return;
      }
      // No answer is not a refusal: the order may be at the venue. Look it up by client order id.
      this.opts.log(`order ${order.clientOrderId} (${order.symbol}): no answer to the submit (${message}); looking it up`);
      void this.lookUp(order, this.opts.lookupAttempts ?? 5);
    });
  }

  private async lookUp(order: VenueOrder, attemptsLeft: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.opts.lookupRetryMs ?? 1000));
    this.stats.lookups++;
    try {
      this.apply(order, await this.opts.gateway.fetchOrder(order.clientOrderId, order.symbol));
    } catch (error) {
      // A report from the stream arrived meanwhile: the venue has the order, reconcile follows it.
      if (order.done || order.last !== null) return;
      if (attemptsLeft > 1) return this.lookUp(order, attemptsLeft - 1);
      const attempts = this.opts.lookupAttempts ?? 5;
      // Only the venue saying it has no such order means it never took it. A venue that could not
      // be asked (down, rate limiting, unreadable answers) may be working or filling the order.
      if (!(error instanceof LiveGatewayError && error.failure === 'not_found')) {
        order.unresolved = true;
        this.opts.log(`order ${order.clientOrderId} (${order.symbol}): state unknown, ${attempts} lookups got no answer (${(error as Error).message}); `
          + 'it stays working on record and is looked up again on every reconcile');
        return;
      }
      this.stats.lost++;
      this.never(order, `not found at the venue after ${attempts} lookups: ${(error as Error).message}`);
    }
  }

  /** The order never reached the book: an OrderRejected. */
  private never(order: VenueOrder, reason: string): void {
    this.stats.notPlaced++;
    this.opts.log(`order ${order.clientOrderId} (${order.symbol}) not placed: ${reason}`);
    this.queueEvents(order, [{
      event: OrderEventType.Rejected, clientOrderId: order.clientOrderId, venueOrderId: '', lastQty: 0, lastPrice: 0,
      cumQty: 0, leavesQty: 0, reason,
    }], false);
  }

  private cancel(order: VenueOrder, reason: number): Promise<void> {
    if (order.cancelReason === OrderEndReason.None) {
      order.cancelReason = reason;
      this.journal.setCancelReason(order.slot, reason);
    }
    // Not before the submit is answered: a cancel can overtake its submit on the way to the venue,
    // find no such order, and leave the order to rest there once it arrives.
    return order.submitted.then(async () => {
      if (order.done) return;
      const answer = await this.opts.gateway.cancel(order.clientOrderId, order.symbol);
      if (answer.snapshot !== null) this.apply(order, answer.snapshot);
      if (!order.done) this.apply(order, await this.opts.gateway.fetchOrder(order.clientOrderId, order.symbol));
    }).catch((error: unknown) => {
      this.opts.log(`order ${order.clientOrderId} (${order.symbol}): cancel failed: ${(error as Error).message}`);
    });
  }

  private armTtl(order: VenueOrder): void {
    if (!(this.opts.makerTtlMs > 0) || order.ttl !== null) return;
    order.ttl = setTimeout(() => {
      order.ttl = null;
      if (!order.done) void this.cancel(order, OrderEndReason.MakerTtl);
    }, this.opts.makerTtlMs);
    order.ttl.unref();
  }

  /** The venue's newest view of `order`: its events, if it says more than what is known. */
  private apply(order: VenueOrder, next: VenueOrderSnapshot): void {
    const last = order.last;
    if (order.done || (last !== null && (isTerminalStatus(last.status) || next.filled < last.filled))) {
      this.stats.staleReports++;
      return;
    }
    if (next.status === 'unknown' && !(next.filled > (last?.filled ?? 0))) return;
    const events = orderEventsBetween(order.clientOrderId, order.quantity, last, next);
    order.last = next;
    this.queueEvents(order, events);
  }

  /** `byVenue`: the events are the venue's word (false: our conclusion that it never got the order). */
  private queueEvents(order: VenueOrder, events: readonly LiveOrderEvent[], byVenue = true): void {
    if (events.length === 0) return;
    for (const event of events) {
      if (order.done) break;
      this.queue.push({ order, event });
      if (event.event === OrderEventType.Filled || event.event === OrderEventType.PartiallyFilled) {
        const qty = Math.min(event.lastQty, order.remaining);
        this.openQty[order.instrument] -= order.side * qty;
        order.remaining -= qty;
      }
      if (event.event === OrderEventType.Rejected && byVenue) {
        this.stats.venueRejected++;
        this.opts.log(`order ${order.clientOrderId} (${order.symbol}) rejected by the venue: ${event.reason}`);
      }
      if (event.event === OrderEventType.Filled || event.event === OrderEventType.Cancelled
        || event.event === OrderEventType.Expired || event.event === OrderEventType.Rejected) {
        // Over: what never filled will never be a position.
        order.done = true;
        this.openQty[order.instrument] -= order.side * order.remaining;
        order.remaining = 0;
        if (order.ttl !== null) { clearTimeout(order.ttl); order.ttl = null; }
      }
    }
    this.opts.onPending();
  }

  private write(order: VenueOrder, sink: OrderEventSink): void {
    const r = order.record;
    r[OrderEvent.seq] = ++this.seq;
    const event = r[OrderEvent.event];
    // A fill's trade id is its event number, as the paper engine's: unique per producer.
    r[OrderEvent.tradeId] = event === OrderEventType.Filled || event === OrderEventType.PartiallyFilled ? r[OrderEvent.seq] : 0;
    const out = sink.claim();
    const f = sink.f64;
    for (let k = 0; k < OrderEvent.f64; k++) f[out + k] = r[k];
    sink.commit(out);
  }

  private reject(reason: number): boolean {
    this.opts.rejects[reason] += 1;
    return false;
  }
}
