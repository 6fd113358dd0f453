import { type Kysely, type Selectable, sql } from 'kysely';
import type {
  LearnerControls,
  LearnerProfile,
  LessonProgress,
  LessonRepository,
  LessonStep,
  QuizAnswerRecord,
  ReviewCardRecord,
} from '../core/lessons/lesson-ports.js';
import type { ChannelKind } from '../core/turn.js';
import { fromEpochMs, fromJson, fromNullable, toEpochMs, toJson } from './columns.js';
import type { Database } from './database.js';
import type { LessonTables } from './lesson-tables.js';

type ProgressRow = Selectable<LessonTables['lesson_progress']>;
type LearnerRow = Selectable<LessonTables['learners']>;
type CardRow = Selectable<LessonTables['review_cards']>;

function toLearner(row: LearnerRow): LearnerProfile {
  const name = fromNullable(row.name);
  const email = fromNullable(row.email);
  const timeZone = fromNullable(row.time_zone);
  return {
    userId: row.user_id,
    channel: row.channel as ChannelKind,
    conversationKey: row.conversation_key,
    ...(name === undefined ? {} : { name }),
    ...(email === undefined ? {} : { email }),
    groups: fromJson<string[]>(row.groups),
    ...(timeZone === undefined ? {} : { timeZone }),
    lastSeenAt: fromEpochMs(row.last_seen_at),
  };
}

function toProgress(row: ProgressRow): LessonProgress {
  return {
    userId: row.user_id,
    lessonId: row.lesson_id,
    step: row.step as LessonStep,
    position: Number(row.position),
    ...(row.confidence_before === null ? {} : { confidenceBefore: Number(row.confidence_before) }),
    ...(row.confidence_after === null ? {} : { confidenceAfter: Number(row.confidence_after) }),
    correct: Number(row.correct),
    answered: Number(row.answered),
    ...(row.useful === null ? {} : { useful: Number(row.useful) === 1 }),
    startedAt: fromEpochMs(row.started_at),
    ...(row.completed_at === null ? {} : { completedAt: fromEpochMs(row.completed_at) }),
    updatedAt: fromEpochMs(row.updated_at),
  };
}

function toCard(row: CardRow): ReviewCardRecord {
  return {
    userId: row.user_id,
    lessonId: row.lesson_id,
    question: Number(row.question),
    due: fromEpochMs(row.due),
    card: row.card,
  };
}

