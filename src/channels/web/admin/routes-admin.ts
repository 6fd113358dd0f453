import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { parseDateRange } from '../../../core/admin/date-range.js';
import { gapReport, summarizeFeedback } from '../../../core/admin/feedback-summary.js';
import type { CampaignDesk, CampaignDraft } from '../../../core/campaigns/campaign-desk.js';
import { toDraft } from '../../../core/campaigns/draft-input.js';
import type { CopilotCore } from '../../../core/create-copilot.js';
import { describeError, InputError, LumenError } from '../../../core/errors.js';
import { isAdmin } from '../../../core/governance/principals.js';
import type { LessonCatalog } from '../../../core/lessons/lesson-catalog.js';
import type { Clock, Store } from '../../../core/ports.js';
import { cookieSecure } from '../cookie-security.js';
import type { WebLog } from '../options.js';
import { readCookie } from '../session.js';
import { dashboardPage, loginPage } from './admin-pages.js';
import { type AdminSession, AdminSessions, LoginThrottle, sameSecret } from './admin-sessions.js';
import { dateParam, exportHandler } from './export-handler.js';
import type { OidcIdentity, OidcSignIn, PendingSignIn } from './oidc-sign-in.js';

/** Cookie holding the admin session id; scoped to `/admin` and never readable by scripts. */
export const ADMIN_COOKIE = 'lumen_admin';

/** What the admin page needs. */
export interface AdminRoutesOptions {
  copilot: CopilotCore;
  store: Store;
  /** The local admin token; signs anyone who knows it in. */
  adminToken?: string;
  /** Single sign-on with an OpenID Connect provider; only people matching `admins` get in. */
  oidc?: OidcSignIn;
  /** Admin principals (`user:<email>`, `user:<object id>`, `group:<id>`), for single sign-on. */
  admins?: readonly string[];
  /** Key for pseudonymized exports. */
  pseudonymSecret: () => string;
  clock: Clock;
  log: WebLog;
  /** L&D campaigns, created and listed from the page; the section is hidden without it. */
  campaigns?: { desk: CampaignDesk; lessons: LessonCatalog };
}

const NOTICES: Record<string, string> = {
  claim: 'Escalation claimed.',
  answer: 'Answer sent to the employee.',
  resolve: 'Escalation resolved; the employee was asked whether it helped.',
  promote: 'Answer proposed for the knowledge base; an owner approves it below.',
  approve: 'Curated answer approved; Lumen uses it from now on.',
  reject: 'Curated answer rejected.',
  'request-info': 'Question sent to the employee; their reply comes back here.',
  campaign: 'Campaign created; nudges go out in each person’s delivery window.',
  reassign: 'Escalation moved to the other queue.',
};

/** The campaign form's fields, carried back to it after a preview or a refusal. */
const CAMPAIGN_FIELDS = ['name', 'lesson', 'audience', 'start', 'window', 'quiet', 'reminders'] as const;

/** Cookie holding a single sign-on in progress: state, nonce and PKCE verifier, for ten minutes. */
const OIDC_COOKIE = 'lumen_admin_oidc';

/**
 * The admin web page: sign-in with single sign-on or the local admin token, a session cookie (HttpOnly,
 * SameSite=Strict), CSRF tokens on every form, and an audit record for every admin action.
 * Anyone without a session gets the sign-in page or a 401, never data.
 */
