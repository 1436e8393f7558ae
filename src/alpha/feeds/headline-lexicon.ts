/**
 * A small lexicon scorer for market headlines: each word of market language counts +1 (bullish)
 * or -1 (bearish), a negation flips the sentiment words right after it, and the score is
 *
 *   score = (positive - negative) / (positive + negative + 1)    in (-1, 1)
 *
 * so one word gives +-0.5, agreement pushes towards +-1, a mixed headline lands near 0 and a
 * headline with no market words scores exactly 0. The +1 keeps a lone word from claiming
 * certainty. Runs at load time only (it allocates freely).
 *
 * Negation: "not", "no", "never", "without", contractions in n't, and "fail(s|ed) to" / "unable
 * to" flip every sentiment word among the next NEGATION_SPAN words ("fails to win approval"
 * flips both "win" and "approval"); the span stops at a clause break (, ; : . !  ?).
 * Inflections are matched by stripping common suffixes (surges, surged, surging -> surge).
 */

const POSITIVE = [
  'surge', 'soar', 'rally', 'gain', 'jump', 'climb', 'rise', 'rebound', 'recover', 'recovery',
  'boom', 'bullish', 'upgrade', 'beat', 'outperform', 'approve', 'approval', 'adopt', 'adoption', 'partnership',
  'launch', 'expand', 'expansion', 'growth', 'profit', 'profitable', 'strong', 'strength', 'breakout', 'accumulate',
  'inflow', 'optimism', 'optimistic', 'boost', 'upbeat', 'robust', 'milestone', 'greenlight', 'endorse', 'surpass',
  'exceed', 'breakthrough', 'upside', 'favorable', 'relief', 'lift', 'advance', 'rocket', 'win', 'bull',
  'buyback', 'dividend', 'stabilize', 'thrive', 'secure',
];

const NEGATIVE = [
  'crash', 'plunge', 'slump', 'fall', 'drop', 'dropped', 'decline', 'tumble', 'sink', 'slide',
  'selloff', 'bearish', 'downgrade', 'miss', 'lawsuit', 'sue', 'fraud', 'hack', 'exploit', 'breach',
  'ban', 'halt', 'suspend', 'delist', 'investigation', 'probe', 'penalty', 'default', 'bankrupt', 'bankruptcy',
  'insolvent', 'insolvency', 'liquidate', 'liquidation', 'loss', 'weak', 'weakness', 'fear', 'panic', 'warn', 'warning',
  'outflow', 'scandal', 'collapse', 'crisis', 'layoff', 'recession', 'uncertainty', 'reject', 'rejection', 'slash',
  'plummet', 'dump', 'scam', 'theft', 'stolen', 'indictment', 'crackdown', 'downturn', 'shortfall', 'bear',
  'drain', 'underperform', 'pessimism', 'turmoil',
];

const NEGATORS = new Set(['not', 'no', 'never', 'without', 'nor', 'cannot']);
/** Two-word negators: the first word, then "to". */
const NEGATING_BEFORE_TO = new Set(['fail', 'fails', 'failed', 'unable']);
const NEGATION_SPAN = 3;

const POLARITY: ReadonlyMap<string, number> = new Map([
  ...POSITIVE.map((w) => [w, 1] as const),
  ...NEGATIVE.map((w) => [w, -1] as const),
]);

/** The lexicon's sizes (for the tests' bounds on it). */
export const LEXICON_SIZE = { positive: POSITIVE.length, negative: NEGATIVE.length } as const;

/** +1, -1, or 0 for a word outside the lexicon, trying the word and its likely stems. */
export function wordPolarity(word: string): number {
  const direct = POLARITY.get(word);
  if (direct !== undefined) return direct;
  const stems = [
    word.replace(/ies$/, 'y'), word.replace(/es$/, ''), word.replace(/s$/, ''), word.replace(/ed$/, ''), word.replace(/ed$/, 'e'),
    word.replace(/ing$/, ''), word.replace(/ing$/, 'e'), word.replace(/(.)\1(ed|ing)$/, '$1'), word.replace(/d$/, ''),
  ];
  for (const stem of stems) {
    if (stem === word) continue;
    const p = POLARITY.get(stem);
    if (p !== undefined) return p;
  }
  return 0;
}

/** Lower-case words and clause breaks, in order ("sell-off" and "sell off" both read "selloff"). */
function tokens(headline: string): string[] {
  const text = headline.toLowerCase().replace(/[’']/g, "'").replace(/\bsell[\s-]+off/g, 'selloff');
  return text.match(/[a-z][a-z']*|[,;:.!?]/g) ?? [];
}

export function scoreHeadline(headline: string): number {
  let positive = 0;
  let negative = 0;
  let negatedFor = 0;
  const words = tokens(headline);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (/^[,;:.!?]$/.test(w)) { negatedFor = 0; continue; }
    if (NEGATORS.has(w) || w.endsWith("n't")) { negatedFor = NEGATION_SPAN; continue; }
    if (NEGATING_BEFORE_TO.has(w) && words[i + 1] === 'to') { negatedFor = NEGATION_SPAN + 1; continue; }
    let p = wordPolarity(w);
    if (negatedFor > 0) {
      negatedFor--;
      p = -p;
    }
    if (p > 0) positive++;
    else if (p < 0) negative++;
  }
  return (positive - negative) / (positive + negative + 1);
}
