import type { Campaign } from '../../../core/campaigns/campaign.js';
import { describeAudience } from '../../../core/campaigns/describe-audience.js';
import { escapeHtml as e } from './html.js';

/** What the campaigns section shows: the campaigns so far and the lessons a new one can teach. */
export interface CampaignsView {
  campaigns: Campaign[];
  lessons: { id: string; title: string }[];
  /** The form as it was submitted, after a preview or a refusal. */
  form?: Record<string, string>;
  /** The preview (or why the campaign was not created), shown beside the form's buttons. */
  result?: string;
}

/** The L&D section of the admin page: campaigns with their state, and a form to start one. */
export function campaignsSection(view: CampaignsView, csrf: string): string {
  const rows = view.campaigns
    .slice(0, 50)
    .map(
      (c) =>
        `<tr><td><code>${e(c.id.slice(0, 8))}</code></td><td>${e(c.name)}</td><td>${e(c.lessonId ?? 'message')}</td><td>${e(describeAudience(c.audience))}</td><td>${e(c.status)}</td><td>${e(c.startsAt.toISOString().slice(0, 16).replace('T', ' '))}</td></tr>`,
    )
    .join('');
  const form = view.form ?? {};
  const value = (name: string, fallback = '') => e(form[name] ?? fallback);
  const options = view.lessons
    .map((l) => `<option value="${e(l.id)}"${form.lesson === l.id ? ' selected' : ''}>${e(l.title)}</option>`)
    .join('');
  const refused = view.result?.startsWith('Not created');
  const result = view.result
    ? `<p id="campaign-result" class="notice${refused ? ' error' : ''}" role="${refused ? 'alert' : 'status'}">${e(view.result)}</p>`
    : '<p id="campaign-result" role="status" hidden></p>';
  return `<section id="campaigns"><h2>Training campaigns</h2>
${view.campaigns.length === 0 ? '<p class="muted">No campaigns yet.</p>' : `<table><thead><tr><th>Id</th><th>Name</th><th>Lesson</th><th>Audience</th><th>Status</th><th>Starts (UTC)</th></tr></thead><tbody>${rows}</tbody></table>`}
<h3>New campaign</h3>
<form id="campaign-form" class="fields" method="post" action="/admin/campaigns">${csrf}
<label>Name <input name="name" required maxlength="200" value="${value('name')}"></label>
<label>Lesson <select name="lesson">${options}</select></label>
<label>Audience <input name="audience" required maxlength="200" value="${value('audience', 'everyone')}" aria-describedby="audience-hint"></label>
<label>Starts (UTC) <input name="start" type="datetime-local" value="${value('start')}"></label>
<label>Delivery window <input name="window" value="${value('window', '09:00-17:00')}" pattern="\\d\\d:\\d\\d-\\d\\d:\\d\\d"></label>
<label>Quiet hours <input name="quiet" value="${value('quiet', '20:00-08:00')}" pattern="\\d\\d:\\d\\d-\\d\\d:\\d\\d"></label>
<label>Reminders <input name="reminders" value="${value('reminders', '2h,1d,3d')}"></label>
<p id="audience-hint" class="hint">Audience: <code>everyone</code>, <code>group:NAME</code>, <code>role:NAME</code>, <code>not-completed:LESSON</code>, <code>slack:CHANNEL</code> or <code>teams:TEAM</code>.</p>
<div class="form-buttons"><button type="submit" name="mode" value="preview">Preview audience</button>
<button class="primary" type="submit" name="mode" value="create">Start campaign</button></div>
${result}
</form></section>`;
}