export function createAdminRoutes(options: AdminRoutesOptions): Router {
  const sessions = new AdminSessions(options.store.adminSessions, options.clock);
  const throttle = new LoginThrottle(options.clock);
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 20 });
  const audit = options.copilot.audit;

  router.use('/admin', (_req, res, next) => {
    res.locals.nonce = randomBytes(16).toString('base64');
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'none'; style-src 'nonce-${res.locals.nonce}'; script-src 'nonce-${res.locals.nonce}'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    );
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });

  const signIn = { token: Boolean(options.adminToken), sso: Boolean(options.oidc) };

  /** Starts an admin session for `actor`: audited, with the session cookie set. */
  const startSession = async (req: Request, res: Response, actor: string, method: 'token' | 'oidc') => {
    const session = await sessions.create(actor);
    await audit.record(actor, 'admin.login', undefined, { surface: 'web', method });
    res.cookie(ADMIN_COOKIE, session.id, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/admin',
      secure: cookieSecure(req, res),
      maxAge: 8 * 60 * 60 * 1000,
    });
    res.redirect(303, '/admin');
  };

  router.get('/admin/login', (_req, res) => {
    res.type('html').send(loginPage(res.locals.nonce, signIn));
  });

  router.get('/admin/login/sso', async (req, res) => {
    if (!options.oidc) {
      res.status(404).type('text').send('Single sign-on is not set up.');
      return;
    }
    const { url, pending } = await options.oidc.start();
    res.cookie(OIDC_COOKIE, Buffer.from(JSON.stringify(pending)).toString('base64url'), {
      httpOnly: true,
      // Lax: the provider sends the browser back with a top-level GET from its own site.
      sameSite: 'lax',
      path: '/admin',
      secure: cookieSecure(req, res),
      maxAge: 10 * 60 * 1000,
    });
    res.redirect(303, url);
  });

  router.get('/admin/oidc/callback', async (req, res) => {
    const refuse = async (status: number, reason: string, who = 'anonymous') => {
      await audit.record(who, 'admin.login_failed', undefined, { surface: 'web', method: 'oidc', reason });
      res
        .status(status)
        .type('html')
        .send(loginPage(res.locals.nonce, { ...signIn, failed: true }));
    };
    res.clearCookie(OIDC_COOKIE, { path: '/admin' });
    const pending = readPending(readCookie(req.headers.cookie, OIDC_COOKIE));
    const { code, state } = req.query;
    if (!options.oidc || !pending || typeof state !== 'string' || state !== pending.state) {
      await refuse(400, 'state_mismatch');
      return;
    }
    if (typeof code !== 'string' || code === '') {
      await refuse(401, typeof req.query.error === 'string' ? req.query.error.slice(0, 100) : 'no_code');
      return;
    }
    let identity: OidcIdentity;
    try {
      identity = await options.oidc.finish(code, pending);
    } catch (error) {
      options.log('warn', 'admin single sign-on failed', { error: describeError(error) });
      await refuse(401, 'token_rejected');
      return;
    }
    const who = identity.email ?? identity.objectId ?? identity.subject;
    const user = {
      id: identity.objectId ?? identity.subject,
      ...(identity.email ? { email: identity.email } : {}),
      ...(identity.objectId ? { aadObjectId: identity.objectId } : {}),
      groups: identity.groups,
    };
    if (!isAdmin(user, options.admins ?? [])) {
      await refuse(403, 'not_an_admin', who);
      return;
    }
    await startSession(req, res, `web-admin:${who}`, 'oidc');
  });

  router.post('/admin/login', form, async (req, res) => {
    const name = typeof req.body?.name === 'string' ? req.body.name.trim().slice(0, 200) : '';
    const actor = name ? `web-admin:${name}` : 'web-admin';
    const client = req.ip ?? 'unknown';
    // The admin token is the one account this form signs in to.
    const attempt = { client, account: 'admin-token' };
    const over = throttle.blocked(attempt);
    if (over) {
      await audit.record(actor, 'admin.login_throttled', undefined, {
        surface: 'web',
        ip: client,
        limit: over,
      });
      res
        .status(429)
        .type('html')
        .send(loginPage(res.locals.nonce, { ...signIn, failed: true }));
      return;
    }
    if (!options.adminToken || !sameSecret(req.body?.token, options.adminToken)) {
      throttle.failed(attempt);
      await audit.record(actor, 'admin.login_failed', undefined, { surface: 'web', ip: client });
      res
        .status(401)
        .type('html')
        .send(loginPage(res.locals.nonce, { ...signIn, failed: true }));
      return;
    }
    await startSession(req, res, actor, 'token');
  });

  const requireAdmin = async (req: Request, res: Response, next: NextFunction) => {
    const session = await sessions.get(readCookie(req.headers.cookie, ADMIN_COOKIE));
    if (session) {
      res.locals.admin = session;
      next();
      return;
    }
    void audit.record('anonymous', 'admin.denied', undefined, {
      surface: 'web',
      path: req.path,
      method: req.method,
    });
    if (req.method === 'GET' && req.path !== '/admin/export') res.redirect(303, '/admin/login');
    else res.status(401).type('text').send('Sign in at /admin/login first.');
  };

  /** State-changing forms must carry the session's CSRF token and come from this site. */
  const requireCsrf = (req: Request, res: Response, next: NextFunction) => {
    const session = res.locals.admin as AdminSession;
    const origin = req.headers.origin;
    const fromHere = !origin || origin === `${req.protocol}://${req.headers.host}`;
    if (!fromHere || !sameSecret(req.body?._csrf, session.csrfToken)) {
      void audit.record(session.actor, 'admin.csrf_rejected', undefined, { path: req.path });
      res.status(403).type('text').send('This form has expired. Reload the admin page and try again.');
      return;
    }
    next();
  };

  router.get('/admin', requireAdmin, async (req, res, next) => {
    try {
      const session = res.locals.admin as AdminSession;
      const today = options.clock.now().toISOString().slice(0, 10);
      const monthAgo = new Date(options.clock.now().getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
      const since = dateParam(req.query.since) ?? monthAgo;
      const until = dateParam(req.query.until) ?? today;
      const period = req.query.period === 'week' ? 'week' : 'day';
      let range = {};
      let error: string | undefined;
      try {
        range = parseDateRange(since, until);
      } catch (e) {
        error = e instanceof InputError ? e.userMessage : 'That date range is not valid.';
      }
      await audit.record(session.actor, 'admin.view', undefined, { surface: 'web', since, until });
      const [summary, gaps, escalations, proposals, campaigns] = await Promise.all([
        summarizeFeedback(options.store, range),
        gapReport(options.store, range, 20),
        options.copilot.escalations.list(),
        options.copilot.curation.list('proposed'),
        options.campaigns?.desk.list(),
      ]);
      const preview = typeof req.query.preview === 'string' ? req.query.preview : undefined;
      const filled: Record<string, string> = {};
      for (const name of CAMPAIGN_FIELDS) {
        const value = req.query[`c_${name}`];
        if (typeof value === 'string') filled[name] = value.slice(0, 200);
      }
      const done = typeof req.query.done === 'string' ? NOTICES[req.query.done] : undefined;
      res.type('html').send(
        dashboardPage({
          actor: session.actor,
          csrfToken: session.csrfToken,
          nonce: res.locals.nonce,
          summary,
          gaps,
          escalations: escalations.filter((e) => e.status !== 'closed_no_response').slice(0, 50),
          proposals,
          period,
          since,
          until,
          ...(done ? { notice: done } : {}),
          ...(preview && !(options.campaigns && campaigns) ? { notice: preview } : {}),
          ...(options.campaigns && campaigns
            ? {
                campaigns: {
                  campaigns,
                  lessons: options.campaigns.lessons.lessons.map((l) => ({ id: l.id, title: l.title })),
                  form: filled,
                  ...(preview ? { result: preview } : {}),
                },
              }
            : {}),
          ...(error ? { error } : {}),
          ...(req.query.failed === '1'
            ? { error: 'That action is not possible in the escalation’s current state.' }
            : {}),
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  router.post('/admin/logout', requireAdmin, form, requireCsrf, async (_req, res) => {
    const session = res.locals.admin as AdminSession;
    await sessions.end(session.id);
    await audit.record(session.actor, 'admin.logout', undefined, { surface: 'web' });
    res.clearCookie(ADMIN_COOKIE, { path: '/admin' });
    res.redirect(303, '/admin/login');
  });

  router.post('/admin/escalations/:id/:action', requireAdmin, form, requireCsrf, async (req, res, next) => {
    const session = res.locals.admin as AdminSession;
    const id = String(req.params.id);
    const act = String(req.params.action);
    const desk = options.copilot.escalations;
    try {
      const text = typeof req.body.text === 'string' ? req.body.text.trim().slice(0, 4000) : '';
      switch (act) {
        case 'claim':
          await desk.claim(id, session.actor);
          break;
        case 'answer':
          if (!text) return void res.redirect(303, '/admin?failed=1#escalations');
          await desk.answer(id, text, session.actor);
          break;
        case 'resolve':
          await desk.resolve(id, session.actor);
          break;
        case 'request-info':
          if (!text) return void res.redirect(303, '/admin?failed=1#escalations');
          await desk.requestInfo(id, text, session.actor);
          break;
        case 'reassign': {
          const queue = typeof req.body.queue === 'string' ? req.body.queue.trim() : '';
          if (!/^[\w-]{1,100}$/.test(queue)) return void res.redirect(303, '/admin?failed=1#escalations');
          await desk.reassign(id, queue, session.actor);
          break;
        }
        case 'promote': {
          const acl = typeof req.body.acl === 'string' ? req.body.acl.split(',') : ['everyone'];
          await options.copilot.curation.propose(id, session.actor, { acl });
          break;
        }
        default:
          res.status(404).type('text').send('No such action.');
          return;
      }
      res.redirect(303, `/admin?done=${act}#escalations`);
    } catch (error) {
      if (error instanceof LumenError && (error instanceof InputError || error.code === 'store.not_found')) {
        res.redirect(303, '/admin?failed=1#escalations');
        return;
      }
      next(error);
    }
  });

  router.post('/admin/curated/:id/:action', requireAdmin, form, requireCsrf, async (req, res, next) => {
    const session = res.locals.admin as AdminSession;
    const id = String(req.params.id);
    try {
      if (req.params.action === 'approve') {
        const answer = typeof req.body.answer === 'string' ? req.body.answer.slice(0, 8000) : undefined;
        const acl = typeof req.body.acl === 'string' ? req.body.acl.split(',') : undefined;
        await options.copilot.curation.approve(id, session.actor, {
          ...(answer ? { answer } : {}),
          ...(acl ? { acl } : {}),
        });
      } else if (req.params.action === 'reject') await options.copilot.curation.reject(id, session.actor);
      else return void res.status(404).type('text').send('No such action.');
      res.redirect(303, `/admin?done=${req.params.action}#curated`);
    } catch (error) {
      if (error instanceof LumenError && (error instanceof InputError || error.code === 'store.not_found')) {
        res.redirect(303, '/admin?failed=1#curated');
        return;
      }
      next(error);
    }
  });

  router.post('/admin/campaigns', requireAdmin, form, requireCsrf, async (req, res, next) => {
    const session = res.locals.admin as AdminSession;
    const campaigns = options.campaigns;
    if (!campaigns) return void res.status(404).type('text').send('Campaigns are not available here.');
    const field = (name: string) => (typeof req.body[name] === 'string' ? req.body[name].trim() : '');
    // A preview or a refusal comes back to the same form, filled in as it was, with the result
    // beside its buttons (the page opens there, not at the top).
    const backToForm = (result: string) => {
      // The page's script asks for JSON and shows the result in place, without reloading.
      if (req.get('accept') === 'application/json') {
        res.json({ result, refused: result.startsWith('Not created') });
        return;
      }
      const values = new URLSearchParams();
      for (const name of CAMPAIGN_FIELDS) if (field(name)) values.set(`c_${name}`, field(name));
      values.set('preview', result);
      res.redirect(303, `/admin?${values.toString()}#campaign-result`);
    };
    let draft: CampaignDraft;
    try {
      const start = field('start');
      draft = toDraft({
        name: field('name'),
        ...(field('lesson') ? { lesson: field('lesson') } : {}),
        audience: field('audience') || 'everyone',
        // The browser sends local time without a zone; it is read as UTC, as the table shows.
        ...(start ? { start: `${start}:00Z` } : {}),
        window: field('window') || '09:00-17:00',
        quiet: field('quiet') || '20:00-08:00',
        reminders: field('reminders') || 'none',
        perDay: '1',
        perWeek: '3',
        by: session.actor,
      });
    } catch (error) {
      backToForm(`Not created: ${(error as Error).message}`);
      return;
    }
    try {
      if (field('mode') === 'preview') {
        const p = await campaigns.desk.preview(draft);
        backToForm(
          `Audience preview: ${p.audience} people (${p.optedOut} opted out, ${p.alreadyCompleted} already completed).`,
        );
        return;
      }
      const { campaign, targeted } = await campaigns.desk.create(draft);
      await audit.record(session.actor, 'admin.campaign.create', campaign.id, { surface: 'web', targeted });
      res.redirect(303, '/admin?done=campaign#campaigns');
    } catch (error) {
      if (error instanceof LumenError || error instanceof Error) {
        backToForm(`Not created: ${error.message}`);
        return;
      }
      next(error);
    }
  });

  router.get('/admin/export', requireAdmin, exportHandler(options));

  return router;
}

/** The sign-in in progress from its cookie; undefined when missing or malformed. */
function readPending(cookie: string | undefined): PendingSignIn | undefined {
  if (!cookie) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8')) as Partial<PendingSignIn>;
    return typeof value.state === 'string' &&
      typeof value.nonce === 'string' &&
      typeof value.verifier === 'string'
      ? { state: value.state, nonce: value.nonce, verifier: value.verifier }
      : undefined;
  } catch {
    return undefined;
  }
}
