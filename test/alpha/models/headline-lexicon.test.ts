// The headline lexicon: known bullish and bearish headlines score on the right side, negation
// ("not", "no", "fails to") flips the words after it, a headline with no market words scores 0,
// every score is inside (-1, 1), and inflected forms find their word.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LEXICON_SIZE, scoreHeadline, wordPolarity } from '../../../src/alpha/feeds/headline-lexicon.js';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;

test('positive and negative headlines', () => {
  assert.is(scoreHeadline('Bitcoin rallies as custody bank widens crypto desk'), 0.5);
  assert.ok(close(scoreHeadline('Regulator approves spot fund listings; analysts upbeat'), 2 / 3));
  assert.is(scoreHeadline('Ether slides after staking pool reports validator outage'), -0.5);
  assert.ok(close(scoreHeadline('Bitcoin plunges as lender halts withdrawals amid insolvency fears'), -0.8));
  assert.ok(scoreHeadline('Token SOARS, volumes SURGE to new highs') > 0.6, 'case does not matter');
});

test('negation flips the sentiment words right after it', () => {
  assert.is(scoreHeadline('Exchange reports no loss of client funds'), 0.5);
  assert.is(scoreHeadline('Analysts say this is not a crash'), 0.5);
  assert.ok(close(scoreHeadline('Fund fails to win approval'), -2 / 3), 'fails to: both "win" and "approval" flipped');
  assert.ok(close(scoreHeadline('Miner fails to secure financing, shares tumble'), -2 / 3), 'the comma ends the negation');
  assert.is(scoreHeadline("Token doesn't rally"), -0.5);
  assert.is(scoreHeadline('No comment from the firm as token rallies'), 0.5, 'the negation reaches three words, not "rallies"');
  assert.is(scoreHeadline('Lender did not default'), 0.5);
});

test('neutral headlines score 0', () => {
  for (const h of ['Exchange publishes quarterly reserve statement', 'Conference on ledger design opens in Lisbon', '', '2024: Q1']) {
    assert.is(scoreHeadline(h), 0, h);
  }
});

test('scores stay inside (-1, 1); inflections find their word; the word lists are 40..80 long', () => {
  const many = Array.from({ length: 50 }, () => 'surge').join(' ');
  assert.ok(scoreHeadline(many) > 0.98 && scoreHeadline(many) < 1);
  for (const [word, p] of [['rallies', 1], ['surged', 1], ['surging', 1], ['gains', 1], ['plunged', -1], ['banned', -1], ['hacked', -1], ['weather', 0]] as const) {
    assert.is(wordPolarity(word), p, word);
  }
  assert.ok(LEXICON_SIZE.positive >= 40 && LEXICON_SIZE.positive <= 80, `${LEXICON_SIZE.positive} positive words`);
  assert.ok(LEXICON_SIZE.negative >= 40 && LEXICON_SIZE.negative <= 80, `${LEXICON_SIZE.negative} negative words`);
});

test.run();
