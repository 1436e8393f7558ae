// A SIGHUP that arrives while the session is still starting (here: a live session waiting on the
// venue for its market metadata) after the config file was read and edited: the edit is not lost.
// The file is read again once the pipeline runs, and the change is applied and counted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { CliChild } from '../support/cli-child.js';
import { jsonLoopback } from '../support/json-ws-loopback.js';
import { tempDir } from '../support/temp-dir.js';
import { cryptoConfig } from './cli-session.js';

test('an edit and SIGHUP during startup are applied once the session runs', async () => {
  const config = cryptoConfig();
  const original = readFileSync(config, 'utf8');
  assert.ok(original.includes('killSwitch: false'));
  let cli: CliChild | null = null;
  // The market data stream: accepts the connection and stays quiet.
  const market = await jsonLoopback(() => {});
  // The venue's REST API holds its first answer until the session has been told to reload.
  let stalled = false;
  const rest = http.createServer((req, res) => {
    const answer = (): void => { res.writeHead(503, { 'content-type': 'text/plain' }).end('maintenance'); };
    if (stalled || cli === null) { answer(); return; }
    stalled = true;
    writeFileSync(config, original.replace('killSwitch: false', 'killSwitch: true'));
    cli.signal('SIGHUP');
    cli.waitFor('stderr', /SIGHUP while starting/, 'the SIGHUP to be noted', 10_000).then(answer, answer);
  });
  await new Promise<void>((resolve) => rest.listen(0, '127.0.0.1', () => resolve()));
  try {
    cli = new CliChild(['run', 'crypto', '--config', config, '--source', 'live', '--json', '--metrics-port', '0', '--data-dir', '', '--duration', '2s'], {
      env: {
        ...process.env, TRADEBOT_BINANCE_WS_URL: market.url, TRADEBOT_BINANCE_REST_URL: `http://127.0.0.1:${(rest.address() as AddressInfo).port}`,
        TRADEBOT_CACHE_DIR: tempDir('tradebot-cache-'),
      },
    });
    const { code } = await cli.exit(30_000);
    assert.is(code, 0, cli.transcript);
    assert.ok(stalled, `the venue was never asked\n${cli.transcript}`);
    assert.match(cli.stderr, /config reloaded from .*: risk\.killSwitch false -> true/);
    const summary = JSON.parse(cli.stdout.trim().split('\n').pop()!);
    assert.is(summary.config_reloads, 1);
    assert.is(summary.config_reload_failures, 0);
  } finally {
    cli?.kill();
    rest.closeAllConnections();
    await new Promise<void>((resolve) => rest.close(() => resolve()));
    await market.close();
  }
});

test.run();
