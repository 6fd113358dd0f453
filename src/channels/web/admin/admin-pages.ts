import type { FeedbackSummary } from '../../../core/admin/feedback-summary.js';
import type { QuestionGroup } from '../../../core/admin/group-questions.js';
import type { CuratedEntry, EscalationRecord } from '../../../core/ports.js';
import { FEEDBACK_REASON_LABELS, type FeedbackReason } from '../../../core/reply.js';
import { type CampaignsView, campaignsSection } from './campaigns-section.js';
import { escapeHtml as e, layout } from './html.js';
import { renderHelpfulChart } from './render-chart.js';

/** The login form; `failed` shows a generic refusal that does not say which part was wrong. */
export function loginPage(
  nonce: string,
  options: { failed?: boolean; token: boolean; sso: boolean },
): string {
  const sso = options.sso
    ? '<p><a class="button primary" href="/admin/login/sso">Sign in with your work account</a></p>'
    : '';
  const token = options.token
    ? `<form method="post" action="/admin/login">
<p><label>Your name or email (for the audit trail)<br><input type="text" name="name" autocomplete="username" maxlength="200"></label></p>
<p><label>Admin token<br><input type="password" name="token" autocomplete="current-password" required></label></p>
<p><button class="primary" type="submit">Sign in</button></p></form>`
    : '';
  const body =
    sso || token
      ? `${sso}${sso && token ? '<p>Or with the admin token:</p>' : ''}${token}`
      : '<p>The admin page is off. Set <code>LUMEN_ADMIN_OIDC_ISSUER</code> (single sign-on) or <code>LUMEN_ADMIN_TOKEN</code> to turn it on.</p>';
  return layout(
    'Sign in',
    nonce,
    `<header><h1>Lumen admin</h1></header><main><section><h2>Sign in</h2>${
      options.failed ? '<p class="notice error" role="alert">Sign-in failed.</p>' : ''
    }${body}</section></main>`,
  );
}

/** Everything the dashboard shows. */
export interface DashboardData {
  actor: string;
  csrfToken: string;
  nonce: string;
  summary: FeedbackSummary;
  gaps: QuestionGroup[];
  escalations: EscalationRecord[];
  proposals: CuratedEntry[];
  period: 'day' | 'week';
  since: string;
  until: string;
  notice?: string;
  error?: string;
  /** Present when campaigns can be run from this page. */
  campaigns?: CampaignsView;
}

const pct = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);

