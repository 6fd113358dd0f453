import BetterSqlite3 from 'better-sqlite3';
import { openStore } from '../../src/store/index.js';

/**
 * Writes `count` answered turns, each rated once, straight into a SQLite store file (migrated
 * first), one minute apart from `start`; every seventh rating is not helpful. Fast enough for
 * 100,000 rows, which inserting through the repositories one by one is not.
 */
export async function seedFeedbackRows(
  sqlitePath: string,
  count: number,
  start = Date.UTC(2026, 0, 1),
): Promise<void> {
  await (await openStore({ sqlitePath })).close();
  const db = new BetterSqlite3(sqlitePath);
  try {
    const turn = db.prepare(
      `insert into turns (id, event_id, channel, conversation_key, user_id, user_name, question, standalone_query,
        answer, abstained, retrieved, citations, model, prompt_version, prompt_tokens, completion_tokens,
        retrieval_ms, generation_ms, latency_ms, created_at)
       values (?, ?, 'web', ?, ?, ?, ?, ?, ?, 0, ?, ?, 'extractive', 'answer-v1', 812, 64, 12, 30, 45, ?)`,
    );
    const feedback = db.prepare(
      `insert into feedback (id, turn_id, user_id, channel, rating, reason, comment, created_at, updated_at)
       values (?, ?, ?, 'web', ?, ?, ?, ?, ?)`,
    );
    const retrieved = JSON.stringify([
      { chunkId: 'folder:handbook.pdf#3', location: 'handbook.pdf#page=4', score: 12.5, rank: 0 },
      { chunkId: 'folder:leave.md#0', location: 'leave.md', score: 8.25, rank: 1 },
    ]);
    const citations = JSON.stringify([
      {
        n: 1,
        chunkId: 'folder:handbook.pdf#3',
        title: 'Handbook',
        location: 'handbook.pdf#page=4',
        url: '/knowledge/handbook.pdf#page=4',
      },
    ]);
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const at = start + i * 60_000;
        const id = `t-${String(i).padStart(7, '0')}`;
        const user = `user-${i % 250}@brightwater.example`;
        turn.run(
          id,
          `evt-${i}`,
          `web::conv-${i % 250}:`,
          user,
          `Person ${i % 250}`,
          `How many vacation days do I get, question ${i}?`,
          'vacation days',
          'You get 25 days a year [1].',
          retrieved,
          citations,
          at,
        );
        const bad = i % 7 === 0;
        feedback.run(
          `f-${String(i).padStart(7, '0')}`,
          id,
          user,
          bad ? 'not_helpful' : 'helpful',
          bad ? 'outdated' : null,
          bad ? `Ask ${user} about it, "quoted", a,b` : null,
          at + 1000,
          at + 1000,
        );
      }
    })();
  } finally {
    db.close();
  }
}
