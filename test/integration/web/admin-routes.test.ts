import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startAdminApp } from '../../helpers/admin-app.js';

let app: Awaited<ReturnType<typeof startAdminApp>>;
let base: string;

beforeAll(async () => {
  app = await startAdminApp();
  base = app.running.url;
});
afterAll(async () => app?.close());

function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  };
}

async function signIn(): Promise<{ cookie: string; csrf: string; setCookie: string }> {
  const res = await fetch(
    `${base}/admin/login`,
    form({ token: ADMIN_TOKEN, name: 'robin@brightwater.example' }),
  );
  expect(res.status).toBe(303);
  const setCookie = res.headers.get('set-cookie')!;
  const cookie = setCookie.split(';')[0]!;
  const page = await (await fetch(`${base}/admin`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
  return { cookie, csrf, setCookie };
}

async function auditActions(): Promise<string[]> {
  return (await app.running.lumen.store.audit.list({ limit: 500 })).map((a) => a.action);
}

describe('admin web page: training campaigns', () => {
  it('previews an audience, then creates a campaign from the page, audited', async () => {
    const { cookie, csrf } = await signIn();
    const page = await (await fetch(`${base}/admin`, { headers: { cookie } })).text();
    expect(page).toContain('Training campaigns');
    const lesson = /<select name="lesson"><option value="([^"]+)"/.exec(page)![1]!;
    const fields = { _csrf: csrf, name: 'Q1 AI basics', lesson, audience: 'everyone', window: '09:00-17:00' };

    const preview = await fetch(`${base}/admin/campaigns`, {
      ...form({ ...fields, mode: 'preview' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    });
    expect(preview.status).toBe(303);
    const previewPage = await (
      await fetch(`${base}${preview.headers.get('location')}`, { headers: { cookie } })
    ).text();
    expect(previewPage).toMatch(/Audience preview: \d+ people/);
    expect(await app.running.lumen.store.campaigns.list()).toEqual([]);

    const created = await fetch(`${base}/admin/campaigns`, {
      ...form({ ...fields, mode: 'create' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/admin?done=campaign#campaigns');
    const [campaign] = await app.running.lumen.store.campaigns.list();
    expect(campaign).toMatchObject({
      name: 'Q1 AI basics',
      lessonId: lesson,
      createdBy: 'web-admin:robin@brightwater.example',
    });
    expect(await auditActions()).toContain('admin.campaign.create');

    const bad = await fetch(`${base}/admin/campaigns`, {
      ...form({ ...fields, window: 'all day', mode: 'create' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    });
    // Refused: back to the form as it was filled in, with the reason beside it.
    const back = new URL(bad.headers.get('location')!, base);
    expect(back.searchParams.get('preview')).toContain('Not created');
    expect(back.searchParams.get('c_name')).toBe('Q1 AI basics');
    expect(back.hash).toBe('#campaign-result');
    expect(await app.running.lumen.store.campaigns.list()).toHaveLength(1);
  });

  it('refuses a campaign without the CSRF token', async () => {
    const { cookie } = await signIn();
    const res = await fetch(`${base}/admin/campaigns`, {
      ...form({ name: 'x', audience: 'everyone', mode: 'create' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    });
    expect(res.status).toBe(403);
  });
});

describe('admin web page', () => {
  it('denies every admin route without a session and leaves no data in the response', async () => {
    const page = await fetch(`${base}/admin`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin/login');
    const exported = await fetch(`${base}/admin/export?format=csv`, { redirect: 'manual' });
    expect(exported.status).toBe(401);
    expect(await exported.text()).not.toContain('VPN');
    const claim = await fetch(`${base}/admin/escalations/${app.escalationId}/claim`, form({ _csrf: 'x' }));
    expect(claim.status).toBe(401);
    const forged = await fetch(`${base}/admin`, {
      headers: { cookie: 'lumen_admin=forged' },
      redirect: 'manual',
    });
    expect(forged.status).toBe(303);
    expect((await app.running.lumen.copilot.escalations.get(app.escalationId)).status).toBe('open');
    expect(await auditActions()).toContain('admin.denied');
  });

  it('refuses a wrong token and audits the attempt', async () => {
    const res = await fetch(`${base}/admin/login`, form({ token: 'wrong-token-wrong-token' }));
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('Sign-in failed');
    expect(await auditActions()).toContain('admin.login_failed');
  });

  it('signs in with an HttpOnly, SameSite=Strict session cookie scoped to /admin', async () => {
    const { setCookie } = await signIn();
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\/admin/i);
  });

  it('keeps only a hash of the session in the store and ends it everywhere on sign-out', async () => {
    const { cookie, csrf } = await signIn();
    const id = cookie.split('=')[1]!;
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(id).digest('hex');
    expect(await app.running.lumen.store.adminSessions.get(hash, new Date())).toMatchObject({
      actor: 'web-admin:robin@brightwater.example',
    });
    expect(await app.running.lumen.store.adminSessions.get(id, new Date())).toBeUndefined();
    const out = await fetch(`${base}/admin/logout`, {
      ...form({ _csrf: csrf }),
      headers: { ...form({}).headers, cookie },
    });
    expect(out.headers.get('location')).toBe('/admin/login');
    expect(await app.running.lumen.store.adminSessions.get(hash, new Date())).toBeUndefined();
    const after = await fetch(`${base}/admin`, { headers: { cookie }, redirect: 'manual' });
    expect(after.status).toBe(303);
  });

  it('refuses a state-changing form without the CSRF token or from another origin', async () => {
    const { cookie, csrf } = await signIn();
    const url = `${base}/admin/escalations/${app.escalationId}/claim`;
    const missing = await fetch(url, { ...form({}), headers: { ...form({}).headers, cookie } });
    expect(missing.status).toBe(403);
    const wrong = await fetch(url, {
      ...form({ _csrf: `${csrf}x` }),
      headers: { ...form({}).headers, cookie },
    });
    expect(wrong.status).toBe(403);
    const crossSite = await fetch(url, {
      ...form({ _csrf: csrf }),
      headers: { ...form({}).headers, cookie, origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect((await app.running.lumen.copilot.escalations.get(app.escalationId)).status).toBe('open');
    expect(await auditActions()).toContain('admin.csrf_rejected');
  });

  it('shows the review sections and works an escalation with audited actions', async () => {
    const { cookie, csrf } = await signIn();
    const page = await (await fetch(`${base}/admin`, { headers: { cookie } })).text();
    expect(page).toContain('<svg id="helpful-chart"');
    expect(page).toContain('Where can I park at the Lisbon office?');
    expect(page).toContain('vpn.md');
    expect(page).toContain('Outdated');
    expect(page).toContain('Why: abstained');
    expect(page).toContain("Lumen's confidence: 0%");
    expect(page).toContain('Lumen found no answer.');
    expect(page).toContain('<strong>Employee:</strong> Where can I park at the Lisbon office?');
    const headers = { ...form({}).headers, cookie };
    const claim = await fetch(`${base}/admin/escalations/${app.escalationId}/claim`, {
      ...form({ _csrf: csrf }),
      headers,
    });
    expect(claim.status).toBe(303);
    const answer = await fetch(`${base}/admin/escalations/${app.escalationId}/answer`, {
      ...form({ _csrf: csrf, text: 'Visitor parking is on level -2.' }),
      headers,
    });
    expect(answer.status).toBe(303);
    const escalation = await app.running.lumen.copilot.escalations.get(app.escalationId);
    expect(escalation).toMatchObject({
      status: 'answered',
      claimedBy: 'web-admin:robin@brightwater.example',
      answer: 'Visitor parking is on level -2.',
    });
    const outbox = await app.running.lumen.store.outbox.after(escalation.conversationKey, 0);
    expect(outbox.at(-1)?.reply.text).toContain('Visitor parking is on level -2.');
    const audit = await app.running.lumen.store.audit.list({ limit: 500 });
    expect(
      audit.filter((a) => a.actor === 'web-admin:robin@brightwater.example').map((a) => a.action),
    ).toEqual(
      expect.arrayContaining(['admin.login', 'admin.view', 'escalation.claimed', 'escalation.answered']),
    );
  });

  it('streams the export as a CSV download and audits it', async () => {
    const { cookie } = await signIn();
    const res = await fetch(`${base}/admin/export?format=csv&pseudonymize=1`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="lumen-feedback-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const text = await res.text();
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^feedback_id,feedback_at,rating,/);
    expect(lines).toHaveLength(3);
    expect(text).not.toMatch(/,ana,|,ben,/);
    expect(await auditActions()).toContain('admin.export');
  });

  it('asks the employee for more information and reassigns from the page', async () => {
    const { cookie, csrf } = await signIn();
    const headers = { ...form({}).headers, cookie };
    const target = await openAnother();
    const asked = await fetch(`${base}/admin/escalations/${target}/request-info`, {
      ...form({ _csrf: csrf, text: 'Which office floor?' }),
      headers,
    });
    expect(asked.headers.get('location')).toBe('/admin?done=request-info#escalations');
    expect((await app.running.lumen.copilot.escalations.get(target)).status).toBe('waiting_on_employee');
    const moved = await fetch(`${base}/admin/escalations/${target}/reassign`, {
      ...form({ _csrf: csrf, queue: 'facilities' }),
      headers,
    });
    expect(moved.headers.get('location')).toBe('/admin?done=reassign#escalations');
    expect(await app.running.lumen.copilot.escalations.get(target)).toMatchObject({
      queue: 'facilities',
      status: 'open',
    });
    const bad = await fetch(`${base}/admin/escalations/${target}/reassign`, {
      ...form({ _csrf: csrf, queue: '../etc' }),
      headers,
    });
    expect(bad.headers.get('location')).toBe('/admin?failed=1#escalations');
  });

  it('stops accepting sign-ins from a client after repeated failures, even with the right token', async () => {
    let status = 0;
    for (let i = 0; i < 12 && status !== 429; i++) {
      status = (await fetch(`${base}/admin/login`, form({ token: `guess-${i}-guess-guess` }))).status;
    }
    expect(status).toBe(429);
    const right = await fetch(`${base}/admin/login`, form({ token: ADMIN_TOKEN }));
    expect(right.status).toBe(429);
    expect(right.headers.get('set-cookie')).toBeNull();
    expect(await auditActions()).toContain('admin.login_throttled');
  });
});

/** Opens a second escalation from another employee, for actions that need a fresh one. */
async function openAnother(): Promise<string> {
  const { makeTurn, makeAction } = await import('../../helpers/builders.js');
  const turn = makeTurn('Is the rooftop terrace open in winter?', {
    user: { id: 'dee', name: 'dee' },
    conversation: { id: 'c-dee', kind: 'direct' },
  });
  const asked = await app.running.lumen.copilot.handle(turn);
  await app.running.lumen.copilot.handle(
    makeAction(
      { name: 'escalate', turnId: asked.turnId! },
      { user: turn.user, conversation: turn.conversation },
    ),
  );
  const found = (await app.running.lumen.copilot.escalations.list()).find((e) => e.userId === 'dee');
  return found!.id;
}