/** The admin dashboard: feedback over time, reasons, gaps, documents, escalations and export. */
export function dashboardPage(d: DashboardData): string {
  const csrf = `<input type="hidden" name="_csrf" value="${e(d.csrfToken)}">`;
  const s = d.summary;
  const buckets = d.period === 'day' ? s.byDay : s.byWeek;
  const rangeQuery = `since=${encodeURIComponent(d.since)}&until=${encodeURIComponent(d.until)}`;
  const body = `<header><h1>Lumen admin</h1><form method="post" action="/admin/logout">${csrf}<span class="muted">${e(d.actor)}</span> <button type="submit">Sign out</button></form></header>
<main>
${d.notice ? `<p class="notice" role="status">${e(d.notice)}</p>` : ''}${d.error ? `<p class="notice error" role="alert">${e(d.error)}</p>` : ''}
<section><form method="get" action="/admin" class="fields">
<label>From <input type="date" name="since" value="${e(d.since)}"></label>
<label>to <input type="date" name="until" value="${e(d.until)}"></label>
<label>per <select name="period"><option value="day"${d.period === 'day' ? ' selected' : ''}>day</option><option value="week"${d.period === 'week' ? ' selected' : ''}>week</option></select></label>
<div class="form-buttons"><button type="submit">Show</button></div></form></section>
<section id="feedback"><h2>Feedback over time</h2>
<p><strong id="helpful-rate">${pct(s.totals.helpfulRate)}</strong> helpful of <strong id="rating-count">${s.totals.ratings}</strong> ratings; ${s.totals.turns} questions, ${s.totals.abstained} unanswered.</p>
${renderHelpfulChart(buckets, d.period)}</section>
<section id="reasons"><h2>Not-helpful reasons</h2>${table(
    ['Reason', 'Count'],
    s.reasons.map((r) => [
      r.reason === 'none' ? 'No reason given' : FEEDBACK_REASON_LABELS[r.reason as FeedbackReason],
      num(r.count),
    ]),
  )}</section>
<section id="unanswered"><h2>Questions Lumen could not answer</h2>${groupsTable(s.unanswered)}</section>
<section id="documents"><h2>Documents most cited in not-helpful answers</h2>${table(
    ['Document', 'Title', 'Not-helpful answers'],
    s.documentsInBadAnswers.map((doc) => [e(doc.document), e(doc.title), num(doc.count)]),
  )}</section>
<section id="gaps"><h2>Gap report for content owners</h2><p class="muted">Abstained on, escalated or rated not helpful, grouped by similarity.</p>${groupsTable(d.gaps)}</section>
<section id="escalations"><h2>Escalations</h2>
<p>${s.escalations.total} in range; median time to resolution ${s.escalations.medianMinutesToResolve ?? '–'} min (${s.escalations.resolved} resolved).</p>
${d.escalations.length === 0 ? '<p class="muted">No escalations need attention.</p>' : `<table><thead><tr><th>Id</th><th>Status</th><th>Queue</th><th>Question</th><th>Actions</th></tr></thead><tbody>${d.escalations.map((x) => escalationRow(x, csrf)).join('')}</tbody></table>`}
</section>
<section id="curated"><h2>Curated answers waiting for approval</h2>
${d.proposals.length === 0 ? '<p class="muted">None.</p>' : `<table><tbody>${d.proposals.map((p) => proposalRow(p, csrf)).join('')}</tbody></table>`}
</section>
${d.campaigns ? campaignsSection(d.campaigns, csrf) : ''}
<section id="export"><h2>Export</h2><p>For the selected range:
<a id="export-csv" href="/admin/export?format=csv&amp;${e(rangeQuery)}">Feedback CSV</a> ·
<a id="export-jsonl" href="/admin/export?format=jsonl&amp;${e(rangeQuery)}">Feedback JSONL</a> ·
<a id="export-csv-pseudonymized" href="/admin/export?format=csv&amp;pseudonymize=1&amp;${e(rangeQuery)}">Feedback CSV, pseudonymized</a> ·
<a id="export-turns" href="/admin/export?format=jsonl&amp;kind=turns&amp;${e(rangeQuery)}">Questions JSONL</a></p></section>
</main>${d.campaigns ? `<script nonce="${e(d.nonce)}">${PREVIEW_IN_PLACE}</script>` : ''}`;
  return layout('Dashboard', d.nonce, body);
}

/**
 * Previews a campaign's audience without leaving the page: the form stays as it is and the
 * result appears beside its buttons. Without scripts the form posts and comes back filled in.
 */
const PREVIEW_IN_PLACE = `
const form = document.getElementById('campaign-form');
form.addEventListener('submit', async (event) => {
  if (!event.submitter || event.submitter.value !== 'preview' || !form.reportValidity()) return;
  event.preventDefault();
  const out = document.getElementById('campaign-result');
  const body = new URLSearchParams(new FormData(form));
  body.set('mode', 'preview');
  let result = { result: 'Could not preview the audience. Please try again.', refused: true };
  try {
    const res = await fetch(form.action, { method: 'POST', body, headers: { Accept: 'application/json' } });
    if (res.ok) result = await res.json();
  } catch {}
  out.textContent = result.result;
  out.className = result.refused ? 'notice error' : 'notice';
  out.setAttribute('role', result.refused ? 'alert' : 'status');
  out.hidden = false;
});`;

function num(n: number): string {
  return `<span class="num">${n}</span>`;
}

