// ccxt's static request tests (../shared/data/ccxt-static, see its README) and the comparison ccxt
// runs on them: the request URL (host and path exactly; a query compared as a set of parameters)
// and the body decoded per the file's outputType, key sets equal and values equal except for the
// file's skipKeys (signatures, timestamps, client order ids: whatever changes per run).
import type { LiveOrder } from '../../src/execution/live/live-order.js';
import { OrderType, Side, TimeInForce } from '../../src/shm/records.js';
import { sharedText } from './shared-data.js';

export interface StaticRequestCase {
  description: string;
  method: string;
  input: unknown[];
  url: string;
  output?: string;
}

export interface StaticRequestFile {
  exchange: string;
  skipKeys: string[];
  outputType?: 'json' | 'urlencoded';
  methods: Record<string, StaticRequestCase[]>;
}

/** The request file for `exchange`, or null (after saying why) when the shared data is absent. */
export function staticRequests(exchange: string): StaticRequestFile | null {
  const text = sharedText(`ccxt-static/request/${exchange}.json`);
  return text === null ? null : JSON.parse(text) as StaticRequestFile;
}

/** The response file for `exchange` ({methods: {name: [{description, input, httpResponse, parsedResponse}]}}). */
export function staticResponses(exchange: string): { methods: Record<string, { description: string; input: unknown[]; httpResponse: unknown }[]> } | null {
  const text = sharedText(`ccxt-static/response/${exchange}.json`);
  return text === null ? null : JSON.parse(text);
}

/** The case of `method` described exactly as `description`; throws naming what the file offers. */
export function staticCase(file: StaticRequestFile, method: string, description: string): StaticRequestCase {
  const cases = file.methods[method] ?? [];
  const found = cases.find((c) => c.description === description);
  if (found === undefined) {
    throw new Error(`${file.exchange}: no ${method} case "${description}" (there are: ${cases.map((c) => c.description).join(' | ')})`);
  }
  return found;
}

export interface CapturedRequest {
  url: string;
  method: string;
  body: string | undefined;
  headers: Record<string, string>;
}

export interface StaticComparison {
  /** Body keys the made request adds to the stored one, each with the value it must have (a client order id the case did not send). */
  extraKeys?: Record<string, string>;
  /** Stored origin -> the origin ccxt uses today (a venue that moved host since the case was written). */
  renamedOrigins?: Record<string, string>;
}

/** Differences between the request ccxt's static case expects and the one made (empty: they match). */
export function staticRequestDifferences(
  file: StaticRequestFile, expected: StaticRequestCase, made: CapturedRequest, options: StaticComparison = {},
): string[] {
  const problems: string[] = [];
  const extraKeys = options.extraKeys ?? {};
  let storedUrl = expected.url;
  for (const [from, to] of Object.entries(options.renamedOrigins ?? {})) {
    if (storedUrl.startsWith(from)) storedUrl = to + storedUrl.slice(from.length);
  }
  const [storedBase, storedQuery] = splitUrl(storedUrl);
  const [madeBase, madeQuery] = splitUrl(made.url);
  if (storedBase !== madeBase) problems.push(`url: expected ${storedBase}, made ${madeBase}`);
  if (storedQuery !== undefined || madeQuery !== undefined) {
    compareDicts('query', urlencodedToDict(storedQuery ?? ''), urlencodedToDict(madeQuery ?? ''), file.skipKeys, {}, problems);
  }
  if (expected.output !== undefined || (made.body !== undefined && made.body !== '')) {
    const decode = (text: string | undefined): Record<string, unknown> => (text === undefined || text === '' ? {}
      : file.outputType === 'urlencoded' ? urlencodedToDict(text) : JSON.parse(text) as Record<string, unknown>);
    compareDicts('body', decode(expected.output), decode(made.body), file.skipKeys, extraKeys, problems);
  }
  return problems;
}

function splitUrl(url: string): [string, string | undefined] {
  const at = url.indexOf('?');
  return at < 0 ? [url, undefined] : [url.slice(0, at), url.slice(at + 1)];
}

function urlencodedToDict(text: string): Record<string, unknown> {
  return Object.fromEntries(new URLSearchParams(text).entries());
}

function compareDicts(
  where: string, stored: Record<string, unknown>, made: Record<string, unknown>, skipKeys: readonly string[],
  extraKeys: Record<string, string>, problems: string[],
): void {
  const storedKeys = Object.keys(stored).sort();
  const madeKeys = Object.keys(made).filter((k) => !(k in extraKeys && !(k in stored))).sort();
  if (storedKeys.join(',') !== madeKeys.join(',')) problems.push(`${where} keys: expected [${storedKeys}], made [${madeKeys}]`);
  for (const key of storedKeys) {
    if (skipKeys.includes(key) || !(key in made)) continue;
    if (JSON.stringify(stored[key]) !== JSON.stringify(made[key])) {
      problems.push(`${where}.${key}: expected ${JSON.stringify(stored[key])}, made ${JSON.stringify(made[key])}`);
    }
  }
  for (const [key, value] of Object.entries(extraKeys)) {
    if (key in stored) continue;
    if (made[key] !== value) problems.push(`${where}.${key}: expected our ${JSON.stringify(value)}, made ${JSON.stringify(made[key])}`);
  }
}

/**
 * A static case's createOrder input ([symbol, type, side, amount, price?, params?]) as our order:
 * timeInForce and postOnly from its params, any other param unsupported (the caller picks cases
 * our order can express).
 */
export function liveOrderFromStaticInput(input: unknown[], clientOrderId: number): LiveOrder {
  const [symbol, type, side, amount, price, params] = input as [string, string, string, number | string, number | string | null | undefined, Record<string, unknown> | undefined];
  const extra = Object.keys(params ?? {}).filter((k) => k !== 'timeInForce' && k !== 'postOnly');
  if (extra.length > 0) throw new Error(`static input has params our orders cannot express: ${extra.join(', ')}`);
  const tif = params?.['timeInForce'];
  return {
    clientOrderId,
    symbol,
    side: side === 'buy' ? Side.Buy : Side.Sell,
    orderType: type === 'limit' ? OrderType.Limit : OrderType.Market,
    timeInForce: tif === 'IOC' ? TimeInForce.IOC : tif === 'FOK' ? TimeInForce.FOK : TimeInForce.GTC,
    quantity: Number(amount),
    limitPrice: price === null || price === undefined ? NaN : Number(price),
    postOnly: params?.['postOnly'] === true,
  };
}
