/**
 * Alpaca market-data v2 stock stream messages as the server writes them, for the simulated
 * Alpaca exchange: control frames (success, error, subscription) and the data messages trade `t`,
 * quote `q` and minute bar `b`. Every server frame is a JSON array of messages; data messages are
 * built one by one here and joined into arrays by the exchange.
 *
 * Field names and order follow Alpaca's documentation: trade T,S,i,x,p,s,t,c,z; quote
 * T,S,bx,bp,bs,ax,ap,as,t,c,z; bar T,S,o,h,l,c,v,n,vw,t. Prices and sizes are bare JSON numbers
 * (prices come from the model already on the tick grid, so the shortest decimal is the exact
 * one); `t` is RFC-3339 in UTC with nine fractional digits for trades and quotes, and whole
 * seconds for bars (the bar's minute start), as the venue writes them.
 */

export const ALPACA_CONNECTED_FRAME = '[{"T":"success","msg":"connected"}]';
export const ALPACA_AUTHENTICATED_FRAME = '[{"T":"success","msg":"authenticated"}]';

/** The error codes this server sends, with the documented message text. */
export const ALPACA_SIM_ERROR_TEXT: Readonly<Record<number, string>> = {
  400: 'invalid syntax',
  401: 'not authenticated',
  402: 'auth failed',
  403: 'already authenticated',
  404: 'auth timeout',
  405: 'symbol limit exceeded',
  407: 'slow client',
};

export function alpacaErrorFrame(code: number): string {
  return `[{"T":"error","code":${code},"msg":${JSON.stringify(ALPACA_SIM_ERROR_TEXT[code] ?? 'internal error')}}]`;
}

/**
 * Streams a client can subscribe to, in the order the `subscription` reply lists them.
 * `corrections` and `cancelErrors` are not requested: the venue adds them for every trade
 * subscription, and so does this server.
 */
export const ALPACA_SIM_STREAMS = ['trades', 'quotes', 'bars', 'updatedBars', 'dailyBars', 'statuses', 'lulds'] as const;
export type AlpacaSimStream = (typeof ALPACA_SIM_STREAMS)[number];

export function alpacaSubscriptionFrame(lists: ReadonlyMap<AlpacaSimStream, ReadonlySet<string>>): string {
  const parts = ALPACA_SIM_STREAMS.map((stream) => `"${stream}":${JSON.stringify([...(lists.get(stream) ?? [])])}`);
  const trades = JSON.stringify([...(lists.get('trades') ?? [])]);
  return `[{"T":"subscription",${parts.join(',')},"corrections":${trades},"cancelErrors":${trades}}]`;
}

/** `t` of a trade or quote: `2024-03-04T14:30:00.123456789Z`, from epoch µs plus 0-999 ns. */
export class AlpacaTimestampText {
  private day = Number.NaN;
  private datePrefix = '';

  format(us: number, nanos: number): string {
    const day = Math.floor(us / 86_400_000_000);
    if (day !== this.day) {
      // Once per virtual day, so the Date allocation does not matter.
      this.day = day;
      this.datePrefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
    }
    const inDayUs = us - day * 86_400_000_000;
    const seconds = Math.floor(inDayUs / 1_000_000);
    const fraction = (inDayUs - seconds * 1_000_000) * 1000 + nanos;
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    return `${this.datePrefix}${pad2(h)}:${pad2(m)}:${pad2(s)}.${String(fraction).padStart(9, '0')}Z`;
  }
}

/** A bar's `t`: the start of its minute, whole seconds (`2021-02-22T19:15:00Z`). */
export function alpacaMinuteText(minuteStartUs: number): string {
  return `${new Date(minuteStartUs / 1000).toISOString().slice(0, 19)}Z`;
}

function pad2(v: number): string {
  return v < 10 ? `0${v}` : `${v}`;
}

export function alpacaTradeMessage(
  symbol: string, id: number, exchange: string, price: number, size: number, time: string, conditions: string, tape: string,
): string {
  return `{"T":"t","S":"${symbol}","i":${id},"x":"${exchange}","p":${price},"s":${size},"t":"${time}","c":${conditions},"z":"${tape}"}`;
}

export function alpacaQuoteMessage(
  symbol: string, bidExchange: string, bid: number, bidSize: number, askExchange: string, ask: number, askSize: number,
  time: string, tape: string,
): string {
  return `{"T":"q","S":"${symbol}","bx":"${bidExchange}","bp":${bid},"bs":${bidSize},"ax":"${askExchange}","ap":${ask},"as":${askSize},"t":"${time}","c":["R"],"z":"${tape}"}`;
}

export function alpacaBarMessage(
  symbol: string, open: number, high: number, low: number, close: number, volume: number, trades: number, vwap: number, time: string,
): string {
  return `{"T":"b","S":"${symbol}","o":${open},"h":${high},"l":${low},"c":${close},"v":${volume},"n":${trades},"vw":${vwap},"t":"${time}"}`;
}

/** Trade conditions: `@` regular sale, plus `I` (odd lot) under 100 shares. */
export const ROUND_LOT_CONDITIONS = '["@"]';
export const ODD_LOT_CONDITIONS = '["@","I"]';

/**
 * The tape of a ticker, a documented simplification: four- and five-letter tickers are Nasdaq
 * listings (tape C), shorter ones NYSE (tape A). Real listings vary; consumers only pass it on.
 */
export function alpacaTape(symbol: string): string {
  return symbol.replace(/\..*$/, '').length >= 4 ? 'C' : 'A';
}

/** Exchange codes the SIP feed rotates through (Nasdaq, NYSE, Arca, Cboe EDGX, Cboe BZX, IEX, FINRA ADF). */
export const SIP_EXCHANGES = ['Q', 'N', 'P', 'K', 'Z', 'V', 'D'] as const;
/** IEX, the only exchange on the `iex` feed. */
export const IEX_EXCHANGE = 'V';
