/**
 * The paper fill engine: L4's default execution. Orders fill against the market as L0 saw it
 * (MarketState records: the book's top levels and the trades), after the decision, never at the
 * price the decision was made at:
 *
 * - An order is Submitted when its intent arrives and reaches the simulated venue `latencyUs` of
 *   event time later, at the first market state of its instrument that is both at least that late
 *   and strictly after the event it was decided on (origin): Accepted there, then
 * - a taker (a market order, the default) walks that state's opposite side best first: one fill
 *   per level taken, each a PartiallyFilled or, for the last, Filled. What is left once the
 *   visible levels are used up fills in one more trade at the worst visible price made
 *   `beyondDepthBps` worse (fill reason `beyond_visible_depth`): a market order on a venue fills,
 *   at a price the visible book can only bound. The levels it took are gone from the engine's
 *   copy of the book until the next state of the instrument replaces them, so two orders in a row
 *   do not both take the same liquidity. A taker always fills in full, which is what keeps
 *   sizing's view of its exposure exact whatever the threads' timing (see execution-exposure.ts);
 *   only an instrument with no level at all on that side cancels it (`no_book`);
 * - a maker (GTC limit at its own side's touch, `orderStyle: maker`) joins the back of its price
 *   level's queue (queue-position.ts: risk_averse or power model) and fills only as trades at its
 *   price eat through the queue ahead of it, or in full when a trade prints through its price;
 *   one that would cross the book when it arrives takes liquidity as a taker up to its price; one
 *   still resting `makerTtlUs` after acceptance (or after its last re-post) has most likely been
 *   left behind by the market or sits behind a long queue: it is re-posted at its side's current
 *   touch, an OrderReplaced (`maker_ttl`) at the back of that level's queue, up to `makerReplaces`
 *   times (one already at the touch keeps its place: re-posting would only lose it, but the round
 *   counts), and then Cancelled (`maker_ttl`), or with `makerExpiry: cross` turned into a taker
 *   for what is left (an OrderReplaced to a market order, then its fills). Partial fills and
 *   cancels change the exposure sizing sizes against at a moment that depends on the threads'
 *   timing: maker sessions are deterministic in the single-thread placement (backtests), not
 *   across placements.
 *
 * - a large taker may be sliced over time (`slicing`, order-slicing.ts): still one order, taking
 *   a slice of its quantity at each due market state (TWAP, or a share of the volume traded).
 *
 * Fees: `feeBps` of each taker fill's notional, `makerFeeBps` of each maker fill's, unless the
 * instrument's venue has its own tier (`instrumentFees`). Everything
 * runs in event time, so the same records give the same fills, byte for byte.
 *
 * Client order ids: an order's is its intent's id; an intent the router split across venues
 * (routing/routed-orders.ts) makes several orders, and its part number k > 0 is added as
 * k x ROUTED_PART_ID_STRIDE (part 2 of intent 42 is 2000000000042), so every id stays unique and
 * still reads as its intent.
 *
 * Event numbers (header `seq`) increase by one per event this engine writes; a restarted engine
 * continues from the last one its predecessor published (`resumeAfter`). A fill's trade id is its
 * event number: unique per producer, which is what risk de-duplicates fills by.
 *
 * Refusals (return false, `rejects[reason] += 1`, nothing written): price NaN/infinite/<= 0,
 * quantity NaN/infinite/<= 0, side not +-1, instrument outside the session, order table full. An
 * order is never sent on a NaN.
 *
 * Hot path: `submit` and `onMarket` allocate nothing (orders live in preallocated slots; doubles
 * stay in typed arrays).
 *
 * One file, longer than most: the order slots, the book copies and both order styles share one
 * memory layout (`bytesFor`), which a restarted engine resumes from, so they change together.
 */
import {
  copyHeader, Liquidity, MARKET_STATE_LEVELS, MarketState, OrderEvent, OrderEventType, OrderType, RecordKind, SizedIntent, TimeInForce,
} from '../shm/records.js';
import { BookDepth } from '../data/book/book-depth-block.js';
import { SliceMode, SliceSetting, sliceSettingsOf, type OrderSlicing } from './order-slicing.js';
import { QueueIo, QueueSlots, type QueueModelName } from './queue-position.js';
import { copyDecision, intentRefusal, nearTouchInto, writeOrderDenied } from './order-event-records.js';

export const ExecutionReject = { BadPrice: 0, BadQuantity: 1, BadSide: 2, BadSymbol: 3, OrderTableFull: 4 } as const;
export const EXECUTION_REJECT_REASONS = ['bad_price', 'bad_quantity', 'bad_side', 'bad_symbol', 'order_table_full'] as const;

/** Added per part number to the client order id of a routed intent's further orders (see the header). */
export const ROUTED_PART_ID_STRIDE = 1e12;

/** Why an order ended unfilled (OrderEvent.reason on its Cancelled or Expired event). */
export const OrderEndReason = { None: 0, NoBook: 1, MakerTtl: 2, SessionEnd: 3, Venue: 4 } as const;
/** `venue`: a live venue ended the order on its own (liquidity ran out, self-trade prevention...). */
export const ORDER_END_REASONS = ['', 'no_book', 'maker_ttl', 'session_end', 'venue'] as const;
/** OrderEvent.reason on a fill: how its price was found. */
export const FillReason = { VisibleLevel: 0, BeyondVisibleDepth: 1 } as const;

export const ORDER_STYLES = ['taker', 'maker'] as const;
export const MAKER_EXPIRIES = ['cancel', 'cross'] as const;
export type MakerExpiry = (typeof MAKER_EXPIRIES)[number];
export type OrderStyle = (typeof ORDER_STYLES)[number];

