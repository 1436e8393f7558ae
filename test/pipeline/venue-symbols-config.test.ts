// `source.cryptoVenues` and `source.consolidatedSymbols`: a session on several venues says which
// venue reads each symbol and which venue symbols are one unified symbol; every mistake is named
// by its field path.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateConfig } from '../../src/pipeline/config-schema.js';
import { symbolVenues } from '../../src/pipeline/venue-symbols-config.js';

const TWO_VENUES = {
  assetClass: 'crypto',
  symbols: ['BTC/USDT', 'BTC/USD', 'SOL/USD'],
  source: {
    kind: 'live', cryptoVenues: ['binance', 'coinbase'],
    consolidatedSymbols: { 'BTC/USD': { binance: 'BTC/USDT', coinbase: 'BTC/USD' }, 'SOL/USD': { coinbase: 'SOL/USD' } },
  },
};

function problemsOf(edit: (doc: typeof TWO_VENUES & Record<string, any>) => void): string[] {
  const doc = structuredClone(TWO_VENUES) as typeof TWO_VENUES & Record<string, any>;
  edit(doc);
  return validateConfig(doc).problems;
}

function expectProblem(edit: (doc: any) => void, pattern: RegExp): void {
  const problems = problemsOf(edit);
  assert.ok(problems.some((p) => pattern.test(p)), `expected ${pattern} in:\n${problems.join('\n')}`);
}

test('two venues, a mapping that reads every symbol once: accepted, each symbol on its venue', () => {
  const { config, problems } = validateConfig(TWO_VENUES);
  assert.equal(problems, []);
  assert.equal(config!.source.cryptoVenues, ['binance', 'coinbase']);
  assert.equal(config!.source.consolidatedSymbols['BTC/USD'], { binance: 'BTC/USDT', coinbase: 'BTC/USD' });
  assert.equal(symbolVenues(config!.symbols, config!.source), ['binance', 'coinbase', 'coinbase']);
});

test('by default one venue, cryptoVenue, for every symbol, and an empty mapping', () => {
  const { config } = validateConfig({ assetClass: 'crypto', source: { cryptoVenue: 'coinbase' } });
  assert.equal(config!.source.cryptoVenues, []);
  assert.equal(config!.source.consolidatedSymbols, {});
  assert.equal(symbolVenues(config!.symbols, config!.source), config!.symbols.map(() => 'coinbase'));
});

test('cryptoVenues: a list of distinct known venues, not both Coinbase APIs', () => {
  expectProblem((d) => { d.source.cryptoVenues = 'binance'; }, /^source\.cryptoVenues must be a list of venues \(binance \| coinbase \| coinbase_advanced\), got "binance"/);
  expectProblem((d) => { d.source.cryptoVenues = ['binance', 'kraken']; }, /^source\.cryptoVenues\[1\] must be one of binance \| coinbase \| coinbase_advanced, got "kraken"/);
  expectProblem((d) => { d.source.cryptoVenues = ['binance', 'binance']; }, /^source\.cryptoVenues\[1\] duplicates source\.cryptoVenues\[0\]: "binance"/);
  expectProblem((d) => { d.source.cryptoVenues = ['coinbase']; }, /^source\.cryptoVenues lists one venue \("coinbase"\): a session on one venue sets source\.cryptoVenue instead/);
  expectProblem((d) => { d.source.cryptoVenues = ['coinbase', 'coinbase_advanced']; }, /^source\.cryptoVenues names both coinbase and coinbase_advanced/);
});

test('consolidatedSymbols: the shape, unified symbol to a non-empty mapping of venue to symbol', () => {
  expectProblem((d) => { d.source.consolidatedSymbols = ['BTC/USD']; }, /^source\.consolidatedSymbols must be a mapping of unified symbol to \{venue: venue symbol\}/);
  expectProblem((d) => { d.source.consolidatedSymbols['btc-usd'] = { binance: 'BTC/USDT' }; delete d.source.consolidatedSymbols['BTC/USD']; },
    /^source\.consolidatedSymbols\["btc-usd"\] is a unified symbol and must be a crypto pair written BASE\/QUOTE/);
  expectProblem((d) => { d.source.consolidatedSymbols['BTC/USD'] = {}; }, /^source\.consolidatedSymbols\["BTC\/USD"\] must be a non-empty mapping of venue to that venue's symbol/);
  expectProblem((d) => { d.source.consolidatedSymbols['BTC/USD'] = { kraken: 'BTC/USD' }; }, /^source\.consolidatedSymbols\["BTC\/USD"\]\.kraken is not a venue/);
  expectProblem((d) => { d.source.consolidatedSymbols['BTC/USD'].binance = 5; }, /^source\.consolidatedSymbols\["BTC\/USD"\]\.binance must be the venue's symbol as in symbols, got 5/);
});

test('consolidatedSymbols against symbols and venues: every symbol read by one venue, once', () => {
  expectProblem((d) => { d.source.cryptoVenues = ['binance', 'coinbase_advanced']; },
    /^source\.consolidatedSymbols\["BTC\/USD"\]\.coinbase names a venue that is not in source\.cryptoVenues \(binance, coinbase_advanced\)/);
  expectProblem((d) => { d.source.consolidatedSymbols['BTC/USD'].binance = 'BTC/FDUSD'; }, /^source\.consolidatedSymbols\["BTC\/USD"\]\.binance is "BTC\/FDUSD", which is not one of symbols/);
  expectProblem((d) => { d.source.consolidatedSymbols['SOL/USD'] = { binance: 'BTC/USDT' }; }, /^source\.consolidatedSymbols\["SOL\/USD"\]\.binance maps BTC\/USDT, already mapped at source\.consolidatedSymbols\["BTC\/USD"\]\.binance/);
  expectProblem((d) => { delete d.source.consolidatedSymbols['SOL/USD']; }, /^symbols\[2\] SOL\/USD is read by no venue: with source\.cryptoVenues, source\.consolidatedSymbols must map every symbol/);
});

test('the mapping needs venues, and venues are for crypto', () => {
  expectProblem((d) => { d.source.cryptoVenues = []; }, /^source\.consolidatedSymbols needs source\.cryptoVenues/);
  const stocks = validateConfig({ assetClass: 'stocks', symbols: ['AAPL'], source: { cryptoVenues: ['binance', 'coinbase'], consolidatedSymbols: { AAPL: { binance: 'AAPL' } } } });
  assert.ok(stocks.problems.some((p) => /^source\.cryptoVenues is for crypto sessions only/.test(p)), stocks.problems.join('\n'));
});

test.run();
