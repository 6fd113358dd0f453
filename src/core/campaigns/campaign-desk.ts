import { randomUUID } from 'node:crypto';
import { InputError } from '../errors.js';
import { AuditTrail } from '../governance/audit.js';
import { isLessonFor } from '../lessons/lesson.js';
import type { LessonCatalog } from '../lessons/lesson-catalog.js';
import { type Clock, type Logger, type Messenger, type Store, silentLogger } from '../ports.js';
import type { ChannelKind } from '../turn.js';
import { parseAudience, resolveAudience } from './audience.js';
import {
  type Audience,
  type Campaign,
  DEFAULT_CAPS,
  DEFAULT_REMINDERS,
  DEFAULT_WINDOW,
  type DeliveryWindow,
} from './campaign.js';
import { type CampaignReport, campaignReport } from './campaign-report.js';
import { nudgeReply } from './nudge-reply.js';

/** What L&D asks for when creating a campaign. */
export interface CampaignDraft {
  name: string;
  lessonId?: string;
  message?: string;
  /** An Audience, or its text form (`everyone`, `group:…`, `role:…`, `not-completed:…`, `conversation:…`). */
  audience: Audience | string;
  startsAt?: Date;
  window?: Partial<DeliveryWindow>;
  reminders?: number[];
  caps?: Partial<Campaign['caps']>;
  createdBy: string;
}

/** How many people a draft would reach, before launch. */
export interface AudiencePreview {
  audience: number;
  optedOut: number;
  alreadyCompleted: number;
  /** People whose role the lesson is not meant for (its `audience` front matter). */
  notForRole: number;
  /** People only seen in shared conversations, with no direct conversation to nudge them in. */
  unreachable: number;
  /** Who would be targeted. */
  targeted: number;
}

function invalid(message: string): InputError {
  return new InputError('campaign_invalid', message, message);
}

/** Creates, previews, test-sends, cancels and reports L&D campaigns; the runner delivers them. */
export class CampaignDesk {
  private readonly audit: AuditTrail;

  constructor(
    private readonly store: Store,
    private readonly lessons: LessonCatalog,
    private readonly messenger: Messenger,
    private readonly clock: Clock,
    log: Logger = silentLogger,
  ) {
    this.audit = new AuditTrail(store.audit, clock, log);
  }

  /** Checks a draft and fills in defaults, naming the first bad field. */
  build(draft: CampaignDraft): Campaign {
    if (!draft.name.trim()) throw invalid('name must not be empty');
    if (!draft.lessonId && !draft.message?.trim()) throw invalid('a campaign needs a lesson or a message');
    if (draft.lessonId && !this.lessons.get(draft.lessonId)) {
      throw invalid(`lesson "${draft.lessonId}" does not exist; run \`lessons list\` to see the ids`);
    }
    const audience = typeof draft.audience === 'string' ? parseAudience(draft.audience) : draft.audience;
    if (!audience) {
      throw invalid(
        `audience "${String(draft.audience)}" is not understood; use everyone, group:<name>, role:<name>, not-completed:<lesson id> or conversation:<key prefix>`,
      );
    }
    if (audience.kind === 'not_completed' && !this.lessons.get(audience.lessonId)) {
      throw invalid(`audience lesson "${audience.lessonId}" does not exist`);
    }
    const window = { ...DEFAULT_WINDOW, ...draft.window };
    for (const key of ['start', 'end', 'quietStart', 'quietEnd'] as const) {
      if (!(window[key] >= 0 && window[key] <= 24 * 60)) throw invalid(`window ${key} must be a time of day`);
    }
    if (window.end <= window.start) throw invalid('the delivery window must end after it starts');
    const caps = { ...DEFAULT_CAPS, ...draft.caps };
    if (!(caps.perDay >= 1 && caps.perWeek >= caps.perDay)) {
      throw invalid('frequency caps need at least 1 a day and no fewer a week than a day');
    }
    const reminders = draft.reminders ?? (draft.lessonId ? DEFAULT_REMINDERS : []);
    if (reminders.some((m) => !(m > 0))) throw invalid('reminders must be positive delays');
    const now = this.clock.now();
    return {
      id: randomUUID(),
      name: draft.name.trim(),
      ...(draft.lessonId ? { lessonId: draft.lessonId } : {}),
      ...(draft.message?.trim() ? { message: draft.message.trim() } : {}),
      audience,
      startsAt: draft.startsAt ?? now,
      window,
      reminders,
      caps,
      status: 'active',
      createdBy: draft.createdBy,
      createdAt: now,
    };
  }