/** Where the engine writes events: a slot to write, then commit (an OutputPort fits). */
export interface OrderEventSink {
  readonly f64: Float64Array;
  claim(): number;
  commit(base: number): void;
}

export interface PaperFillEngineOptions {
  instruments: number;
  /** Taker fee, bps of notional (reloadable through `feeBps`). */
  feeBps: number;
  makerFeeBps?: number;
  /** Event time from an intent to its order reaching the venue, µs. */
  latencyUs?: number;
  /** A taker's quantity past the visible levels fills at the worst visible price this much worse. */
  beyondDepthBps?: number;
  orderStyle?: OrderStyle;
  /** A maker still resting this long after acceptance (or its last re-post) is re-posted or ended, µs. */
  makerTtlUs?: number;
  /** Re-posts at the touch per maker before it ends (default 0: cancelled at its first TTL). */
  makerReplaces?: number;
  /** A maker out of re-posts: cancelled (default) or crossed, its rest taken as a taker. */
  makerExpiry?: MakerExpiry;
  queueModel?: QueueModelName;
  /** Orders working at once; an intent beyond it is refused (order_table_full). */
  maxOpenOrders?: number;
  /**
   * Per instrument, its venue's own taker and maker fee in bps (execution.venueFees); NaN where
   * the venue pays the engine's `feeBps` / `makerFeeBps`.
   */
  instrumentFees?: { takerBps: Float64Array; makerBps: Float64Array };
  /** Slice large takers over time (order-slicing.ts); absent or `immediate`: every taker at once. */
  slicing?: OrderSlicing;
  /** Count refusals here (one slot per EXECUTION_REJECT_REASONS entry) instead of a private array. */
  rejects?: Float64Array;
  /**
   * Keep the state (working orders, book copies, counters) in this buffer of
   * `bytesFor(instruments, maxOpenOrders)` bytes, e.g. shared memory that outlives the thread: an
   * engine built on a buffer a predecessor used carries on with its working orders.
   */
  memory?: ArrayBufferLike;
}

/** Engine-wide slots (a typed array, so updates never box a double). */
const E = {
  FeeBps: 0, MakerFeeBps: 1, LatencyUs: 2, BeyondDepth: 3, MakerTtlUs: 4, Seq: 5, Open: 6, Submitted: 7,
  // A fill's quantity, price and fee rate on their way into `fill`: a double passed to a call the
  // compiler does not inline is boxed, and this class's calls are too big to inline.
  FillQty: 8, FillPrice: 9, FillFee: 10, Initialized: 11,
  // One past the highest slot in use: the scans over working orders stop there.
  Used: 12,
  // Most a `take` may fill (Infinity but for a slice), and sliced orders working.
  TakeCap: 13, Sliced: 14,
  // Re-posts a maker gets, 1 when one out of them crosses, and makers whose TTL ran out at the state being met.
  MakerReplaces: 15, MakerCross: 16, Expiring: 17,
} as const;
/**
 * Per order slot, besides its OrderEvent template. A sliced order (order-slicing.ts) has its
 * SliceMode, the twap slices it has left, when its next slice is due and the volume traded since its last.
 */
const M = {
  active: 0, dueTs: 1, origin: 2, accepted: 3, expiresTs: 4, maker: 5, sliced: 6, slicesLeft: 7, nextSliceTs: 8, volume: 9,
  // A maker's re-posts so far, and 1 while its TTL has run out at the state being met.
  replaces: 10, expiring: 11,
} as const;
const M_F64 = 12;
/** Per instrument book copy: bids then asks, L prices and L quantities each, then `valid` and its state's event time. */
const L = MARKET_STATE_LEVELS;
const BOOK_F64 = 4 * L + 2;
const ENGINE_F64 = 18;
/** E.Initialized holds this once a buffer has been laid out by an engine. */
const INITIALIZED = 0x7b5e;
const B = { bidPx: 0, bidQty: L, askPx: 2 * L, askQty: 3 * L, valid: 4 * L, ts: 4 * L + 1 } as const;

export class PaperFillEngine {
  readonly rejects: Float64Array;
  /** Signed quantity still working per instrument (buys +), for the exposure sizing reads. */
  readonly openQty: Float64Array;
  private readonly n: number;
  private readonly maxOrders: number;
  private readonly s: Float64Array;
  private readonly orders: Float64Array;
  private readonly meta: Float64Array;
  private readonly queues: QueueSlots;
  private readonly books: Float64Array;
  /** Working orders per instrument, so a market state for an idle instrument costs one load. */
  private readonly working: Int32Array;
  private readonly makerStyle: boolean;
  /**
   * Per instrument, the taker and maker fee its fills pay, bps: its venue's own tier, else the
   * engine's `feeBps` / `makerFeeBps` (kept current when `feeBps` is reloaded). Read by whoever
   * prices an order before it is sent (the maker-or-taker rule, the router).
   */
  readonly takerFeeBpsOf: Float64Array;
  readonly makerFeeBpsOf: Float64Array;
  /** Per instrument, 1 when its venue has its own taker tier (a `feeBps` reload leaves it alone). */
  private readonly ownTakerTier: Uint8Array;
  /** SliceSetting slots (order-slicing.ts). */
  private readonly slicing: Float64Array;

