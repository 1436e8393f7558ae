// The symbol table finds every instrument it was given, in either letter case, straight from
// frame bytes, finds nothing else, and refuses a bad or duplicated id at construction.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BinanceSymbolTable, UNKNOWN_SYMBOL } from '../../../../src/data/venues/binance/binance-symbols.js';

const BASES = ['BTC', 'ETH', 'BNB', 'SOL', 'XRP', 'ADA', 'DOGE', 'TRX', 'LINK', 'DOT', 'NKN', 'BLZ', 'LRC', 'RUNE', '1000PEPE'];
const QUOTES = ['USDT', 'BUSD', 'BTC', 'ETH', 'EUR', 'FDUSD', 'USDC'];

function lookup(table: BinanceSymbolTable, text: string): number {
  // Embedded in a larger buffer, as in a frame, so offsets matter.
  const bytes = Buffer.from(`{"s":"${text}"}`);
  return table.lookup(bytes, 6, 6 + text.length);
}

test('every given instrument is found by its bytes, upper or lower case, with its index as id', () => {
  const names = BASES.flatMap((b) => QUOTES.map((q) => b + q)).filter((n) => n !== 'BTCBTC' && n !== 'ETHETH');
  const table = new BinanceSymbolTable(names);
  assert.is(table.size, names.length);
  names.forEach((name, id) => {
    assert.is(lookup(table, name), id, name);
    assert.is(lookup(table, name.toLowerCase()), id, name.toLowerCase());
    assert.is(table.idOf(name.toLowerCase()), id);
  });
});

test('anything else is unknown: other pairs, prefixes, extensions, the empty name', () => {
  const table = new BinanceSymbolTable(['BTCUSDT', 'ETHUSDT']);
  for (const text of ['XRPUSDT', 'BTCUSD', 'BTCUSDTT', 'BTC', '', 'BTCUSDT ', 'btc_usdt']) {
    assert.is(lookup(table, text), UNKNOWN_SYMBOL, JSON.stringify(text));
  }
});

test('bad or duplicated instrument ids are refused when the table is built', () => {
  assert.throws(() => new BinanceSymbolTable(['BTCUSDT', 'btcusdt']), /duplicate/);
  assert.throws(() => new BinanceSymbolTable(['BTC/USDT']), /not a Binance instrument id/);
  assert.throws(() => new BinanceSymbolTable(['']), /not a Binance instrument id/);
});

test.run();
