/**
 * Close matches for a symbol a venue does not list, for the refusal message: the same base in
 * another quote (`BTC/USD` -> `BTC/USDT`, `BTC/USDC`), the same quote with a similarly spelled
 * base, or a one-letter slip anywhere.
 */

export function closeMatches(symbol: string, listed: Iterable<string>, max = 5): string[] {
  const [base, quote] = symbol.toUpperCase().split('/');
  const scored: { symbol: string; score: number }[] = [];
  for (const candidate of listed) {
    const [cBase, cQuote] = candidate.toUpperCase().split('/');
    const distance = editDistance(symbol.toUpperCase(), candidate.toUpperCase());
    let score = Infinity;
    if (cBase === base && quote !== undefined && cQuote !== undefined) score = editDistance(quote, cQuote) * 0.5;
    else if (distance <= 2) score = distance;
    else if (cQuote === quote && base !== undefined && cBase !== undefined && editDistance(base, cBase) <= 1) score = 2.5;
    if (score < Infinity) scored.push({ symbol: candidate, score });
  }
  scored.sort((a, b) => a.score - b.score || a.symbol.localeCompare(b.symbol));
  return scored.slice(0, max).map((s) => s.symbol);
}

/** Levenshtein distance; the strings are short symbols, so the plain table is fine. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