  constructor(opts: PaperFillEngineOptions) {
    const check = (name: string, v: number, ok: boolean): void => {
      if (!ok) throw new Error(`paper fill engine: ${name} is out of range: ${v}`);
    };
    check('instruments', opts.instruments, Number.isInteger(opts.instruments) && opts.instruments > 0);
    check('feeBps', opts.feeBps, opts.feeBps >= 0 && opts.feeBps < Infinity);
    const makerFee = opts.makerFeeBps ?? opts.feeBps;
    check('makerFeeBps', makerFee, makerFee >= -100 && makerFee < Infinity);
    const latency = opts.latencyUs ?? 0;
    check('latencyUs', latency, latency >= 0 && latency < Infinity);
    const beyond = opts.beyondDepthBps ?? 10;
    check('beyondDepthBps', beyond, beyond >= 0 && beyond < 10_000);
    const ttl = opts.makerTtlUs ?? 30e6;
    check('makerTtlUs', ttl, ttl > 0 && ttl < Infinity);
    const replaces = opts.makerReplaces ?? 0;
    check('makerReplaces', replaces, Number.isInteger(replaces) && replaces >= 0);
    if (opts.makerExpiry !== undefined && !MAKER_EXPIRIES.includes(opts.makerExpiry)) {
      throw new Error(`paper fill engine: makerExpiry must be one of ${MAKER_EXPIRIES.join(', ')}, got ${opts.makerExpiry}`);
    }
    this.maxOrders = opts.maxOpenOrders ?? 256;
    check('maxOpenOrders', this.maxOrders, Number.isInteger(this.maxOrders) && this.maxOrders > 0);
    if (opts.rejects && opts.rejects.length < EXECUTION_REJECT_REASONS.length) {
      throw new Error(`paper fill engine: rejects needs ${EXECUTION_REJECT_REASONS.length} slots, got ${opts.rejects.length}`);
    }
    if (opts.orderStyle !== undefined && !ORDER_STYLES.includes(opts.orderStyle)) {
      throw new Error(`paper fill engine: orderStyle must be one of ${ORDER_STYLES.join(', ')}, got ${opts.orderStyle}`);
    }
    this.rejects = opts.rejects ?? new Float64Array(EXECUTION_REJECT_REASONS.length);
    this.n = opts.instruments;
    this.slicing = sliceSettingsOf(opts.slicing);
    this.takerFeeBpsOf = new Float64Array(this.n).fill(opts.feeBps);
    this.makerFeeBpsOf = new Float64Array(this.n).fill(makerFee);
    this.ownTakerTier = new Uint8Array(this.n);
    const own = opts.instrumentFees;
    if (own !== undefined) {
      if (own.takerBps.length !== this.n || own.makerBps.length !== this.n) throw new Error(`paper fill engine: instrumentFees needs ${this.n} entries per side`);
      own.takerBps.forEach((bps, s) => check(`instrumentFees.takerBps[${s}]`, bps, bps !== bps || (bps >= 0 && bps < Infinity)));
      own.makerBps.forEach((bps, s) => check(`instrumentFees.makerBps[${s}]`, bps, bps !== bps || (bps >= -100 && bps < Infinity)));
      for (let s = 0; s < this.n; s++) {
        if (own.takerBps[s] === own.takerBps[s]) { this.takerFeeBpsOf[s] = own.takerBps[s]; this.ownTakerTier[s] = 1; }
        if (own.makerBps[s] === own.makerBps[s]) this.makerFeeBpsOf[s] = own.makerBps[s];
      }
    }
    this.makerStyle = opts.orderStyle === 'maker';
    const bytes = PaperFillEngine.bytesFor(this.n, this.maxOrders);
    const memory = opts.memory ?? new ArrayBuffer(bytes);
    if (memory.byteLength !== bytes) {
      throw new Error(`paper fill engine: its memory must be ${bytes} bytes for ${this.n} instruments and ${this.maxOrders} orders, got ${memory.byteLength}`);
    }
    // One buffer, carved in a fixed order (bytesFor adds up the same sizes).
    let at = 0;
    const carve = (f64: number): Float64Array => { const view = new Float64Array(memory, at, f64); at += f64 * 8; return view; };
    this.s = carve(ENGINE_F64);
    this.openQty = carve(this.n);
    this.orders = carve(this.maxOrders * OrderEvent.f64);
    this.meta = carve(this.maxOrders * M_F64);
    this.books = carve(this.n * BOOK_F64);
    this.working = new Int32Array(memory, at, this.n);
    at += Math.ceil((this.n * 4) / 8) * 8;
    this.queues = new QueueSlots(this.maxOrders, opts.queueModel ?? 'risk_averse', 3, memory, at);
    const resumed = this.s[E.Initialized] === INITIALIZED;
    this.s[E.FeeBps] = opts.feeBps;
    this.s[E.MakerFeeBps] = makerFee;
    this.s[E.LatencyUs] = latency;
    this.s[E.BeyondDepth] = beyond * 1e-4;
    this.s[E.MakerTtlUs] = ttl;
    this.s[E.MakerReplaces] = replaces;
    this.s[E.MakerCross] = opts.makerExpiry === 'cross' ? 1 : 0;
    this.s[E.Initialized] = INITIALIZED;
    this.s[E.TakeCap] = Infinity;
    this.resumed = resumed;
  }

  /** The engine took over working orders from a predecessor's memory. */
  readonly resumed: boolean;

  /** Bytes of state for `instruments` instruments and `maxOpenOrders` working orders. */
  static bytesFor(instruments: number, maxOpenOrders: number): number {
    const f64 = ENGINE_F64 + instruments + maxOpenOrders * (OrderEvent.f64 + M_F64) + instruments * BOOK_F64;
    const i32Bytes = Math.ceil((instruments * 4) / 8) * 8;
    return f64 * 8 + i32Bytes + QueueSlots.bytesFor(maxOpenOrders);
  }

  /** Taker fee in bps; assignable for hot reload (a NaN, negative or infinite value is ignored). */
  get feeBps(): number {
    return this.s[E.FeeBps];
  }

  set feeBps(feeBps: number) {
    // Set once per batch: the per-instrument copies are rewritten only when it changes.
    if (!(feeBps >= 0 && feeBps < Infinity) || feeBps === this.s[E.FeeBps]) return;
    this.s[E.FeeBps] = feeBps;
    for (let s = 0; s < this.n; s++) if (this.ownTakerTier[s] === 0) this.takerFeeBpsOf[s] = feeBps;
  }

