// `models promote` reaches running sessions: a session registers itself while it runs, promote
// sends it SIGHUP (it reloads its config and swaps the promoted model in), and a file left by a
// process that is not a session is removed, never signalled.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliChild } from '../support/cli-child.js';
import { runCli } from '../pipeline/cli-session.js';
import { tempDir } from '../support/temp-dir.js';
import { signalSessions } from '../../src/models/session-registry.js';

const SHIPPED_MODELS = fileURLToPath(new URL('../../../models', import.meta.url));

test('promote SIGHUPs the running session that serves the registry; others are left alone', async () => {
  const sessions = tempDir('tradebot-sessions-');
  const models = path.join(tempDir('tradebot-models-'), 'models');
  cpSync(SHIPPED_MODELS, models, { recursive: true });
  const env = { ...process.env, TRADEBOT_SESSIONS_DIR: sessions, TRADEBOT_MODELS_DIR: models };
  const cli = new CliChild(['run', 'crypto', '--duration', '30s', '--metrics-port', '0', '--data-dir', ''], { env });
  try {
    await cli.waitFor('stderr', /market data connected/, 'the session to start');
    assert.ok(existsSync(path.join(sessions, `${cli.pid}.json`)), 'the session registered');
    // A file for this test process: alive, but not a session.
    writeFileSync(path.join(sessions, `${process.pid}.json`), JSON.stringify({ pid: process.pid, modelsDir: models }));
    const promoted = await runCli(['models', 'promote', 'sim-btc-lstm', '--models-dir', models], 30_000, { TRADEBOT_SESSIONS_DIR: sessions });
    assert.is(promoted.code, 0, promoted.stderr);
    assert.match(promoted.stdout, new RegExp(`sent SIGHUP to 1 running session\\(s\\) to load it \\(pid ${cli.pid}\\)`));
    await cli.waitFor('stderr', /config reloaded from/, 'the session to reload');
    assert.not.ok(existsSync(path.join(sessions, `${process.pid}.json`)), 'the file of a process that is not a session is removed');
    cli.signal('SIGTERM');
    const exit = await cli.exit(15_000);
    assert.is(exit.code, 0, cli.transcript);
    assert.equal(readdirSync(sessions), [], 'the session unregistered when it ended');
  } finally {
    cli.kill();
  }
});

test('another registry\'s sessions and dead pids are not signalled', () => {
  const sessions = tempDir('tradebot-sessions-');
  const previous = process.env.TRADEBOT_SESSIONS_DIR;
  process.env.TRADEBOT_SESSIONS_DIR = sessions;
  try {
    writeFileSync(path.join(sessions, '999999999.json'), JSON.stringify({ pid: 999_999_999, modelsDir: '/somewhere' }));
    const result = signalSessions('/somewhere');
    assert.equal(result, { signalled: [], unconfirmed: [] });
    assert.equal(readdirSync(sessions), [], 'a dead pid\'s file is removed');
  } finally {
    if (previous === undefined) delete process.env.TRADEBOT_SESSIONS_DIR;
    else process.env.TRADEBOT_SESSIONS_DIR = previous;
  }
});

test.run();
