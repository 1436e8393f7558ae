// A routed session's trail (execution.routing: best_price): an intent split into a Binance part
// (client order id 7) and a Coinbase part (1000000000007, intent 7). The resume numbers its
// intents after 7, not after the part's id, and seeds sizing's ledger with the whole group on the
// lead, where routed sizing counts it; the portfolio keeps each venue's position.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AuditTrailWriter, auditFilesIn } from '../../src/compliance/audit-trail-writer.js';
import { recordRecovery, recoverSession, seedTopology } from '../../src/compliance/session-recovery.js';
import { ROUTED_PART_ID_STRIDE } from '../../src/execution/paper-fill-engine.js';
import { RoutingGroups } from '../../src/execution/routing/routing-groups.js';
import { ExecutionExposureLayout } from '../../src/execution/execution-exposure.js';
import { Topology } from '../../src/pipeline/topology.js';
import { readAuditFile } from '../../src/compliance/audit-file-reader.js';
import { routedCryptoConfig } from '../support/routed-config.js';
import { tempDir } from '../support/temp-dir.js';

test('part ids do not inflate the next intent id; the lead\'s ledger holds the group', () => {
  const config = routedCryptoConfig();
  const dir = path.join(tempDir('tradebot-recover-'), 'audit', '20240101T000000Z-999999999');
  mkdirSync(dir, { recursive: true });
  const w = new AuditTrailWriter(dir, { fsync: false });
  const part = 7 + ROUTED_PART_ID_STRIDE;
  w.append('order_event', 1e15, { event: 'OrderSubmitted', symbol: 'BTC/USDT', clientOrderId: 7, intentId: 7, side: 'buy', quantity: 0.3 });
  w.append('order_event', 1e15, { event: 'OrderSubmitted', symbol: 'BTC/USD', clientOrderId: part, intentId: 7, side: 'buy', quantity: 0.2 });
  w.append('fill', 1e15 + 1, { event: 'OrderFilled', symbol: 'BTC/USDT', clientOrderId: 7, intentId: 7, side: 'buy', lastQty: 0.3, lastPrice: 60_000, leavesQty: 0, feeUsd: 1 });
  w.append('fill', 1e15 + 2, { event: 'OrderPartiallyFilled', symbol: 'BTC/USD', clientOrderId: part, intentId: 7, side: 'buy', lastQty: 0.1, lastPrice: 60_010, leavesQty: 0.1, feeUsd: 1 });
  w.close();

  const recovered = recoverSession(dir, config);
  assert.is(recovered.lastIntentId, 7);
  assert.equal([...recovered.positions], [0.3, 0.1]);
  assert.equal(recovered.orphaned.map((o) => [o.clientOrderId, o.leavesQty]), [[part, 0.1]]);

  const topology = Topology.create(config);
  seedTopology(topology, recovered, RoutingGroups.fromConfig(config).leadOf);
  const ledger = new Float64Array(topology.wiring.sizingLedger);
  assert.ok(Math.abs(ledger[0] - 0.4) < 1e-12 && ledger[1] === 0, `ledger ${[...ledger.subarray(0, 3)]}`);
  assert.is(ledger[2], 7, 'the newest intent id');
  const exposure = new Float64Array(ExecutionExposureLayout.fieldCount(2));
  topology.exposure.read(exposure);
  assert.equal([exposure[0], exposure[1]], [0, 0], 'nothing released');

  // The orphaned part is ended under its own id, naming its intent.
  recordRecovery(recovered, config.symbols);
  const ended = auditFilesIn(dir).flatMap((f) => readAuditFile(path.join(dir, f)).records).find((r) => (r.payload as { event?: string }).event === 'OrderExpired');
  assert.equal([(ended?.payload as { clientOrderId: number }).clientOrderId, (ended?.payload as { intentId: number }).intentId], [part, 7]);
});

test.run();