  /** Continue event numbers after `lastSeq`, the last one a predecessor published. */
  resumeAfter(lastSeq: number): void {
    if (lastSeq > this.s[E.Seq]) this.s[E.Seq] = lastSeq;
  }

  /** Each working order's current record (`f64[base..]`, an OrderEvent as last emitted); cold. */
  forEachWorking(visit: (f64: Float64Array, base: number) => void): void {
    for (let slot = 0; slot < this.maxOrders; slot++) {
      if (this.meta[slot * M_F64 + M.active] !== 0) visit(this.orders, slot * OrderEvent.f64);
    }
  }

  /** Orders working now. */
  openOrders(): number {
    return this.s[E.Open];
  }

  /** Orders submitted so far by this instance. */
  orderCount(): number {
    return this.s[E.Submitted];
  }

  /**
   * An intent becomes an order: its OrderSubmitted goes to `sink` at once and the order waits for
   * the market (`onMarket`). False (nothing written) when refused. `part`: its number within a
   * routed intent (see the header's client order ids); `style`: OrderStyle.Take or Post
   * (routing/maker-taker-rule.ts) for this order, 0 for the engine's configured one.
   */
  submit(intent: Float64Array, base: number, sink: OrderEventSink, part = 0, style = 0): boolean {
    const refusal = intentRefusal(intent, base, this.n);
    if (refusal >= 0) return this.reject(refusal);
    const slot = this.freeSlot();
    if (slot < 0) return this.reject(ExecutionReject.OrderTableFull);
    const quantity = intent[base + SizedIntent.quantity];
    const side = intent[base + SizedIntent.side];
    const instrument = intent[base + SizedIntent.instrument];

    const o = this.orders;
    const at = slot * OrderEvent.f64;
    const intentId = intent[base + SizedIntent.seq];
    // `style`: OrderStyle.Take (1) or Post (2) for this order (maker-taker-rule.ts), 0 the engine's own.
    const maker = style === 0 ? this.makerStyle : style === 2;
    copyHeader(intent, base, o, at, RecordKind.OrderEvent);
    o[at + OrderEvent.event] = OrderEventType.Submitted;
    o[at + OrderEvent.clientOrderId] = intentId + part * ROUTED_PART_ID_STRIDE;
    o[at + OrderEvent.venueOrderId] = o[at + OrderEvent.clientOrderId];
    o[at + OrderEvent.tradeId] = 0;
    o[at + OrderEvent.intentId] = intentId;
    o[at + OrderEvent.side] = side;
    o[at + OrderEvent.orderType] = maker ? OrderType.Limit : OrderType.Market;
    o[at + OrderEvent.timeInForce] = maker ? TimeInForce.GTC : TimeInForce.IOC;
    o[at + OrderEvent.quantity] = quantity;
    // A taker carries the touch it was priced at (what slippage is measured from); a maker rests
    // at its own side's touch (the bid for a buy), which the intent's arrival mid gives with the
    // spread it was priced across.
    o[at + OrderEvent.limitPrice] = intent[base + SizedIntent.limitPrice];
    if (maker) nearTouchInto(intent, base, side, o, at + OrderEvent.limitPrice);
    o[at + OrderEvent.lastQty] = 0;
    o[at + OrderEvent.lastPrice] = 0;
    o[at + OrderEvent.cumQty] = 0;
    o[at + OrderEvent.leavesQty] = quantity;
    o[at + OrderEvent.feeUsd] = 0;
    o[at + OrderEvent.liquidity] = maker ? Liquidity.Maker : Liquidity.Taker;
    o[at + OrderEvent.reason] = 0;
    copyDecision(intent, base, o, at);

    const m = slot * M_F64;
    const meta = this.meta;
    meta[m + M.active] = 1;
    meta[m + M.dueTs] = intent[base + SizedIntent.ts] + this.s[E.LatencyUs];
    meta[m + M.origin] = intent[base + SizedIntent.origin];
    meta[m + M.accepted] = 0;
    meta[m + M.maker] = maker ? 1 : 0;
    const sliceMode = maker ? SliceMode.None : this.slicing[SliceSetting.mode];
    const sliced = sliceMode !== SliceMode.None && quantity * intent[base + SizedIntent.limitPrice] >= this.slicing[SliceSetting.aboveNotional];
    meta[m + M.sliced] = sliced ? sliceMode : SliceMode.None;
    meta[m + M.slicesLeft] = this.slicing[SliceSetting.slices];
    meta[m + M.nextSliceTs] = Infinity;
    meta[m + M.volume] = 0;
    meta[m + M.replaces] = 0;
    meta[m + M.expiring] = 0;
    if (sliced) this.s[E.Sliced]++;
    this.working[instrument]++;
    this.openQty[instrument] += side * quantity;
    this.s[E.Open]++;
    this.s[E.Submitted]++;
    this.emit(slot, sink);
    return true;
  }

  /**
   * Instrument `s`'s book copy (the last market state, less what takers took since) into `out`
   * in BookDepth layout (book-depth-block.ts): `synced` 1 while the copy holds a level,
   * `tsMicros` the event time of that state (its venue's clock); `updateId` is left alone. What a
   * router reads to split an order.
   */
  depthInto(s: number, out: Float64Array): void {
    const books = this.books;
    const b = s * BOOK_F64;
    out[BookDepth.synced] = books[b + B.valid] === 1 ? 1 : 0;
    out[BookDepth.tsMicros] = books[b + B.ts];
    out[BookDepth.levels] = L;
    for (let i = 0; i < L; i++) {
      const row = 4 + 4 * i;
      out[row + BookDepth.bidPrice] = books[b + B.bidPx + i];
      out[row + BookDepth.bidQty] = books[b + B.bidQty + i];
      out[row + BookDepth.askPrice] = books[b + B.askPx + i];
      out[row + BookDepth.askQty] = books[b + B.askQty + i];
    }
  }

