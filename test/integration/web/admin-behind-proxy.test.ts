import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningLumen, startLumen } from '../../../src/app/start-lumen.js';
import { loadConfig } from '../../../src/config/index.js';

const TOKEN = 'admin-token-behind-the-proxy-42';

/** The server as it runs behind a TLS-terminating ingress, reached over plain http on loopback. */
describe('admin sign-in behind a proxy', () => {
  let running: RunningLumen | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await running?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    running = undefined;
  });

  async function start(env: Record<string, string>) {
    dir = mkdtempSync(join(tmpdir(), 'lumen-proxy-'));
    running = await startLumen(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LUMEN_DATA_DIR: dir,
        LUMEN_INGEST_ON_START: 'false',
        LUMEN_ADMIN_TOKEN: TOKEN,
        ...env,
      }),
    );
    await running.ready;
    return running;
  }

  const signIn = (base: string, token: string, from?: string) =>
    fetch(`${base}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(from ? { 'x-forwarded-for': from, 'x-forwarded-proto': 'https' } : {}),
      },
      body: new URLSearchParams({ token }).toString(),
    });

  async function failTimes(base: string, times: number, from?: string) {
    for (let i = 0; i < times; i++)
      expect((await signIn(base, `wrong-guess-${i}-xxxxxxxx`, from)).status).toBe(401);
  }

  it('sets Secure cookies when the public URL is https, though TLS ended at the proxy', async () => {
    const { url } = await start({ LUMEN_PUBLIC_URL: 'https://lumen.example.com' });
    const response = await signIn(url, TOKEN);
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toMatch(/lumen_admin=[^;]+;.*Secure/i);
    const page = await fetch(`${url}/`);
    expect(page.headers.get('set-cookie')).toMatch(/lumen_session=[^;]+;.*Secure/i);
  });

  it('locks out the client that failed, not everyone behind the same proxy', async () => {
    const { url } = await start({ LUMEN_TRUST_PROXY: '1' });
    await failTimes(url, 10, '203.0.113.7');
    expect((await signIn(url, TOKEN, '203.0.113.7')).status).toBe(429);
    expect((await signIn(url, TOKEN, '198.51.100.20')).status).toBe(303);
    const throttled = (await running!.lumen.store.audit.list({})).find(
      (e) => e.action === 'admin.login_throttled',
    );
    expect(throttled?.details).toMatchObject({ ip: '203.0.113.7', limit: 'client' });
  });

  it('locks the account out when guesses come from many clients', async () => {
    const { url } = await start({ LUMEN_TRUST_PROXY: 'loopback' });
    for (let client = 1; client <= 5; client++) await failTimes(url, 6, `203.0.113.${client}`);
    expect((await signIn(url, TOKEN, '198.51.100.99')).status).toBe(429);
    const throttled = (await running!.lumen.store.audit.list({})).find(
      (e) => e.action === 'admin.login_throttled',
    );
    expect(throttled?.details).toMatchObject({ limit: 'account' });
  });

  it('ignores X-Forwarded-For without LUMEN_TRUST_PROXY, so a client cannot pose as many', async () => {
    const { url } = await start({});
    for (let i = 0; i < 10; i++) await signIn(url, `wrong-guess-${i}-xxxxxxxx`, `203.0.113.${i}`);
    expect((await signIn(url, TOKEN, '198.51.100.20')).status).toBe(429);
  });
});
