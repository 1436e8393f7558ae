// A SIGHUP that reads a config file cut short (saved non-atomically, or read while being written)
// must not apply it: the file is valid YAML, and the sections it lacks would silently take their
// defaults (here: the kill switch off again). The reload is refused, naming the missing sections,
// and counted; the whole file, once written, is applied.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { CliChild } from '../support/cli-child.js';
import { cryptoConfig } from './cli-session.js';

test('SIGHUP on a half-written file keeps the running values; the complete file then applies', async () => {
  const config = cryptoConfig((y) => y.replace('kind: sim', 'kind: synthetic').replace(/ratePerSecond: *\d+/, 'ratePerSecond: 1000')
    .replace('killSwitch: false', 'killSwitch: true'));
  const cli = new CliChild(['run', 'crypto', '--json', '--config', config, '--metrics-port', '0', '--data-dir', '', '--duration', '30s']);
  try {
    await cli.waitFor('stderr', /kill -HUP \d+ reloads it/, 'the banner');
    const whole = readFileSync(config, 'utf8');
    // Cut inside the alphas section: risk, execution and metrics not written yet.
    writeFileSync(config, whole.slice(0, whole.indexOf('\nrisk:') - 200).replace(/[^\n]*$/, ''));
    cli.signal('SIGHUP');
    await cli.waitFor('stderr', /config reload rejected/, 'the refusal', 10_000);
    assert.ok(cli.stderr.includes(`${config}: risk, execution, metrics are missing, which the running file had (a half-written file?)`), cli.transcript);
    assert.not.match(cli.stderr, /risk\.killSwitch true -> false/);

    writeFileSync(config, whole.replace('killSwitch: true', 'killSwitch: false'));
    cli.signal('SIGHUP');
    await cli.waitFor('stderr', /config reloaded from .*: risk\.killSwitch true -> false/, 'the reload', 10_000);
    cli.signal('SIGTERM');
    const { code } = await cli.exit(20_000);
    assert.is(code, 0, cli.transcript);
    const summary = JSON.parse(cli.stdout.trim().split('\n').pop()!);
    assert.is(summary.config_reloads, 1);
    assert.is(summary.config_reload_failures, 1);
  } finally {
    cli.kill();
  }
});

test.run();