function table(head: string[], rows: string[][]): string {
  if (rows.length === 0) return '<p class="muted">Nothing in this range.</p>';
  return `<table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function groupsTable(groups: QuestionGroup[]): string {
  return table(
    ['Question', 'Count', 'Why', 'Also asked as'],
    groups.map((g) => [
      e(g.question),
      num(g.count),
      e(
        Object.entries(g.signals)
          .map(([k, v]) => `${k.replace('_', ' ')} ${v}`)
          .join(', '),
      ),
      e(g.variants.join(' · ')),
    ]),
  );
}

function action(id: string, name: string, csrf: string, label: string, extra = ''): string {
  return `<form class="inline" method="post" action="/admin/escalations/${e(id)}/${name}">${csrf}${extra}<button type="submit">${label}</button></form>`;
}

function escalationRow(x: EscalationRecord, csrf: string): string {
  const actions: string[] = [];
  const active = ['open', 'claimed', 'waiting_on_employee', 'answered'].includes(x.status);
  if (x.status === 'open') actions.push(action(x.id, 'claim', csrf, 'Claim'));
  if (active) {
    actions.push(
      action(
        x.id,
        'answer',
        csrf,
        'Send answer',
        `<label class="field">Answer for the employee <textarea name="text" rows="2" cols="36" aria-label="Answer to ${e(x.id.slice(0, 8))}" required></textarea></label>`,
      ),
      action(x.id, 'resolve', csrf, 'Resolve'),
    );
  }
  if (x.status === 'open' || x.status === 'claimed') {
    actions.push(
      action(
        x.id,
        'request-info',
        csrf,
        'Ask for more',
        `<label class="field">What do you need to know? <input type="text" name="text" aria-label="Question for the employee on ${e(x.id.slice(0, 8))}" size="20" required></label>`,
      ),
    );
  }
  if (active) {
    actions.push(
      action(
        x.id,
        'reassign',
        csrf,
        'Reassign',
        `<label class="field">Queue <input type="text" name="queue" aria-label="Queue for ${e(x.id.slice(0, 8))}" size="8" pattern="[A-Za-z0-9_-]+" required></label>`,
      ),
    );
  }
  if ((x.status === 'answered' || x.status === 'resolved') && x.answer) {
    actions.push(
      action(
        x.id,
        'promote',
        csrf,
        'Propose for knowledge',
        `<label class="field">Who may read it <input type="text" name="acl" value="everyone" size="14"></label>`,
      ),
    );
  }
  return `<tr data-escalation="${e(x.id)}"><td><code>${e(x.id.slice(0, 8))}</code></td><td>${e(x.status.replaceAll('_', ' '))}${
    x.claimedBy ? `<br><span class="muted">${e(x.claimedBy)}</span>` : ''
  }</td><td>${e(x.queue ?? 'default')}${x.topic ? `<br><span class="muted">${e(x.topic)}</span>` : ''}</td><td>${e(x.question)}${
    x.answer ? `<br><span class="muted">Answer: ${e(x.answer)}</span>` : ''
  }${escalationDetails(x)}</td><td>${actions.join('')}</td></tr>`;
}

/** What the person working an escalation needs: who, why, Lumen's attempt with sources, the conversation. */
function escalationDetails(x: EscalationRecord): string {
  const facts = [
    `From ${e(x.userName ?? x.userId)} on ${e(x.channel)}, ${e(x.createdAt.toISOString().slice(0, 16).replace('T', ' '))} UTC`,
    x.trigger ? `Why: ${e(x.trigger.replaceAll('_', ' '))}` : '',
    x.confidence !== undefined ? `Lumen's confidence: ${Math.round(x.confidence * 100)}%` : '',
    x.externalRef ? `Ticket: ${e(x.externalRef)}` : '',
    x.note ? `Note: ${e(x.note)}` : '',
  ].filter(Boolean);
  const attempt = x.attempt
    ? `<p>${x.attempt.abstained ? 'Lumen found no answer.' : `Lumen answered: ${e(x.attempt.answer)}`}</p>${
        x.attempt.sources.length
          ? `<ul>${x.attempt.sources.map((s) => `<li>${e(s.title)} <span class="muted">(${e(s.location)})</span></li>`).join('')}</ul>`
          : ''
      }`
    : '';
  const conversation = x.transcript.length
    ? `<ol>${x.transcript.map((t) => `<li><strong>${t.role === 'user' ? 'Employee' : 'Lumen'}:</strong> ${e(t.text)}</li>`).join('')}</ol>`
    : '';
  return `<details><summary>Details</summary><p class="muted">${facts.join(' · ')}</p>${attempt}${conversation}</details>`;
}

function proposalRow(p: CuratedEntry, csrf: string): string {
  const short = e(p.id.slice(0, 8));
  const approve = `<form method="post" action="/admin/curated/${e(p.id)}/approve">${csrf}
<p><label class="field">Answer <textarea name="answer" rows="3" cols="60" aria-label="Answer of ${short}" required>${e(p.answer)}</textarea></label></p>
<p><label class="field">Who may read it <input type="text" name="acl" value="${e(p.acl.join(', '))}" aria-label="Readers of ${short}" size="30"></label>
<button class="primary" type="submit">Approve</button></p></form>`;
  const reject = `<form class="inline" method="post" action="/admin/curated/${e(p.id)}/reject">${csrf}<button type="submit">Reject</button></form>`;
  return `<tr data-curated="${e(p.id)}"><td><strong>${e(p.question)}</strong><br><span class="muted">Proposed by ${e(
    p.proposedBy,
  )}</span>${approve}</td><td>${reject}</td></tr>`;
}