  /**
   * An intent a pre-trade check refused: an OrderDenied with the check's reason (`reason`,
   * DENY_REASONS of pre-trade-checks.ts) goes to the sink, so the audit trail names it; no order.
   */
  deny(intent: Float64Array, base: number, reason: number, sink: OrderEventSink, part = 0): void {
    writeOrderDenied(intent, base, ++this.s[E.Seq], this.makerStyle ? OrderType.Limit : OrderType.Market, reason, sink,
      intent[base + SizedIntent.seq] + part * ROUTED_PART_ID_STRIDE);
  }

  /**
   * A MarketState record: the instrument's book copy becomes that state, and its working orders
   * that are due meet it.
   */
  onMarket(state: Float64Array, base: number, sink: OrderEventSink): void {
    const s = state[base + MarketState.instrument];
    if (!(s >= 0 && s < this.n) || Math.floor(s) !== s) return;
    const books = this.books;
    const b = s * BOOK_F64;
    if (this.working[s] > 0) this.restingMeetState(s, state, base, sink);
    let valid = 0;
    for (let i = 0; i < L; i++) {
      books[b + B.bidPx + i] = state[base + MarketState.bidPrice + i];
      books[b + B.bidQty + i] = state[base + MarketState.bidQty + i];
      books[b + B.askPx + i] = state[base + MarketState.askPrice + i];
      books[b + B.askQty + i] = state[base + MarketState.askQty + i];
    }
    if (books[b + B.bidPx] > 0 || books[b + B.askPx] > 0) valid = 1;
    books[b + B.valid] = valid;
    books[b + B.ts] = state[base + MarketState.ts];
    if (this.working[s] > 0) this.arrivals(s, state, base, sink);
    if (this.working[s] > 0 && this.s[E.Sliced] > 0) this.slicesMeetState(s, state, base, sink);
    if (this.s[E.Expiring] > 0) this.repostExpired(s, state, base, sink);
  }

  /** The session is over: every working order is Expired (`session_end`). `ts`: event time, µs. */
  expireAll(sink: OrderEventSink, ts: Float64Array, tsIndex: number): void {
    const end = this.s[E.Used];
    for (let slot = 0; slot < end; slot++) {
      if (this.meta[slot * M_F64 + M.active] === 0) continue;
      const at = slot * OrderEvent.f64;
      this.orders[at + OrderEvent.ts] = ts[tsIndex];
      this.end(slot, OrderEventType.Expired, OrderEndReason.SessionEnd, sink);
    }
  }

  // --- arrivals: orders reaching the venue at this state ------------------------------------------

  private arrivals(s: number, state: Float64Array, base: number, sink: OrderEventSink): void {
    const ts = state[base + MarketState.ts];
    const origin = state[base + MarketState.origin];
    const meta = this.meta;
    const o = this.orders;
    const end = this.s[E.Used];
    for (let slot = 0; slot < end; slot++) {
      const m = slot * M_F64;
      if (meta[m + M.active] === 0 || meta[m + M.accepted] === 1) continue;
      const at = slot * OrderEvent.f64;
      if (o[at + OrderEvent.instrument] !== s) continue;
      if (origin <= meta[m + M.origin] || ts < meta[m + M.dueTs]) continue;
      o[at + OrderEvent.ts] = ts;
      o[at + OrderEvent.origin] = origin;
      meta[m + M.accepted] = 1;
      meta[m + M.expiresTs] = ts + this.s[E.MakerTtlUs];
      if (meta[m + M.maker] === 1) this.snapToLevel(slot, s);
      o[at + OrderEvent.event] = OrderEventType.Accepted;
      this.emit(slot, sink);
      if (meta[m + M.sliced] !== SliceMode.None) {
        // Its first slice (twap) now; pov counts volume from here and slices one interval on.
        meta[m + M.nextSliceTs] = ts;
        if (meta[m + M.sliced] === SliceMode.Pov) meta[m + M.nextSliceTs] = ts + this.slicing[SliceSetting.intervalUs];
        continue;
      }
      // A maker priced through the book takes what crosses, as a venue would match it.
      this.take(slot, s, sink);
      if (meta[m + M.active] === 0) continue;
      if (meta[m + M.maker] === 0) {
        this.end(slot, OrderEventType.Cancelled, OrderEndReason.NoBook, sink);
        continue;
      }
      const queues = this.queues;
      queues.io[QueueIo.a] = o[at + OrderEvent.leavesQty];
      this.levelQtyAt(s, slot, queues.io, QueueIo.b);
      queues.place(slot);
    }
  }

