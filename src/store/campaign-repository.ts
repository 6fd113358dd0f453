import type { Kysely, Selectable } from 'kysely';
import type {
  Audience,
  Campaign,
  CampaignRecipient,
  CampaignRepository,
  CampaignStatus,
  DeliveryWindow,
  RecipientState,
} from '../core/campaigns/campaign.js';
import { fromEpochMs, fromJson, toEpochMs, toJson } from './columns.js';
import type { Database } from './database.js';
import type { LessonTables } from './lesson-tables.js';

type CampaignRow = Selectable<LessonTables['campaigns']>;
type RecipientRow = Selectable<LessonTables['campaign_recipients']>;

function toCampaign(r: CampaignRow): Campaign {
  return {
    id: r.id,
    name: r.name,
    ...(r.lesson_id === null ? {} : { lessonId: r.lesson_id }),
    ...(r.message === null ? {} : { message: r.message }),
    audience: fromJson<Audience>(r.audience),
    startsAt: fromEpochMs(r.starts_at),
    window: fromJson<DeliveryWindow>(r.delivery_window),
    reminders: fromJson<number[]>(r.reminders),
    caps: fromJson<Campaign['caps']>(r.caps),
    status: r.status as CampaignStatus,
    createdBy: r.created_by,
    createdAt: fromEpochMs(r.created_at),
  };
}

function toRecipient(r: RecipientRow): CampaignRecipient {
  return {
    campaignId: r.campaign_id,
    userId: r.user_id,
    channel: r.channel,
    conversationKey: r.conversation_key,
    ...(r.time_zone === null ? {} : { timeZone: r.time_zone }),
    state: r.state as RecipientState,
    step: Number(r.step),
    nextAt: fromEpochMs(r.next_at),
    attempts: Number(r.attempts),
    ...(r.lease_until === null ? {} : { leaseUntil: fromEpochMs(r.lease_until) }),
    ...(r.last_sent_at === null ? {} : { lastSentAt: fromEpochMs(r.last_sent_at) }),
    sentCount: Number(r.sent_count),
    ...(r.opened_at === null ? {} : { openedAt: fromEpochMs(r.opened_at) }),
    ...(r.error === null ? {} : { error: r.error }),
  };
}

/** Applies recipient changes, inside a transaction or not. */
async function updateRecipient(
  db: Kysely<Database>,
  campaignId: string,
  userId: string,
  changes: Partial<Omit<CampaignRecipient, 'campaignId' | 'userId'>>,
): Promise<void> {
  const set: Partial<Record<keyof RecipientRow, unknown>> = {};
  if (changes.state !== undefined) set.state = changes.state;
  if (changes.step !== undefined) set.step = changes.step;
  if (changes.nextAt !== undefined) set.next_at = toEpochMs(changes.nextAt);
  if (changes.attempts !== undefined) set.attempts = changes.attempts;
  if ('leaseUntil' in changes) set.lease_until = changes.leaseUntil ? toEpochMs(changes.leaseUntil) : null;
  if (changes.lastSentAt !== undefined) set.last_sent_at = toEpochMs(changes.lastSentAt);
  if (changes.sentCount !== undefined) set.sent_count = changes.sentCount;
  if ('error' in changes) set.error = changes.error ?? null;
  await db
    .updateTable('campaign_recipients')
    .set(set as never)
    .where('campaign_id', '=', campaignId)
    .where('user_id', '=', userId)
    .execute();
}

const INSERT_BATCH = 500;

