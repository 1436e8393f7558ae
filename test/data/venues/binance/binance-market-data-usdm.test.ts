// The Binance connector on USD-M futures (`market: usdm`): it subscribes the futures streams
// (trade, bookTicker, depth@0ms), fetches its snapshot from /fapi/v1/depth, and chains diffs by
// `pu`. A loopback server plays the real hftbacktest USD-M capture in file order, answering the
// snapshot request with the capture's own REST snapshot; the connector's book then equals an
// independent rebuild from the same messages, with no gap and every trade counted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { BinanceMarketData } from '../../../../src/data/venues/binance/binance-market-data.js';
import { EventKind, MarketEvent } from '../../../../src/data/synthetic-market.js';
import { sharedText } from '../../../support/shared-data.js';
import { assertSameBook, parseHftbacktest, ReferenceSync } from './binance-book-sync-fixture.js';
import { startCaptureServer } from './binance-capture-server.js';

const CAPTURE = 'ws/binance/hftbacktest/usdm_btcusdt_20240808.gz';

async function until(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

test('USD-M: futures streams and REST path, the capture\'s book rebuilt exactly, every trade counted', async () => {
  const text = sharedText(CAPTURE);
  if (text === null) return;
  const server = await startCaptureServer(text);
  const tradeFrames = server.frames.filter((l) => l.includes('@trade"')).length;

  let trades = 0;
  const md = new BinanceMarketData({
    endpoints: { protocol: 'binance', wsBase: server.wsBase, restBase: server.restBase, market: 'usdm' },
    symbols: ['BTC/USDT'],
    onEvent: (e) => { if (e[MarketEvent.kind] === EventKind.Trade) trades++; },
    log: () => {},
  });
  try {
    md.start();
    await until(() => trades === tradeFrames, `all ${tradeFrames} trades`);
    await until(() => md.totals().depth_updates >= 6551, 'every depth diff');
    assert.match(server.wsUrls[0], /^\/stream\?streams=btcusdt@trade\/btcusdt@bookTicker\/btcusdt@depth@0ms\/btcusdt@kline_1m$/);
    assert.equal(server.restUrls, ['/fapi/v1/depth?symbol=BTCUSDT&limit=1000']);

    const totals = md.totals();
    assert.is(totals.gaps, 0);
    assert.is(totals.resyncs, 0);
    assert.is(totals.snapshots_applied, 1);
    const sync = md.books[0];
    assert.ok(sync.isSynced());
    const ref = new ReferenceSync(true);
    for (const item of parseHftbacktest(text)) {
      if (item.kind === 'snapshot') ref.snapshot(item.snapshot);
      else if (item.kind === 'diff') ref.diff(item.diff);
    }
    assertSameBook(sync.book, ref, 'the connector\'s book', 100);
  } finally {
    md.stop();
    server.close();
  }
});

test.run();
