import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALEX, personalMessage, startTeamsHarness, type TeamsHarness } from './teams-harness.js';
import { wire } from './wire.js';

const EMAIL = 'alex.rivera@brightwater.example';

/** Teams without MICROSOFT_APP_ID: nothing is signed, so only this machine is trusted, and not as an admin. */
describe('Teams without an app id', () => {
  let h: TeamsHarness;
  beforeEach(async () => {
    h = await startTeamsHarness({ core: { admins: [`user:${EMAIL}`] }, streaming: { enabled: false } });
  });
  afterEach(async () => h.close());

  it('refuses an activity whose serviceUrl is off this machine, and calls nothing there', async () => {
    // A fake "connector" elsewhere would vouch for any email through its member API.
    const response = await h.post(
      personalMessage('http://lumen-attacker.invalid/', 'What is the per diem in Toronto?'),
    );
    expect(response.status).toBe(403);
    const body = await response.json();
    expect(body.error.code).toBe('untrusted_service_url');
    expect(body.error.message).toContain('serviceUrl must be on this machine');
    expect(await h.core.store.turns.list({})).toHaveLength(0);
  });

  it.each([
    ['X-Forwarded-For', { 'x-forwarded-for': '203.0.113.9' }],
    ['Forwarded', { forwarded: 'for=203.0.113.9;proto=https' }],
    ['X-Real-IP', { 'x-real-ip': '203.0.113.9' }],
  ])('refuses a request a proxy on this machine relayed (%s)', async (name, headers) => {
    const response = await h.post(
      personalMessage(h.connector.url, 'What is the per diem in Toronto?'),
      headers,
    );
    expect(response.status).toBe(403);
    const body = await response.json();
    expect(body.error.code).toBe('forwarded');
    expect(body.error.message).toContain(`relayed by a proxy (${name.toLowerCase()})`);
    expect(h.connector.calls).toHaveLength(0);
  });

  it('answers a local caller on a local serviceUrl, but never as an admin', async () => {
    h.connector.members.set(ALEX.id, { ...ALEX, email: EMAIL });
    const asked = await h.post(
      personalMessage(h.connector.url.replace('127.0.0.1', 'localhost'), 'admin escalations'),
    );
    expect(asked.status).toBe(200);
    expect(wire(h.connector.activities()[0]).text).toContain('only for Lumen admins');
  });
});
