// The snapshot layout: header fields, per-symbol arrays, and an exact restore after a restart.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Portfolio, PortfolioSnapshot } from '../../src/risk/portfolio.js';
import { OrderEvent } from '../../src/shm/records.js';
import { fill } from './fixture.js';

function build(): Portfolio {
  const p = new Portfolio(3, 20_000);
  p.onFill(fill(0, 1, 2, 100, 0.2, 1), 0);
  p.onFill(fill(2, -1, 5, 40, 0.1, 2), 0);
  p.onFill(fill(0, -1, 1, 120, 0.1, 3), 0);
  p.mark(2, 38);
  return p;
}

test('fieldCount covers the header and every per-symbol array', () => {
  const n = 3;
  const count = PortfolioSnapshot.fieldCount(n);
  const starts = [PortfolioSnapshot.positionUsd, PortfolioSnapshot.positionQtyBase(n), PortfolioSnapshot.avgPriceBase(n),
    PortfolioSnapshot.markPriceBase(n), PortfolioSnapshot.filledUsdBase(n), PortfolioSnapshot.realizedGrossBase(n),
    PortfolioSnapshot.feesBase(n), PortfolioSnapshot.lotCountBase(n), PortfolioSnapshot.lotsBase(n)];
  for (let i = 1; i < starts.length; i++) assert.is(starts[i] - starts[i - 1], n, 'arrays are contiguous, n apart');
  assert.is(count, PortfolioSnapshot.lotsBase(n) + 2 * PortfolioSnapshot.lotsPerSymbol * n, 'then the lots, [qty, price] pairs');
  const header = [PortfolioSnapshot.equity, PortfolioSnapshot.realizedPnl, PortfolioSnapshot.unrealizedPnl, PortfolioSnapshot.drawdownPct,
    PortfolioSnapshot.fills, PortfolioSnapshot.feesUsd, PortfolioSnapshot.cashUsd, PortfolioSnapshot.peakEquity, PortfolioSnapshot.totalPnl,
    PortfolioSnapshot.varPct, PortfolioSnapshot.lastEventSeq, PortfolioSnapshot.startingEquity, PortfolioSnapshot.realizedGross,
    PortfolioSnapshot.esPct, PortfolioSnapshot.varMethod];
  assert.is(new Set(header).size, header.length, 'header slots are distinct');
  assert.ok(Math.max(...header) < PortfolioSnapshot.positionUsd);
});

test('writeSnapshot publishes what the getters say', () => {
  const p = build();
  const n = 3;
  const snap = new Float64Array(PortfolioSnapshot.fieldCount(n)).fill(NaN);
  snap[PortfolioSnapshot.varPct] = 1.25; // owned by the VaR step: left alone
  snap[PortfolioSnapshot.esPct] = 1.5;
  snap[PortfolioSnapshot.varMethod] = 1;
  p.writeSnapshot(snap);
  assert.is(snap[PortfolioSnapshot.equity], p.equityUsd());
  assert.is(snap[PortfolioSnapshot.realizedPnl], p.realizedPnlUsd());
  assert.is(snap[PortfolioSnapshot.unrealizedPnl], p.unrealizedPnlUsd());
  assert.is(snap[PortfolioSnapshot.drawdownPct], p.drawdownPct());
  assert.is(snap[PortfolioSnapshot.fills], 3);
  assert.is(snap[PortfolioSnapshot.feesUsd], p.feesUsd());
  assert.ok(Math.abs(snap[PortfolioSnapshot.totalPnl] - (p.realizedPnlUsd() + p.unrealizedPnlUsd())) < 1e-9);
  assert.is(snap[PortfolioSnapshot.lastEventSeq], 3);
  assert.is(snap[PortfolioSnapshot.varPct], 1.25);
  assert.is(snap[PortfolioSnapshot.esPct], 1.5);
  assert.is(snap[PortfolioSnapshot.varMethod], 1);
  for (let s = 0; s < n; s++) {
    assert.is(snap[PortfolioSnapshot.positionUsd + s], p.positionUsd(s));
    assert.is(snap[PortfolioSnapshot.positionQtyBase(n) + s], p.positionQty(s));
  }
  assert.is(snap[PortfolioSnapshot.positionUsd + 2], -5 * 38);
  // Cumulative signed filled notional: +200 - 120 for symbol 0, -200 for symbol 2.
  assert.is(snap[PortfolioSnapshot.filledUsdBase(n)], 80);
  assert.is(snap[PortfolioSnapshot.filledUsdBase(n) + 2], -200);
  assert.ok(snap.every((v) => !Number.isNaN(v)), 'every slot written');
});

