// Hand-written Binance frames for the decoder tests, one per message kind, as key -> raw JSON
// value so a test can swap, drop or reorder keys. Values are in the shapes the live streams use.
export type Raw = Record<string, string>;

/** Symbol table the samples are decoded with (ids 0 and 1). */
export const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];

export const TRADE: Raw = { e: '"trade"', E: '1723161256322', s: '"BTCUSDT"', t: '5266583935', p: '"61800.30"', q: '"0.006"', T: '1723161256321', m: 'false', M: 'true' };
export const AGG: Raw = { e: '"aggTrade"', E: '1675759520848', s: '"ETHUSDT"', a: '226532', p: '"1632.46000000"', q: '"0.34305000"', f: '228423', l: '228424', T: '1675759520847', m: 'true' };
export const BOOK: Raw = { u: '50093239212', s: '"BTCUSDT"', b: '"61837.63000000"', B: '"3.78826000"', a: '"61837.64000000"', A: '"1.54698000"' };
export const DEPTH: Raw = { e: '"depthUpdate"', E: '1723161255208', s: '"BTCUSDT"', U: '50093239189', u: '50093239202', b: '[["61737.63","0.0"],["61730.17","1.5"]]', a: '[["61837.64","1.54698000"]]' };
export const KLINE: Raw = {
  e: '"kline"', E: '1633998523963', s: '"ETHUSDT"',
  k: '{"t":1633998480000,"T":1633998539999,"s":"ETHUSDT","i":"1m","f":19862761,"L":19862790,"o":"0.35270000","c":"0.35280000","h":"0.35290000","l":"0.35220000","v":"25877.00000000","n":30,"x":false,"q":"9116.04600000","V":"58.00000000","Q":"20.46240000","B":"0"}',
};
export const SNAPSHOT = '{"lastUpdateId":50093239218,"E":1723161256501,"T":1723161256493,"bids":[["61837.63","3.78826"],["61837.62","0.617"]],"asks":[["61837.64","1.54698"]]}';

export function without(raw: Raw, key: string): Raw {
  const copy = { ...raw };
  delete copy[key];
  return copy;
}

export function text(raw: Raw): string {
  return `{${Object.entries(raw).map(([k, v]) => `"${k}":${v}`).join(',')}}`;
}

/** One of each kind, bare and in a combined-stream envelope. */
export function sampleTexts(): string[] {
  const bare = [text(TRADE), text(AGG), text(BOOK), text(DEPTH), text(KLINE)];
  return [...bare, ...bare.map((t) => `{"stream":"btcusdt@x","data":${t}}`), SNAPSHOT, '{"result":null,"id":1}'];
}
