import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningLumen, startLumen } from '../../../src/app/start-lumen.js';
import { loadConfig } from '../../../src/config/index.js';
import { OidcStandIn } from '../../helpers/oidc-stand-in.js';
import { findFreePort } from '../../helpers/ports.js';

const DANA = { sub: 'sub-dana', oid: 'oid-dana', email: 'dana@brightwater.example', name: 'Dana' };
const SAM = {
  sub: 'sub-sam',
  oid: 'oid-sam',
  email: 'sam@brightwater.example',
  name: 'Sam',
  groups: ['g-staff'],
};
const RUI = { sub: 'sub-rui', oid: 'oid-rui', email: 'rui@brightwater.example', groups: ['g-lumen-admins'] };

/** The cookie `name` from a response's Set-Cookie headers, as `name=value`. */
function cookie(response: Response, name: string): string {
  const found = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!found) throw new Error(`no ${name} cookie in ${JSON.stringify(response.headers.getSetCookie())}`);
  return found.split(';')[0]!;
}

describe('admin single sign-on with an OpenID Connect provider', () => {
  let provider: OidcStandIn;
  let running: RunningLumen;
  let dir: string;

  beforeAll(async () => {
    provider = await new OidcStandIn().start();
    dir = mkdtempSync(join(tmpdir(), 'lumen-sso-'));
    const port = await findFreePort();
    running = await startLumen(
      loadConfig({
        PORT: String(port),
        HOST: '127.0.0.1',
        LUMEN_DATA_DIR: dir,
        LUMEN_INGEST_ON_START: 'false',
        LUMEN_PUBLIC_URL: `http://127.0.0.1:${port}`,
        LUMEN_ADMINS: 'user:dana@brightwater.example,group:g-lumen-admins',
        LUMEN_ADMIN_OIDC_ISSUER: provider.url,
        LUMEN_ADMIN_OIDC_CLIENT_ID: provider.clientId,
        LUMEN_ADMIN_OIDC_CLIENT_SECRET: provider.clientSecret,
      }),
    );
    await running.ready;
  });

  afterAll(async () => {
    await running?.close();
    await provider?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string, cookies: string[] = []) =>
    fetch(new URL(path, running.url.replace('localhost', '127.0.0.1')), {
      redirect: 'manual',
      headers: cookies.length > 0 ? { cookie: cookies.join('; ') } : {},
    });

  /** Goes to the provider and comes back as `claims`; returns the callback's response. */
  async function signInAs(
    claims: Record<string, unknown>,
    options: { forged?: boolean; state?: string } = {},
  ) {
    const started = await get('/admin/login/sso');
    expect(started.status).toBe(303);
    const pending = cookie(started, 'lumen_admin_oidc');
    const back = new URL(provider.authorize(started.headers.get('location')!, claims, options));
    if (options.state) back.searchParams.set('state', options.state);
    return get(`${back.pathname}${back.search}`, [pending]);
  }

  async function auditActions(): Promise<
    { action: string; actor: string; details: Record<string, unknown> }[]
  > {
    return (await running.lumen.store.audit.list({})).filter((e) => e.action.startsWith('admin.login'));
  }

  it('offers single sign-on on the sign-in page and sends the browser to the provider with PKCE', async () => {
    expect(await (await get('/admin/login')).text()).toContain('Sign in with your work account');
    const started = await get('/admin/login/sso');
    const to = new URL(started.headers.get('location')!);
    expect(`${to.origin}${to.pathname}`).toBe(`${provider.url}/authorize`);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('redirect_uri')).toMatch(/\/admin\/oidc\/callback$/);
    expect(started.headers.getSetCookie().join()).toMatch(/lumen_admin_oidc=.*HttpOnly.*SameSite=Lax/i);
  });

  it('signs in an admin named in LUMEN_ADMINS, with an audited session', async () => {
    const back = await signInAs(DANA);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/admin');
    const dashboard = await get('/admin', [cookie(back, 'lumen_admin')]);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('web-admin:dana@brightwater.example');
    expect((await auditActions()).at(0)).toMatchObject({
      action: 'admin.login',
      actor: 'web-admin:dana@brightwater.example',
      details: { method: 'oidc' },
    });
  });

  it('signs in a member of an admin group named by its id', async () => {
    const back = await signInAs(RUI);
    expect(back.status).toBe(303);
    expect((await get('/admin', [cookie(back, 'lumen_admin')])).status).toBe(200);
  });

  it('turns away someone who is not an admin, a forged token and a mismatched state', async () => {
    const stranger = await signInAs(SAM);
    expect(stranger.status).toBe(403);
    expect(stranger.headers.getSetCookie().join()).not.toContain('lumen_admin=');

    const forged = await signInAs(DANA, { forged: true });
    expect(forged.status).toBe(401);

    const crossSite = await signInAs(DANA, { state: 'someone-elses-state' });
    expect(crossSite.status).toBe(400);

    const reasons = (await auditActions())
      .filter((e) => e.action === 'admin.login_failed')
      .map((e) => e.details.reason);
    expect(reasons.slice(0, 3)).toEqual(['state_mismatch', 'token_rejected', 'not_an_admin']);
  });
});
