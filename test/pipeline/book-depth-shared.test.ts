// L0 publishes the top levels of each symbol's order book to shared memory: after a sim session
// has synced its books, any thread reading a symbol's BookDepth block sees a valid, uncrossed,
// correctly ordered book of `source.bookLevels` levels per side, and the Features records carry
// the book's depth imbalance.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { waitUntil, withDeadline } from '../support/deadline.js';
import { applyOverrides, defaultConfigPath, loadConfig } from '../../src/pipeline/config.js';
import { Orchestrator } from '../../src/pipeline/orchestrator.js';
import { SimExchangeHost } from '../../src/pipeline/sim-exchange-host.js';
import { BookDepth } from '../../src/data/book/book-depth-block.js';
import { READ_FAILED } from '../../src/shm/seqlock-block.js';

test('synced books appear in shared memory, best first, never crossed', async () => {
  const config = applyOverrides(loadConfig(defaultConfigPath('crypto')), { sourceKind: 'sim', metricsPort: 0 });
  const sim = new SimExchangeHost();
  let orchestrator: Orchestrator | null = null;
  let finished: Promise<void> | null = null;
  try {
    const endpoints = await withDeadline(sim.start(config), 10_000, 'the simulated exchange to start');
    orchestrator = new Orchestrator(config, { endpoints });
    finished = orchestrator.start();
    const n = config.source.bookLevels;
    const snap = new Float64Array(BookDepth.fieldCount(n));
    const books = orchestrator.topology.bookDepth;
    await waitUntil(() => books.every((b) => b.read(snap) !== READ_FAILED && snap[BookDepth.synced] === 1), 10_000, 'both books to sync', 50);
    for (const block of books) {
      assert.is.not(block.read(snap), READ_FAILED, 'a consistent version of the book');
      assert.is(snap[BookDepth.levels], n);
      assert.ok(snap[BookDepth.updateId] > 0);
      const px = (i: number, f: number): number => snap[BookDepth.level(i) + f];
      assert.ok(px(0, BookDepth.bidPrice) < px(0, BookDepth.askPrice), 'not crossed');
      for (let i = 1; i < n; i++) {
        assert.ok(px(i, BookDepth.bidPrice) < px(i - 1, BookDepth.bidPrice), `bids descend at ${i}`);
        assert.ok(px(i, BookDepth.askPrice) > px(i - 1, BookDepth.askPrice), `asks ascend at ${i}`);
        assert.ok(px(i, BookDepth.bidQty) > 0 && px(i, BookDepth.askQty) > 0, 'sizes');
      }
    }
  } finally {
    if (orchestrator && finished) {
      orchestrator.stop();
      // The drain gives up by itself after 2 s; past that, terminate whatever is left.
      await withDeadline(finished, 10_000, 'the pipeline to drain', () => orchestrator!.abandonDrain('test deadline'));
    }
    await withDeadline(sim.stop(), 10_000, 'the simulated exchange to stop');
  }
});

test.run();