  /** Audience size before launch. */
  async preview(draft: CampaignDraft): Promise<AudiencePreview> {
    const campaign = this.build(draft);
    const { targeted, optedOut, alreadyCompleted, notForRole, unreachable, audience } =
      await this.target(campaign);
    return { audience, optedOut, alreadyCompleted, notForRole, unreachable, targeted: targeted.length };
  }

  /** Sends the nudge, marked as a test, to one person Lumen knows (usually the author). */
  async testSend(draft: CampaignDraft, userId: string): Promise<void> {
    const campaign = this.build(draft);
    const learner = await this.store.lessons.getLearner(userId);
    if (!learner?.conversationKey) {
      throw invalid(`Lumen has no direct conversation with "${userId}" yet, so it cannot reach them`);
    }
    const lesson = campaign.lessonId ? this.lessons.get(campaign.lessonId) : undefined;
    await this.messenger.deliver(
      { channel: learner.channel, conversationKey: learner.conversationKey, userId },
      nudgeReply(campaign, lesson, 0, true),
    );
  }

  /** Saves the campaign and its recipients; the runner delivers from its start time. */
  async create(draft: CampaignDraft): Promise<{ campaign: Campaign; targeted: number }> {
    const campaign = this.build(draft);
    const { targeted } = await this.target(campaign);
    await this.store.campaigns.create(campaign);
    await this.store.campaigns.addRecipients(
      targeted.map((l) => ({
        campaignId: campaign.id,
        userId: l.userId,
        channel: l.channel as ChannelKind,
        conversationKey: l.conversationKey,
        ...(l.timeZone ? { timeZone: l.timeZone } : {}),
        state: 'pending' as const,
        step: 0,
        nextAt: campaign.startsAt,
        attempts: 0,
        sentCount: 0,
      })),
    );
    await this.audit.record(campaign.createdBy, 'campaign.create', campaign.id, {
      name: campaign.name,
      lessonId: campaign.lessonId,
      audience: campaign.audience,
      targeted: targeted.length,
    });
    return { campaign, targeted: targeted.length };
  }

  private async target(campaign: Campaign) {
    const everyone = await resolveAudience(this.store, campaign.audience);
    let optedOut = 0;
    let alreadyCompleted = 0;
    let notForRole = 0;
    let unreachable = 0;
    const lesson = campaign.lessonId ? this.lessons.get(campaign.lessonId) : undefined;
    const completed = campaign.lessonId
      ? new Set(
          (await this.store.lessons.progressOn(campaign.lessonId))
            .filter((p) => p.completedAt)
            .map((p) => p.userId),
        )
      : new Set<string>();
    const targeted = [];
    for (const learner of everyone) {
      if (completed.has(learner.userId)) {
        alreadyCompleted++;
        continue;
      }
      if (lesson && !isLessonFor(lesson, learner.groups)) {
        notForRole++;
        continue;
      }
      if (!learner.conversationKey) {
        unreachable++;
        continue;
      }
      if ((await this.store.lessons.getControls(learner.userId)).optedOut) optedOut++;
      targeted.push(learner);
    }
    return { targeted, optedOut, alreadyCompleted, notForRole, unreachable, audience: everyone.length };
  }

  list(): Promise<Campaign[]> {
    return this.store.campaigns.list();
  }

  /** A campaign by id or by the first characters of its id. */
  async find(idOrPrefix: string): Promise<Campaign | undefined> {
    const exact = await this.store.campaigns.get(idOrPrefix);
    if (exact) return exact;
    const matches = (await this.list()).filter((c) => c.id.startsWith(idOrPrefix));
    return matches.length === 1 ? matches[0] : undefined;
  }

  async cancel(id: string, by: string): Promise<void> {
    await this.store.campaigns.setStatus(id, 'cancelled');
    await this.audit.record(by, 'campaign.cancel', id, {});
  }

  async report(id: string): Promise<CampaignReport> {
    const campaign = await this.store.campaigns.get(id);
    if (!campaign) throw invalid(`no campaign has the id "${id}"`);
    return campaignReport(this.store, this.lessons, campaign);
  }
}