/** Campaigns, per-recipient delivery state and the nudge log in SQL. */
export function createCampaignRepository(db: Kysely<Database>): CampaignRepository {
  return {
    async create(c) {
      await db
        .insertInto('campaigns')
        .values({
          id: c.id,
          name: c.name,
          lesson_id: c.lessonId ?? null,
          message: c.message ?? null,
          audience: toJson(c.audience),
          starts_at: toEpochMs(c.startsAt),
          delivery_window: toJson(c.window),
          reminders: toJson(c.reminders),
          caps: toJson(c.caps),
          status: c.status,
          created_by: c.createdBy,
          created_at: toEpochMs(c.createdAt),
        })
        .execute();
    },

    async get(id) {
      const row = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toCampaign(row) : undefined;
    },

    async list() {
      const rows = await db.selectFrom('campaigns').selectAll().orderBy('created_at', 'desc').execute();
      return rows.map(toCampaign);
    },

    async setStatus(id, status) {
      await db.updateTable('campaigns').set({ status }).where('id', '=', id).execute();
    },

    async addRecipients(recipients) {
      for (let i = 0; i < recipients.length; i += INSERT_BATCH) {
        const batch = recipients.slice(i, i + INSERT_BATCH).map((r) => ({
          campaign_id: r.campaignId,
          user_id: r.userId,
          channel: r.channel,
          conversation_key: r.conversationKey,
          time_zone: r.timeZone ?? null,
          state: r.state,
          step: r.step,
          next_at: toEpochMs(r.nextAt),
          attempts: r.attempts,
          lease_until: null,
          last_sent_at: null,
          sent_count: r.sentCount,
          opened_at: null,
          error: null,
        }));
        await db
          .insertInto('campaign_recipients')
          .values(batch)
          .onConflict((oc) => oc.columns(['campaign_id', 'user_id']).doNothing())
          .execute();
      }
    },

    async recipients(campaignId) {
      const rows = await db
        .selectFrom('campaign_recipients')
        .selectAll()
        .where('campaign_id', '=', campaignId)
        .orderBy('user_id')
        .execute();
      return rows.map(toRecipient);
    },

    async getRecipient(campaignId, userId) {
      const row = await db
        .selectFrom('campaign_recipients')
        .selectAll()
        .where('campaign_id', '=', campaignId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row ? toRecipient(row) : undefined;
    },

    async markOpened(campaignId, userId, at) {
      await db
        .updateTable('campaign_recipients')
        .set({ opened_at: toEpochMs(at) })
        .where('campaign_id', '=', campaignId)
        .where('user_id', '=', userId)
        .where('opened_at', 'is', null)
        .execute();
    },

    async countWaiting(campaignId) {
      const row = await db
        .selectFrom('campaign_recipients')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('campaign_id', '=', campaignId)
        .where('state', 'in', ['pending', 'sending'])
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async due(now, limit, channel) {
      const at = toEpochMs(now);
      let query = db
        .selectFrom('campaign_recipients as r')
        .innerJoin('campaigns as c', 'c.id', 'r.campaign_id')
        .selectAll('r')
        .where('c.status', '=', 'active');
      if (channel !== undefined) query = query.where('r.channel', '=', channel);
      const rows = await query
        .where((eb) =>
          eb.or([
            eb.and([eb('r.state', '=', 'pending'), eb('r.next_at', '<=', at)]),
            eb.and([eb('r.state', '=', 'sending'), eb('r.lease_until', '<=', at)]),
          ]),
        )
        .orderBy('r.next_at')
        .orderBy('r.user_id')
        .limit(limit)
        .execute();
      return rows.map(toRecipient);
    },

    async claim(r, now, leaseUntil) {
      const result = await db
        .updateTable('campaign_recipients')
        .set({ state: 'sending', lease_until: toEpochMs(leaseUntil) })
        .where('campaign_id', '=', r.campaignId)
        .where('user_id', '=', r.userId)
        .where('step', '=', r.step)
        .where('state', '=', r.state)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', toEpochMs(now))]))
        // A campaign cancelled a moment ago sends nothing more, even mid-run.
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('campaigns')
              .select('campaigns.id')
              .where('campaigns.id', '=', r.campaignId)
              .where('campaigns.status', '=', 'active'),
          ),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async updateRecipient(campaignId, userId, changes) {
      await updateRecipient(db, campaignId, userId, changes);
    },

    async settleSent(campaignId, userId, changes, nudgeAt) {
      await db.transaction().execute(async (tx) => {
        await updateRecipient(tx, campaignId, userId, changes);
        if (nudgeAt) {
          await tx
            .insertInto('nudge_log')
            .values({ user_id: userId, campaign_id: campaignId, sent_at: toEpochMs(nudgeAt) })
            .execute();
        }
      });
    },

    async recordNudge(userId, campaignId, sentAt) {
      await db
        .insertInto('nudge_log')
        .values({ user_id: userId, campaign_id: campaignId, sent_at: toEpochMs(sentAt) })
        .execute();
    },

    async nudgesSince(userId, since) {
      const rows = await db
        .selectFrom('nudge_log')
        .select('sent_at')
        .where('user_id', '=', userId)
        .where('sent_at', '>=', toEpochMs(since))
        .orderBy('sent_at')
        .execute();
      return rows.map((r) => fromEpochMs(r.sent_at));
    },
  };
}
