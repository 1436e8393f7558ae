// The project's .npmrc must hold only settings npm knows: npm 11 warns about every unknown key on
// every command run in the repository (and says a later major version will stop accepting them).
// The user's and the global npm config are replaced by empty files so that only the project's
// file is judged; that it is read at all shows in `ignore-scripts` coming back true.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { killTree, track } from '../support/children.js';
import { withDeadline } from '../support/deadline.js';
import { withTempDir } from '../support/temp-dir.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('npm in the repository root prints no warnings about the project config', async () => {
  await withTempDir('tradebot-npmrc-', async (dir) => {
    // Two files: npm refuses to load one file as both the user and the global config.
    const [user, global] = ['user-npmrc', 'global-npmrc'].map((name) => path.join(dir, name));
    for (const file of [user, global]) writeFileSync(file, '');
    // Settings npm passes down to a script it runs (`npm test`) are not the project's: leave them out.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    Object.assign(env, { npm_config_userconfig: user, npm_config_globalconfig: global, npm_config_update_notifier: 'false' });
    // Its own process group, so a deadline kills npm and anything it started.
    const child = track(spawn('npm', ['config', 'get', 'ignore-scripts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true }), true);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    try {
      const code = await withDeadline(new Promise<number | null>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', resolve);
      }), 20_000, 'npm config get', () => killTree(child, true));
      assert.is(code, 0, `npm exit ${code}\n${stderr}`);
      assert.is(stdout.trim(), 'true', 'the project .npmrc is the one read');
      assert.not.match(stderr, /^npm warn/im, stderr);
    } finally {
      killTree(child, true);
    }
  });
});

test.run();