/** Learners, lesson progress, quiz answers and review cards in SQL. */
export function createLessonRepository(db: Kysely<Database>): LessonRepository {
  return {
    async saveLearner(p) {
      const values = {
        user_id: p.userId,
        channel: p.channel,
        conversation_key: p.conversationKey,
        name: p.name ?? null,
        email: p.email ?? null,
        groups: toJson(p.groups),
        time_zone: p.timeZone ?? null,
        last_seen_at: toEpochMs(p.lastSeenAt),
      };
      await db
        .insertInto('learners')
        .values({ ...values, opted_out: 0, paused_until: null })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet((eb) => ({
            channel: values.channel,
            conversation_key: values.conversation_key,
            groups: values.groups,
            last_seen_at: values.last_seen_at,
            // A channel that does not know the name, email or time zone keeps what another told.
            name: eb.fn.coalesce(eb.ref('excluded.name'), eb.ref('learners.name')),
            email: eb.fn.coalesce(eb.ref('excluded.email'), eb.ref('learners.email')),
            time_zone: eb.fn.coalesce(eb.ref('excluded.time_zone'), eb.ref('learners.time_zone')),
          })),
        )
        .execute();
    },

    async getLearner(userId) {
      const row = await db
        .selectFrom('learners')
        .selectAll()
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row ? toLearner(row) : undefined;
    },

    async listLearners() {
      const rows = await db.selectFrom('learners').selectAll().orderBy('user_id').execute();
      return rows.map(toLearner);
    },

    async noteConversation(userId, conversationKey, at) {
      await db
        .insertInto('learner_conversations')
        .values({ user_id: userId, conversation_key: conversationKey, seen_at: toEpochMs(at) })
        .onConflict((oc) =>
          oc.columns(['user_id', 'conversation_key']).doUpdateSet({ seen_at: toEpochMs(at) }),
        )
        .execute();
    },

    async membersOf(prefix) {
      const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
      const rows = await db
        .selectFrom('learner_conversations')
        .select('user_id')
        .distinct()
        .where(sql<boolean>`conversation_key like ${`${escaped}%`} escape '\\'`)
        .orderBy('user_id')
        .execute();
      return rows.map((r) => r.user_id);
    },

    async getControls(userId) {
      const row = await db
        .selectFrom('learners')
        .select(['opted_out', 'paused_until'])
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return {
        userId,
        optedOut: Number(row?.opted_out ?? 0) === 1,
        ...(row?.paused_until == null ? {} : { pausedUntil: fromEpochMs(row.paused_until) }),
      };
    },

    async saveControls(c: LearnerControls) {
      await db
        .updateTable('learners')
        .set({
          opted_out: c.optedOut ? 1 : 0,
          paused_until: c.pausedUntil ? toEpochMs(c.pausedUntil) : null,
        })
        .where('user_id', '=', c.userId)
        .execute();
    },

    async listProgress(userId) {
      const rows = await db
        .selectFrom('lesson_progress')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('started_at')
        .execute();
      return rows.map(toProgress);
    },

    async getProgress(userId, lessonId) {
      const row = await db
        .selectFrom('lesson_progress')
        .selectAll()
        .where('user_id', '=', userId)
        .where('lesson_id', '=', lessonId)
        .executeTakeFirst();
      return row ? toProgress(row) : undefined;
    },

    async saveProgress(p) {
      const values = {
        user_id: p.userId,
        lesson_id: p.lessonId,
        step: p.step,
        position: p.position,
        confidence_before: p.confidenceBefore ?? null,
        confidence_after: p.confidenceAfter ?? null,
        correct: p.correct,
        answered: p.answered,
        useful: p.useful === undefined ? null : p.useful ? 1 : 0,
        started_at: toEpochMs(p.startedAt),
        completed_at: p.completedAt ? toEpochMs(p.completedAt) : null,
        updated_at: toEpochMs(p.updatedAt),
      };
      const { user_id: _u, lesson_id: _l, ...update } = values;
      await db
        .insertInto('lesson_progress')
        .values(values)
        .onConflict((oc) => oc.columns(['user_id', 'lesson_id']).doUpdateSet(update))
        .execute();
    },

    async progressOn(lessonId) {
      const rows = await db
        .selectFrom('lesson_progress')
        .selectAll()
        .where('lesson_id', '=', lessonId)
        .execute();
      return rows.map(toProgress);
    },

    async recordAnswer(a: QuizAnswerRecord) {
      await db
        .insertInto('quiz_answers')
        .values({
          user_id: a.userId,
          lesson_id: a.lessonId,
          question: a.question,
          choice: a.choice,
          correct: a.correct ? 1 : 0,
          review: a.review ? 1 : 0,
          answered_at: toEpochMs(a.answeredAt),
        })
        .execute();
    },

    async answersOn(lessonId) {
      const rows = await db
        .selectFrom('quiz_answers')
        .selectAll()
        .where('lesson_id', '=', lessonId)
        .orderBy('answered_at')
        .execute();
      return rows.map((r) => ({
        userId: r.user_id,
        lessonId: r.lesson_id,
        question: Number(r.question),
        choice: Number(r.choice),
        correct: Number(r.correct) === 1,
        review: Number(r.review) === 1,
        answeredAt: fromEpochMs(r.answered_at),
      }));
    },

    async getCard(userId, lessonId, question) {
      const row = await db
        .selectFrom('review_cards')
        .selectAll()
        .where('user_id', '=', userId)
        .where('lesson_id', '=', lessonId)
        .where('question', '=', question)
        .executeTakeFirst();
      return row ? toCard(row) : undefined;
    },

    async saveCard(c) {
      await db
        .insertInto('review_cards')
        .values({
          user_id: c.userId,
          lesson_id: c.lessonId,
          question: c.question,
          due: toEpochMs(c.due),
          card: c.card,
        })
        .onConflict((oc) =>
          oc
            .columns(['user_id', 'lesson_id', 'question'])
            .doUpdateSet({ due: toEpochMs(c.due), card: c.card }),
        )
        .execute();
    },

    async deleteCard(userId, lessonId, question) {
      await db
        .deleteFrom('review_cards')
        .where('user_id', '=', userId)
        .where('lesson_id', '=', lessonId)
        .where('question', '=', question)
        .execute();
    },

    async dueCards(userId, now, limit) {
      const rows = await db
        .selectFrom('review_cards')
        .selectAll()
        .where('user_id', '=', userId)
        .where('due', '<=', toEpochMs(now))
        .orderBy('due')
        .limit(limit)
        .execute();
      return rows.map(toCard);
    },
  };
}
