import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminApp } from '../../helpers/admin-app.js';

let app: Awaited<ReturnType<typeof startAdminApp>>;

beforeAll(async () => {
  app = await startAdminApp();
});
afterAll(async () => app?.close());

describe('curated answers on the web', () => {
  it('opens an approved answer for readers its ACL allows and hides the rest behind one 404', async () => {
    const { copilot } = app.running.lumen;
    await copilot.escalations.answer(app.escalationId, 'Visitor parking is on level <b>-2</b>.', 'dana');
    const open = await copilot.curation.propose(app.escalationId, 'dana');
    const hr = await copilot.curation.propose(app.escalationId, 'dana', { acl: ['group:hr'] });

    const proposed = await fetch(`${app.running.url}/curated/${open.id}`);
    expect(proposed.status).toBe(404);

    await copilot.curation.approve(open.id, 'owner');
    await copilot.curation.approve(hr.id, 'owner');
    const page = await fetch(`${app.running.url}/curated/${open.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Where can I park at the Lisbon office?');
    expect(html).toContain('level &lt;b&gt;-2&lt;/b&gt;');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");

    expect((await fetch(`${app.running.url}/curated/${hr.id}`)).status).toBe(404);
    expect((await fetch(`${app.running.url}/curated/unknown`)).status).toBe(404);
  });
});
