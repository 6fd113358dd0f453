import type { Campaign } from '../../../core/campaigns/campaign.js';
import { describeAudience } from '../../../core/campaigns/describe-audience.js';
import { escapeHtml as e } from './html.js';

/** What the campaigns section shows: the campaigns so far and the lessons a new one can teach. */
export interface CampaignsView {
  campaigns: Campaign[];
  lessons: { id: string; title: string }[];
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
  const options = view.lessons.map((l) => `<option value="${e(l.id)}">${e(l.title)}</option>`).join('');
  return `<section id="campaigns"><h2>Training campaigns</h2>
${view.campaigns.length === 0 ? '<p class="muted">No campaigns yet.</p>' : `<table><thead><tr><th>Id</th><th>Name</th><th>Lesson</th><th>Audience</th><th>Status</th><th>Starts (UTC)</th></tr></thead><tbody>${rows}</tbody></table>`}
<form method="post" action="/admin/campaigns">${csrf}
<label>Name <input name="name" required maxlength="200"></label>
<label>Lesson <select name="lesson">${options}</select></label>
<label>Audience <input name="audience" required maxlength="200" value="everyone" title="everyone, group:NAME, role:NAME, not-completed:LESSON, slack:CHANNEL or teams:TEAM"></label>
<label>Starts <input name="start" type="datetime-local"></label>
<label>Delivery window <input name="window" value="09:00-17:00" pattern="\\d\\d:\\d\\d-\\d\\d:\\d\\d"></label>
<label>Quiet hours <input name="quiet" value="20:00-08:00" pattern="\\d\\d:\\d\\d-\\d\\d:\\d\\d"></label>
<label>Reminders <input name="reminders" value="2h,1d,3d"></label>
<button type="submit" name="mode" value="preview">Preview audience</button>
<button type="submit" name="mode" value="create">Start campaign</button>
</form></section>`;
}