  /**
   * Walk the opposite side of instrument `s`'s book copy for order `slot`: a maker up to its
   * price, a taker all of it and then past it (see the header).
   */
  private take(slot: number, s: number, sink: OrderEventSink): void {
    const o = this.orders;
    const at = slot * OrderEvent.f64;
    const books = this.books;
    const b = s * BOOK_F64;
    const side = o[at + OrderEvent.side];
    const maker = this.meta[slot * M_F64 + M.maker] === 1;
    const limit = o[at + OrderEvent.limitPrice];
    const px = side > 0 ? b + B.askPx : b + B.bidPx;
    const qty = side > 0 ? b + B.askQty : b + B.bidQty;
    const fee = this.takerFeeBpsOf[s] * 1e-4;
    let worst = NaN;
    // What this walk may fill: all of it, or one slice of a sliced order (set for this walk only).
    let budget = this.s[E.TakeCap];
    this.s[E.TakeCap] = Infinity;
    for (let i = 0; i < L && o[at + OrderEvent.leavesQty] > 0 && budget > 0; i++) {
      const price = books[px + i];
      const available = books[qty + i];
      if (!(price > 0 && price < Infinity && available >= 0 && available < Infinity)) break;
      if (maker && (side > 0 ? price > limit : price < limit)) break;
      worst = price;
      // A level an earlier order emptied (until the next state refreshes it).
      if (available === 0) continue;
      const leaves = o[at + OrderEvent.leavesQty];
      let take = available < leaves ? available : leaves;
      if (budget < take) take = budget;
      budget -= take;
      books[qty + i] = available - take;
      o[at + OrderEvent.liquidity] = Liquidity.Taker;
      this.s[E.FillQty] = take;
      this.s[E.FillPrice] = price;
      this.s[E.FillFee] = fee;
      this.fill(slot, sink);
    }
    if (maker || !(worst > 0) || this.meta[slot * M_F64 + M.active] === 0) return;
    // A slice's budget is spent (to within rounding of its quantity): the rest waits for the next slice.
    if (budget <= o[at + OrderEvent.quantity] * 1e-12) return;
    o[at + OrderEvent.liquidity] = Liquidity.Taker;
    o[at + OrderEvent.reason] = FillReason.BeyondVisibleDepth;
    this.s[E.FillQty] = budget < o[at + OrderEvent.leavesQty] ? budget : o[at + OrderEvent.leavesQty];
    this.s[E.FillPrice] = worst * (1 + side * this.s[E.BeyondDepth]);
    this.s[E.FillFee] = fee;
    this.fill(slot, sink);
    o[at + OrderEvent.reason] = FillReason.VisibleLevel;
  }

  // --- sliced takers: a slice at each due state (order-slicing.ts) ------------------------------

  private slicesMeetState(s: number, state: Float64Array, base: number, sink: OrderEventSink): void {
    const meta = this.meta;
    const o = this.orders;
    const cfg = this.slicing;
    const ts = state[base + MarketState.ts];
    const traded = state[base + MarketState.tradeSize];
    const end = this.s[E.Used];
    for (let slot = 0; slot < end; slot++) {
      const m = slot * M_F64;
      if (meta[m + M.active] === 0 || meta[m + M.accepted] === 0 || meta[m + M.sliced] === SliceMode.None) continue;
      const at = slot * OrderEvent.f64;
      if (o[at + OrderEvent.instrument] !== s) continue;
      // Volume traded after the order arrived (or after its last slice), not at that state itself.
      if (traded > 0 && traded < Infinity && ts > meta[m + M.nextSliceTs] - cfg[SliceSetting.intervalUs]) meta[m + M.volume] += traded;
      if (ts < meta[m + M.nextSliceTs]) continue;
      if (ts > o[at + OrderEvent.ts]) o[at + OrderEvent.ts] = ts;
      o[at + OrderEvent.origin] = state[base + MarketState.origin];
      const leaves = o[at + OrderEvent.leavesQty];
      const twap = meta[m + M.sliced] === SliceMode.Twap;
      let slice = twap ? leaves / meta[m + M.slicesLeft] : cfg[SliceSetting.povFraction] * meta[m + M.volume];
      if (slice > leaves) slice = leaves;
      meta[m + M.nextSliceTs] += cfg[SliceSetting.intervalUs];
      // A slice due long ago does not make the next ones bunch up behind it.
      if (meta[m + M.nextSliceTs] <= ts) meta[m + M.nextSliceTs] = ts + cfg[SliceSetting.intervalUs];
      if (!(slice > 0)) continue;
      const before = o[at + OrderEvent.cumQty];
      this.s[E.TakeCap] = slice;
      this.take(slot, s, sink);
      // No book on that side: the slice waits for the next state, not lost.
      if (meta[m + M.active] === 1 && o[at + OrderEvent.cumQty] === before) {
        meta[m + M.nextSliceTs] = ts;
        continue;
      }
      if (twap && meta[m + M.active] === 1) meta[m + M.slicesLeft] = meta[m + M.slicesLeft] > 1 ? meta[m + M.slicesLeft] - 1 : 1;
      if (!twap && meta[m + M.active] === 1) meta[m + M.volume] = 0;
    }
  }

  // --- resting makers: trades and level changes -------------------------------------------------

