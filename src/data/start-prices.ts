/**
 * Plausible starting prices for the synthetic market when the config does not give one, so a
 * simulated BTC trades near a BTC-like price and the tick size / notional arithmetic stays
 * realistic. Rough levels only (they seed a random walk); anything unlisted starts at 100.
 * Keys are matched on the base asset, case-insensitively: 'BTC/USDT', 'btc-usd' and 'BTC' all hit BTC.
 */

const TABLE: Readonly<Record<string, number>> = {
  BTC: 65_000, ETH: 3_400, SOL: 150, BNB: 550, XRP: 0.6, ADA: 0.45, DOGE: 0.15, LTC: 80, AVAX: 30, DOT: 6,
  AAPL: 190, MSFT: 420, GOOGL: 170, GOOG: 170, AMZN: 180, TSLA: 180, NVDA: 120, META: 500, SPY: 520, QQQ: 450,
};

export const FALLBACK_START_PRICE = 100;

export function defaultStartPrice(symbol: string): number {
  const base = symbol.toUpperCase().split(/[/\-:_]/)[0];
  return TABLE[base] ?? FALLBACK_START_PRICE;
}

/**
 * A price increment that suits a starting price: 0.01 from $1 up (Binance's BTC/USDT and US
 * stocks alike), finer below so a $0.15 coin is not quoted in steps of 7% of its price.
 */
export function defaultTickSize(startPrice: number): number {
  if (!(startPrice > 0)) return 0.01;
  const fine = 10 ** (Math.floor(Math.log10(startPrice)) - 4);
  return Math.min(0.01, Math.max(1e-8, Number(fine.toPrecision(1))));
}
