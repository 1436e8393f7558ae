// The metrics server's routes over real HTTP: exact paths only, GET and HEAD on /metrics and
// /health, 405 with Allow for any other method there, 404 naming the routes anywhere else.
// Paths go out through http.request, which sends them as written (fetch would resolve `..`).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import client from 'prom-client';
import { requestPath, startMetricsServer, type HealthReport } from '../../src/pipeline/metrics-server.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(port: number, method: string, path: string, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.setTimeout(5000, () => req.destroy(new Error(`${method} ${path}: no answer in 5 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

async function withServer(
  cacheMs: number,
  fn: (port: number, gauge: client.Gauge, setHealth: (r: HealthReport) => void) => Promise<void>,
): Promise<void> {
  const registry = new client.Registry();
  const gauge = new client.Gauge({ name: 'test_value_ratio', help: 'A test value (ratio)', registers: [registry] });
  gauge.set(0.25);
  let report: HealthReport = { status: 'ok', restarts: 0 };
  const server = await startMetricsServer(registry, '127.0.0.1', 0, () => report, cacheMs);
  try {
    await fn(server.port, gauge, (r) => { report = r; });
  } finally {
    await server.close();
  }
}

test('requestPath: query stripped, nothing normalised, absolute form reduced to its path', () => {
  assert.is(requestPath('/metrics'), '/metrics');
  assert.is(requestPath('/metrics?name[]=x&y'), '/metrics');
  assert.is(requestPath('/metrics/../x'), '/metrics/../x');
  assert.is(requestPath('//metrics'), '//metrics');
  assert.is(requestPath('http://127.0.0.1:9464/metrics?x=1'), '/metrics');
  assert.is(requestPath('HTTP://host//metrics'), '//metrics');
  assert.is(requestPath('http://host?x'), '/');
  assert.is(requestPath('*'), '*');
});

test('GET and HEAD /metrics: same status and headers, HEAD without a body', async () => {
  await withServer(0, async (port) => {
    const got = await request(port, 'GET', '/metrics');
    assert.is(got.status, 200);
    assert.is(got.headers['content-type'], client.register.contentType);
    assert.match(got.body, /^test_value_ratio 0\.25$/m);
    assert.is(Number(got.headers['content-length']), Buffer.byteLength(got.body));

    const head = await request(port, 'HEAD', '/metrics');
    assert.is(head.status, 200);
    assert.is(head.headers['content-type'], got.headers['content-type']);
    assert.is(head.headers['content-length'], got.headers['content-length']);
    assert.is(head.body, '');

    const withQuery = await fetch(`http://127.0.0.1:${port}/metrics?debug=1`);
    assert.is(withQuery.status, 200);
    assert.match(await withQuery.text(), /test_value_ratio 0\.25/);

    const absolute = await request(port, 'GET', `http://127.0.0.1:${port}/metrics`);
    assert.is(absolute.status, 200, 'absolute-form request target');
  });
});

test('GET and HEAD /health: 200 when ok, 503 with the reason when halted, never cached', async () => {
  await withServer(0, async (port, _gauge, setHealth) => {
    const ok = await fetch(`http://127.0.0.1:${port}/health`);
    assert.is(ok.status, 200);
    assert.is(ok.headers.get('content-type'), 'application/json');
    assert.is(ok.headers.get('cache-control'), 'no-store');
    assert.equal(await ok.json(), { status: 'ok', restarts: 0 });

    const okHead = await request(port, 'HEAD', '/health');
    assert.is(okHead.status, 200);
    assert.is(okHead.headers['content-type'], 'application/json');
    assert.is(okHead.headers['cache-control'], 'no-store');
    assert.is(okHead.headers['content-length'], String(Buffer.byteLength(JSON.stringify({ status: 'ok', restarts: 0 }))));
    assert.is(okHead.body, '');

    setHealth({ status: 'halted', reason: 'L4 restarted 3 times in 60 s', restarts: 3 });
    const halted = await request(port, 'GET', '/health');
    assert.is(halted.status, 503);
    assert.is(halted.headers['cache-control'], 'no-store');
    assert.is(halted.body, '{"status":"halted","reason":"L4 restarted 3 times in 60 s","restarts":3}');
    const haltedHead = await request(port, 'HEAD', '/health');
    assert.is(haltedHead.status, 503);
    assert.is(haltedHead.headers['content-length'], halted.headers['content-length']);
    assert.is(haltedHead.body, '');

    setHealth({ status: 'stopping', restarts: 3 });
    assert.is((await request(port, 'GET', '/health')).status, 503);
  });
});

test('other methods on /metrics and /health: 405 with Allow: GET, HEAD', async () => {
  await withServer(0, async (port) => {
    for (const [method, path] of [['POST', '/metrics'], ['PUT', '/metrics'], ['DELETE', '/metrics'], ['OPTIONS', '/metrics'],
      ['POST', '/health'], ['DELETE', '/health'], ['OPTIONS', '/health'], ['PATCH', '/health?x=1']]) {
      const reply = await request(port, method, path, method === 'POST' ? 'ignored=1' : undefined);
      assert.is(reply.status, 405, `${method} ${path}`);
      assert.is(reply.headers.allow, 'GET, HEAD', `${method} ${path}: Allow`);
      assert.match(reply.headers['content-type'] ?? '', /^text\/plain/);
      assert.ok(reply.body.length > 0 && reply.body.length < 200, `${method} ${path}: short body, got ${JSON.stringify(reply.body)}`);
      assert.match(reply.body, /GET, HEAD/);
    }
  });
});

test('any other path: 404 naming the two routes, whatever the method', async () => {
  await withServer(0, async (port) => {
    const paths = ['/metrics/../x', '/metrics/', '/metricsXYZ', '//metrics', '/healthcheck', '/health/', '/Metrics',
      '/', '/metrics%2F', '/x/../metrics', '*'];
    for (const path of paths) {
      for (const method of ['GET', 'POST']) {
        const reply = await request(port, method, path);
        assert.is(reply.status, 404, `${method} ${path}`);
        assert.is(reply.headers.allow, undefined, `${method} ${path}: no Allow on a 404`);
        assert.match(reply.body, /\/metrics/, `${method} ${path}: body names /metrics`);
        assert.match(reply.body, /\/health/, `${method} ${path}: body names /health`);
      }
    }
    const head = await request(port, 'HEAD', '/metricsXYZ');
    assert.is(head.status, 404);
    assert.is(head.body, '');
  });
});

test('render cache: a render is reused for cacheMs, and only then', async () => {
  await withServer(60_000, async (port, gauge) => {
    assert.match((await request(port, 'GET', '/metrics')).body, /^test_value_ratio 0\.25$/m);
    gauge.set(0.5);
    assert.match((await request(port, 'GET', '/metrics')).body, /^test_value_ratio 0\.25$/m, 'cached render');
    assert.is((await request(port, 'HEAD', '/metrics')).status, 200);
  });
  await withServer(0, async (port, gauge) => {
    assert.match((await request(port, 'GET', '/metrics')).body, /^test_value_ratio 0\.25$/m);
    gauge.set(0.5);
    assert.match((await request(port, 'GET', '/metrics')).body, /^test_value_ratio 0\.5$/m, 'fresh render without a cache');
  });
});

test.run();