  private restingMeetState(s: number, state: Float64Array, base: number, sink: OrderEventSink): void {
    const meta = this.meta;
    const o = this.orders;
    const ts = state[base + MarketState.ts];
    const tradeSize = state[base + MarketState.tradeSize];
    const tradePrice = state[base + MarketState.tradePrice];
    const end = this.s[E.Used];
    for (let slot = 0; slot < end; slot++) {
      const m = slot * M_F64;
      if (meta[m + M.active] === 0 || meta[m + M.accepted] === 0 || meta[m + M.maker] === 0) continue;
      const at = slot * OrderEvent.f64;
      if (o[at + OrderEvent.instrument] !== s) continue;
      // An order's events never go back in time: a venue's trade and book messages carry clocks
      // of their own (a spot bookTicker has none and is stamped on receipt), so a later state can
      // bear an earlier time than the one the order was accepted at.
      if (ts > o[at + OrderEvent.ts]) o[at + OrderEvent.ts] = ts;
      o[at + OrderEvent.origin] = state[base + MarketState.origin];
      const side = o[at + OrderEvent.side];
      const price = o[at + OrderEvent.limitPrice];
      const queues = this.queues;
      const io = queues.io;
      let filled = 0;
      if (tradeSize > 0 && tradePrice > 0) {
        // A print through the order's price means its whole level traded: it fills in full.
        if (side > 0 ? tradePrice < price : tradePrice > price) {
          filled = o[at + OrderEvent.leavesQty];
        } else if (samePrice(state, base + MarketState.tradePrice, o, at + OrderEvent.limitPrice)) {
          io[QueueIo.a] = tradeSize;
          queues.onTrade(slot);
          filled = io[QueueIo.filled];
        }
      }
      if (filled === 0) {
        this.levelQtyAt(s, slot, io, QueueIo.a);
        levelQtyIn(state, base, o, at, io, QueueIo.b);
        queues.onLevelChange(slot);
      }
      if (filled > 0) {
        if (filled > o[at + OrderEvent.leavesQty]) filled = o[at + OrderEvent.leavesQty];
        o[at + OrderEvent.liquidity] = Liquidity.Maker;
        this.s[E.FillQty] = filled;
        this.s[E.FillPrice] = price;
        this.s[E.FillFee] = this.makerFeeBpsOf[s] * 1e-4;
        this.fill(slot, sink);
        queues.remaining[slot] = o[at + OrderEvent.leavesQty];
        if (meta[m + M.active] === 0) continue;
      }
      if (ts < meta[m + M.expiresTs]) continue;
      if (meta[m + M.replaces] >= this.s[E.MakerReplaces] && this.s[E.MakerCross] === 0) {
        this.end(slot, OrderEventType.Cancelled, OrderEndReason.MakerTtl, sink);
      } else if (meta[m + M.expiring] === 0) {
        // Re-posted or crossed once the book copy holds this state (repostExpired).
        meta[m + M.expiring] = 1;
        this.s[E.Expiring]++;
      }
    }
  }

  /**
   * Instrument `s`'s makers whose TTL ran out at this state, now that the book copy holds it:
   * each is re-posted at its side's touch while it has re-posts left, else crossed (makerExpiry
   * cross; see the header). No touch to re-post at, or no book to cross: Cancelled.
   */
  private repostExpired(s: number, state: Float64Array, base: number, sink: OrderEventSink): void {
    const meta = this.meta;
    const o = this.orders;
    const books = this.books;
    const b = s * BOOK_F64;
    const ts = state[base + MarketState.ts];
    const end = this.s[E.Used];
    for (let slot = 0; slot < end; slot++) {
      const m = slot * M_F64;
      if (meta[m + M.expiring] === 0) continue;
      meta[m + M.expiring] = 0;
      this.s[E.Expiring]--;
      const at = slot * OrderEvent.f64;
      // Another instrument's flag is one a predecessor left mid-state: its TTL, still run out, sets it again at its next state.
      if (meta[m + M.active] === 0 || o[at + OrderEvent.instrument] !== s) continue;
      const buy = o[at + OrderEvent.side] > 0;
      meta[m + M.expiresTs] = ts + this.s[E.MakerTtlUs];
      if (meta[m + M.replaces] < this.s[E.MakerReplaces]) {
        meta[m + M.replaces]++;
        const touch = b + (buy ? B.bidPx : B.askPx);
        const px = books[touch];
        if (!(px > 0 && px < Infinity)) {
          this.end(slot, OrderEventType.Cancelled, OrderEndReason.MakerTtl, sink);
          continue;
        }
        if (samePrice(books, touch, o, at + OrderEvent.limitPrice)) continue;
        o[at + OrderEvent.limitPrice] = px;
        this.emitReplaced(slot, sink);
        const queues = this.queues;
        queues.io[QueueIo.a] = o[at + OrderEvent.leavesQty];
        this.levelQtyAt(s, slot, queues.io, QueueIo.b);
        queues.place(slot);
        continue;
      }
      // Out of re-posts with makerExpiry cross: the rest goes as a taker, which fills in full.
      const far = books[b + (buy ? B.askPx : B.bidPx)];
      if (!(far > 0 && far < Infinity)) {
        this.end(slot, OrderEventType.Cancelled, OrderEndReason.NoBook, sink);
        continue;
      }
      meta[m + M.maker] = 0;
      o[at + OrderEvent.orderType] = OrderType.Market;
      o[at + OrderEvent.timeInForce] = TimeInForce.IOC;
      o[at + OrderEvent.liquidity] = Liquidity.Taker;
      o[at + OrderEvent.limitPrice] = far;
      this.emitReplaced(slot, sink);
      this.take(slot, s, sink);
    }
  }

  /** An OrderReplaced for order `slot` as it now stands (re-priced by its TTL). */
  private emitReplaced(slot: number, sink: OrderEventSink): void {
    const o = this.orders;
    const at = slot * OrderEvent.f64;
    o[at + OrderEvent.event] = OrderEventType.Replaced;
    o[at + OrderEvent.reason] = OrderEndReason.MakerTtl;
    this.emit(slot, sink);
    o[at + OrderEvent.reason] = 0;
  }

  /** A maker's price derived from the mid becomes the exact price of the level it matches. */
  private snapToLevel(slot: number, s: number): void {
    const o = this.orders;
    const at = slot * OrderEvent.f64;
    const b = s * BOOK_F64;
    const px = o[at + OrderEvent.side] > 0 ? b + B.bidPx : b + B.askPx;
    // The last level that matches wins. Walked from the back and stopped at the first match, every
    // comparison is with the order's price as it arrived, read from its record (not a local passed
    // to samePrice: a double argument to a call that is not inlined is boxed).
    for (let i = L - 1; i >= 0; i--) {
      if (samePrice(this.books, px + i, o, at + OrderEvent.limitPrice)) {
        o[at + OrderEvent.limitPrice] = this.books[px + i];
        return;
      }
    }
  }

