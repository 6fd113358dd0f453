import type { Kysely } from 'kysely';
import type { PersonalDataExport, PrivacyRepository, RetentionCutoffs } from '../core/ports.js';
import { fromEpochMs, fromJson, toEpochMs } from './columns.js';
import type { Database } from './database.js';

/**
 * A person's data across the store, found by their user ids. Erasure keeps each row (so
 * counts of turns, ratings and escalations stay right) but removes what identifies the
 * person or what they wrote: ids become a pseudonym, text is emptied, replies delivered
 * to their conversations are deleted.
 */
export function createPrivacyRepository(db: Kysely<Database>): PrivacyRepository {
  return {
    async exportUser(userIds: string[]): Promise<PersonalDataExport> {
      if (userIds.length === 0) return { turns: [], feedback: [], escalations: [], lessons: [] };
      const turns = await db
        .selectFrom('turns')
        .select(['id', 'channel', 'conversation_key', 'question', 'answer', 'created_at'])
        .where('user_id', 'in', userIds)
        .orderBy('created_at')
        .execute();
      const feedback = await db
        .selectFrom('feedback')
        .select(['turn_id', 'rating', 'reason', 'comment', 'created_at'])
        .where('user_id', 'in', userIds)
        .orderBy('created_at')
        .execute();
      const escalations = await db
        .selectFrom('escalations')
        .select(['id', 'question', 'transcript', 'note', 'status', 'answer', 'created_at'])
        .where('user_id', 'in', userIds)
        .orderBy('created_at')
        .execute();
      const lessons = await db
        .selectFrom('lesson_progress')
        .select(['lesson_id', 'step', 'correct', 'answered', 'started_at', 'completed_at'])
        .where('user_id', 'in', userIds)
        .orderBy('started_at')
        .execute();
      return {
        lessons: lessons.map((l) => ({
          lessonId: l.lesson_id,
          step: l.step,
          correct: Number(l.correct),
          answered: Number(l.answered),
          startedAt: fromEpochMs(l.started_at).toISOString(),
          completedAt: l.completed_at === null ? null : fromEpochMs(l.completed_at).toISOString(),
        })),
        turns: turns.map((t) => ({
          id: t.id,
          channel: t.channel,
          conversation: t.conversation_key,
          question: t.question,
          answer: t.answer,
          at: fromEpochMs(t.created_at).toISOString(),
        })),
        feedback: feedback.map((f) => ({
          turnId: f.turn_id,
          rating: f.rating,
          reason: f.reason,
          comment: f.comment,
          at: fromEpochMs(f.created_at).toISOString(),
        })),
        escalations: escalations.map((e) => ({
          id: e.id,
          question: e.question,
          transcript: fromJson<unknown[]>(e.transcript),
          note: e.note,
          status: e.status,
          answer: e.answer,
          at: fromEpochMs(e.created_at).toISOString(),
        })),
      };
    },

    async eraseUser(userIds: string[], pseudonym: string) {
      if (userIds.length === 0) return { turns: 0, feedback: 0, escalations: 0, messages: 0, lessons: 0 };
      return db.transaction().execute(async (trx) => {
        const conversations = (
          await trx
            .selectFrom('turns')
            .select('conversation_key')
            .distinct()
            .where('user_id', 'in', userIds)
            .execute()
        ).map((row) => row.conversation_key);
        const messages =
          conversations.length === 0
            ? 0
            : Number(
                (
                  await trx
                    .deleteFrom('outbox')
                    .where('conversation_key', 'in', conversations)
                    .executeTakeFirst()
                ).numDeletedRows,
              );
        // Without them nothing can be sent to the person unasked any more.
        await trx.deleteFrom('conversation_references').where('user_id', 'in', userIds).execute();
        // Who they are as a learner goes; what they did stays under the pseudonym for lesson reports.
        await trx.deleteFrom('learners').where('user_id', 'in', userIds).execute();
        await trx.deleteFrom('learner_conversations').where('user_id', 'in', userIds).execute();
        await trx.deleteFrom('review_cards').where('user_id', 'in', userIds).execute();
        const lessons = await trx
          .updateTable('lesson_progress')
          .set({ user_id: pseudonym })
          .where('user_id', 'in', userIds)
          .executeTakeFirst();
        await trx
          .updateTable('quiz_answers')
          .set({ user_id: pseudonym })
          .where('user_id', 'in', userIds)
          .execute();
        await trx
          .updateTable('campaign_recipients')
          .set({ user_id: pseudonym, conversation_key: pseudonym })
          .where('user_id', 'in', userIds)
          .execute();
        await trx
          .updateTable('nudge_log')
          .set({ user_id: pseudonym })
          .where('user_id', 'in', userIds)
          .execute();
        const turns = await trx
          .updateTable('turns')
          .set({ user_id: pseudonym, user_name: null, question: '', standalone_query: '', answer: '' })
          .where('user_id', 'in', userIds)
          .executeTakeFirst();
        const feedback = await trx
          .updateTable('feedback')
          .set({ user_id: pseudonym, comment: null })
          .where('user_id', 'in', userIds)
          .executeTakeFirst();
        const escalations = await trx
          .updateTable('escalations')
          .set({
            user_id: pseudonym,
            user_name: null,
            question: '',
            transcript: '[]',
            note: null,
            answer: null,
          })
          .where('user_id', 'in', userIds)
          .executeTakeFirst();
        return {
          lessons: Number(lessons.numUpdatedRows),
          turns: Number(turns.numUpdatedRows),
          feedback: Number(feedback.numUpdatedRows),
          escalations: Number(escalations.numUpdatedRows),
          messages,
        };
      });
    },

    async purge(cutoffs: RetentionCutoffs, heldUserIds: string[]) {
      let conversationText = 0;
      let feedbackComments = 0;
      let messages = 0;
      if (cutoffs.conversationTextBefore) {
        const before = toEpochMs(cutoffs.conversationTextBefore);
        let turns = db
          .updateTable('turns')
          .set({ question: '', standalone_query: '', answer: '' })
          .where('created_at', '<', before)
          .where('question', '!=', '');
        if (heldUserIds.length > 0) turns = turns.where('user_id', 'not in', heldUserIds);
        conversationText = Number((await turns.executeTakeFirst()).numUpdatedRows);
        let outbox = db.deleteFrom('outbox').where('created_at', '<', before);
        if (heldUserIds.length > 0) {
          const held = db.selectFrom('turns').select('conversation_key').where('user_id', 'in', heldUserIds);
          outbox = outbox.where('conversation_key', 'not in', held);
        }
        messages = Number((await outbox.executeTakeFirst()).numDeletedRows);
      }
      if (cutoffs.feedbackCommentsBefore) {
        let comments = db
          .updateTable('feedback')
          .set({ comment: null })
          .where('created_at', '<', toEpochMs(cutoffs.feedbackCommentsBefore))
          .where('comment', 'is not', null);
        if (heldUserIds.length > 0) comments = comments.where('user_id', 'not in', heldUserIds);
        feedbackComments = Number((await comments.executeTakeFirst()).numUpdatedRows);
      }
      return { conversationText, feedbackComments, messages };
    },
  };
}