test('restoreSnapshot rebuilds the book exactly, and it keeps trading identically', () => {
  const a = build();
  const snap = new Float64Array(PortfolioSnapshot.fieldCount(3));
  a.writeSnapshot(snap);
  const b = new Portfolio(3, 1); // the starting equity comes from the snapshot
  assert.ok(b.restoreSnapshot(snap));
  for (const p of [a, b]) {
    p.onFill(fill(2, 1, 5, 35, 0.1, 4), 0);
    p.onFill(fill(1, 1, 3, 10, 0, 5), 0);
    p.mark(1, 9);
  }
  const sa = new Float64Array(snap.length);
  const sb = new Float64Array(snap.length);
  a.writeSnapshot(sa);
  b.writeSnapshot(sb);
  assert.equal([...sb], [...sa]);
  assert.is(b.lastEventSeq(), 5);
});

// L5's duplicate rule after a restart (src/workers/stages/risk-stage.ts): an order event whose seq
// is at or below the restored portfolio's lastEventSeq() is already in the book and is skipped.
const isDuplicate = (p: Portfolio, f: Float64Array): boolean => f[OrderEvent.seq] <= p.lastEventSeq();

test('a restored portfolio remembers its last event seq: a redelivered fill is a duplicate by L5\'s rule', () => {
  const a = new Portfolio(3, 20_000);
  const fills = [fill(0, 1, 2, 100, 0.2, 41), fill(2, -1, 5, 40, 0.1, 42), fill(0, -1, 1, 120, 0.1, 43)];
  for (const f of fills) assert.ok(a.onFill(f, 0));
  a.mark(2, 38);
  assert.is(a.lastEventSeq(), 43);
  const snap = new Float64Array(PortfolioSnapshot.fieldCount(3));
  a.writeSnapshot(snap);

  const b = new Portfolio(3, 20_000);
  assert.is(b.lastEventSeq(), 0, 'a fresh book has seen no event');
  assert.ok(b.restoreSnapshot(snap));
  assert.is(b.lastEventSeq(), a.lastEventSeq(), 'the last event seq survives the restart');
  for (let s = 0; s < 3; s++) {
    assert.is(b.positionQty(s), a.positionQty(s), `quantity ${s}`);
    assert.is(b.positionUsd(s), a.positionUsd(s), `position ${s}`);
    assert.is(b.averagePrice(s), a.averagePrice(s), `average price ${s}`);
  }
  assert.is(b.cashUsd(), a.cashUsd());
  assert.is(b.feesUsd(), a.feesUsd());
  assert.is(b.realizedPnlUsd(), a.realizedPnlUsd());
  assert.is(b.unrealizedPnlUsd(), a.unrealizedPnlUsd());
  assert.is(b.equityUsd(), a.equityUsd());
  assert.is(b.fillCount(), a.fillCount());

  // The order-events ring is released only after the snapshot is published, so a restarted L5 can see
  // the last fills again: every one of them is a duplicate, the next one is not.
  for (const f of fills) assert.ok(isDuplicate(b, f), `fill ${f[OrderEvent.seq]} redelivered after the restart`);
  const next = fill(1, 1, 3, 10, 0, 44);
  assert.not.ok(isDuplicate(b, next));
  assert.ok(b.onFill(next, 0));
  assert.is(b.lastEventSeq(), 44);
  assert.ok(isDuplicate(b, next), 'and once booked, it too is a duplicate');
});

test('restoreSnapshot refuses an unwritten or corrupt snapshot', () => {
  const p = build();
  const before = p.equityUsd();
  assert.not.ok(p.restoreSnapshot(new Float64Array(PortfolioSnapshot.fieldCount(3))));
  assert.not.ok(p.restoreSnapshot(new Float64Array(4)));
  const snap = new Float64Array(PortfolioSnapshot.fieldCount(3));
  p.writeSnapshot(snap);
  snap[PortfolioSnapshot.cashUsd] = NaN;
  assert.not.ok(p.restoreSnapshot(snap));
  assert.is(p.equityUsd(), before);
});

test.run();