  /**
   * Visible quantity at order `slot`'s price on its own side of instrument `s`'s book copy, into
   * io[ioSlot]. The order's side and price are read from its record, not passed: a double argument
   * to a call the compiler does not inline is boxed.
   */
  private levelQtyAt(s: number, slot: number, io: Float64Array, ioSlot: number): void {
    const o = this.orders;
    const at = slot * OrderEvent.f64;
    const b = s * BOOK_F64;
    const buy = o[at + OrderEvent.side] > 0;
    const px = buy ? b + B.bidPx : b + B.askPx;
    const qty = buy ? b + B.bidQty : b + B.askQty;
    io[ioSlot] = 0;
    for (let i = 0; i < L; i++) if (samePrice(this.books, px + i, o, at + OrderEvent.limitPrice)) io[ioSlot] = this.books[qty + i];
  }

  // --- events ------------------------------------------------------------------------------------

  /** One trade (FillQty at FillPrice, paying FillFee of it) against order `slot`: a fill event, the order's totals moved. */
  private fill(slot: number, sink: OrderEventSink): void {
    const qty = this.s[E.FillQty];
    const price = this.s[E.FillPrice];
    const feeRate = this.s[E.FillFee];
    const o = this.orders;
    const at = slot * OrderEvent.f64;
    const s = o[at + OrderEvent.instrument];
    const side = o[at + OrderEvent.side];
    const leaves = o[at + OrderEvent.leavesQty] - qty;
    // Quantities are sums of binary fractions: call a dust remainder filled.
    const done = leaves <= o[at + OrderEvent.quantity] * 1e-12;
    o[at + OrderEvent.event] = done ? OrderEventType.Filled : OrderEventType.PartiallyFilled;
    o[at + OrderEvent.lastQty] = qty;
    o[at + OrderEvent.lastPrice] = price;
    o[at + OrderEvent.cumQty] += qty;
    o[at + OrderEvent.leavesQty] = done ? 0 : leaves;
    o[at + OrderEvent.feeUsd] = feeRate * qty * price;
    this.openQty[s] -= side * (done ? qty + leaves : qty);
    // The trade id is the fill's own event number (set in emit).
    o[at + OrderEvent.tradeId] = -1;
    this.emit(slot, sink);
    o[at + OrderEvent.lastQty] = 0;
    o[at + OrderEvent.lastPrice] = 0;
    o[at + OrderEvent.feeUsd] = 0;
    o[at + OrderEvent.tradeId] = 0;
    if (done) this.free(slot);
  }

  /** The order ends with what it has left unfilled: Cancelled or Expired, with a reason. */
  private end(slot: number, event: number, reason: number, sink: OrderEventSink): void {
    const o = this.orders;
    const at = slot * OrderEvent.f64;
    this.openQty[o[at + OrderEvent.instrument]] -= o[at + OrderEvent.side] * o[at + OrderEvent.leavesQty];
    o[at + OrderEvent.event] = event;
    o[at + OrderEvent.reason] = reason;
    this.emit(slot, sink);
    this.free(slot);
  }

  /** Copy order `slot` as it stands to the sink as the next event. */
  private emit(slot: number, sink: OrderEventSink): void {
    const o = this.orders;
    const at = slot * OrderEvent.f64;
    const seq = ++this.s[E.Seq];
    if (o[at + OrderEvent.tradeId] === -1) o[at + OrderEvent.tradeId] = seq;
    o[at + OrderEvent.seq] = seq;
    const out = sink.claim();
    const f = sink.f64;
    for (let k = 0; k < OrderEvent.f64; k++) f[out + k] = o[at + k];
    sink.commit(out);
  }

  /** The lowest free slot (the table stays packed at the front, so scans stop at E.Used). */
  private freeSlot(): number {
    const meta = this.meta;
    for (let slot = 0; slot < this.maxOrders; slot++) {
      if (meta[slot * M_F64 + M.active] !== 0) continue;
      if (slot >= this.s[E.Used]) this.s[E.Used] = slot + 1;
      return slot;
    }
    return -1;
  }

  private free(slot: number): void {
    const m = slot * M_F64;
    this.meta[m + M.active] = 0;
    if (this.meta[m + M.sliced] !== SliceMode.None) this.s[E.Sliced]--;
    this.working[this.orders[slot * OrderEvent.f64 + OrderEvent.instrument]]--;
    this.s[E.Open]--;
    let used = this.s[E.Used];
    while (used > 0 && this.meta[(used - 1) * M_F64 + M.active] === 0) used--;
    this.s[E.Used] = used;
  }

  private reject(reason: number): boolean {
    this.rejects[reason] += 1;
    return false;
  }
}

/**
 * Visible quantity at the price of the order in `o` at `at`, on its own side of a MarketState
 * record (0: gone), into io[ioSlot]. The order's side and price stay in its record: a double
 * argument to a call the compiler does not inline is boxed.
 */
function levelQtyIn(state: Float64Array, base: number, o: Float64Array, at: number, io: Float64Array, ioSlot: number): void {
  const buy = o[at + OrderEvent.side] > 0;
  const px = base + (buy ? MarketState.bidPrice : MarketState.askPrice);
  const qty = base + (buy ? MarketState.bidQty : MarketState.askQty);
  io[ioSlot] = 0;
  for (let i = 0; i < L; i++) if (samePrice(state, px + i, o, at + OrderEvent.limitPrice)) io[ioSlot] = state[qty + i];
}

/**
 * Prices `a[i]` and `b[j]` equal to within float rounding (a maker's price is derived from the
 * mid). Read in place rather than passed: a double argument to a call that is not inlined is boxed.
 */
function samePrice(a: Float64Array, i: number, b: Float64Array, j: number): boolean {
  const d = a[i] - b[j];
  const tolerance = 1e-9 * b[j];
  return d <= tolerance && d >= -tolerance;
}
