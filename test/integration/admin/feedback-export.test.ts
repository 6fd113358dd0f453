import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDateRange } from '../../../src/core/admin/date-range.js';
import { exportRecords } from '../../../src/core/admin/feedback-export.js';
import { gapReport, summarizeFeedback } from '../../../src/core/admin/feedback-summary.js';
import type { Store } from '../../../src/core/ports.js';
import { openStore } from '../../../src/store/index.js';
import { seedFeedbackRows } from '../../helpers/seed-feedback.js';
import { buildEscalation, buildFeedback, buildTurn, minutesIn } from '../store/fixtures.js';
import { storeBackends, useFreshStore } from '../store/store-backends.js';

async function collect(text: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of text) out += chunk;
  return out;
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

async function seedSmall(store: Store) {
  const rows = [
    { minutes: 10, rating: 'helpful' as const, user: 'ada@brightwater.example' },
    { minutes: 60 * 24, rating: 'not_helpful' as const, user: 'grace@brightwater.example' },
    { minutes: 60 * 24 * 2, rating: 'not_helpful' as const, user: 'ada@brightwater.example' },
    { minutes: 60 * 24 * 9, rating: 'helpful' as const, user: 'linus@brightwater.example' },
  ];
  for (const [i, r] of rows.entries()) {
    const turn = buildTurn({
      userId: r.user,
      userName: r.user.split('@')[0]!,
      conversationKey: `web::${r.user}:`,
      createdAt: minutesIn(r.minutes),
      question: i === 2 ? `Why does ${r.user} get fewer vacation days?` : 'How many vacation days do I get?',
      guardrailFlags: i === 1 ? ['sensitive:health'] : undefined,
    });
    if (i !== 1) delete turn.guardrailFlags;
    await store.turns.insert(turn);
    await store.feedback.upsert(
      buildFeedback(turn, {
        rating: r.rating,
        ...(r.rating === 'not_helpful' ? { reason: 'outdated', comment: `cc ${r.user}, "see", thanks` } : {}),
        createdAt: minutesIn(r.minutes + 1),
        updatedAt: minutesIn(r.minutes + 1),
      }),
    );
  }
}

describe.each(storeBackends)('feedback export ($name)', (backend) => {
  const { store } = useFreshStore(backend);

  it('exports exactly the feedback of a date range as CSV, with what produced each answer', async () => {
    await seedSmall(store());
    const csv = await collect(
      exportRecords(store(), { format: 'csv', range: parseDateRange('2025-03-02', '2025-03-03') }),
    );
    const [header, ...rows] = parseCsv(csv);
    expect(rows).toHaveLength(2);
    const record = (row: string[]) => Object.fromEntries(header!.map((h, i) => [h, row[i]]));
    const first = record(rows[0]!);
    expect(first).toMatchObject({
      rating: 'not_helpful',
      reason: 'outdated',
      comment: 'cc grace@brightwater.example, "see", thanks',
      rated_by: 'grace@brightwater.example',
      model: 'extractive',
      prompt_version: 'answer-v1',
      latency_ms: '360',
      prompt_tokens: '812',
      completion_tokens: '64',
      guardrail_flags: '["sensitive:health"]',
    });
    expect(JSON.parse(first.retrieved!)).toEqual([
      { chunkId: 'handbook#3', location: 'handbook.pdf#page=4', score: 12.5, rank: 1 },
    ]);
    expect(JSON.parse(first.citations!)[0]).toMatchObject({ location: 'handbook.pdf#page=4' });
    expect(record(rows[1]!).feedback_at).toBe(minutesIn(60 * 24 * 2 + 1).toISOString());
  });

  it('pseudonymizes people and conversations with stable pseudonyms and leaves no raw ids or emails', async () => {
    await seedSmall(store());
    const options = { format: 'jsonl' as const, range: {}, pseudonymize: { secret: 'k'.repeat(16) } };
    const text = await collect(exportRecords(store(), options));
    expect(text).not.toMatch(/@brightwater\.example/);
    expect(text).not.toMatch(/"ada"|"grace"|"linus"/);
    const rows = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(4);
    expect(rows[0]!.user).toMatch(/^p_[0-9a-f]{16}$/);
    expect(rows[0]!.user).toBe(rows[2]!.user);
    expect(rows[0]!.user).not.toBe(rows[1]!.user);
    expect(rows[0]!.rated_by).toBe(rows[0]!.user);
    expect(rows[0]!.user_name).toBeNull();
    expect(rows[2]!.question).toContain(rows[0]!.user);
    expect(await collect(exportRecords(store(), options))).toBe(text);
    const other = await collect(
      exportRecords(store(), { ...options, pseudonymize: { secret: 'z'.repeat(16) } }),
    );
    expect(other).not.toBe(text);
  });

  it('exports turns as JSONL', async () => {
    await seedSmall(store());
    const text = await collect(
      exportRecords(store(), { format: 'jsonl', kind: 'turns', range: { since: minutesIn(60) } }),
    );
    expect(text.trim().split('\n')).toHaveLength(3);
  });

  it('summarizes helpful rate per day and week, reasons, cited documents, unanswered questions and escalations', async () => {
    await seedSmall(store());
    await store().turns.insert(
      buildTurn({
        abstained: true,
        answer: '',
        citations: [],
        question: 'Where is the Lisbon office parking?',
        createdAt: minutesIn(5),
      }),
    );
    await store().turns.insert(
      buildTurn({
        abstained: true,
        answer: '',
        citations: [],
        question: 'Lisbon office parking where?',
        createdAt: minutesIn(6),
      }),
    );
    await store().escalations.insert(
      buildEscalation({
        status: 'resolved',
        createdAt: minutesIn(0),
        resolvedAt: minutesIn(90),
        updatedAt: minutesIn(90),
      }),
    );
    await store().escalations.insert(buildEscalation({ status: 'open', createdAt: minutesIn(3) }));
    const summary = await summarizeFeedback(store(), {});
    expect(summary.totals).toMatchObject({
      ratings: 4,
      helpful: 2,
      notHelpful: 2,
      helpfulRate: 0.5,
      turns: 6,
      abstained: 2,
    });
    expect(summary.byDay.map((d) => [d.start, d.helpful, d.notHelpful])).toEqual([
      ['2025-03-01', 1, 0],
      ['2025-03-02', 0, 1],
      ['2025-03-03', 0, 1],
      ['2025-03-10', 1, 0],
    ]);
    // 2025-03-01 is a Saturday: its week starts on Monday 24 February.
    expect(summary.byWeek.map((w) => [w.start, w.helpful, w.notHelpful])).toEqual([
      ['2025-02-24', 1, 1],
      ['2025-03-03', 0, 1],
      ['2025-03-10', 1, 0],
    ]);
    expect(summary.reasons).toEqual([{ reason: 'outdated', count: 2 }]);
    const ranged = await summarizeFeedback(store(), parseDateRange('2025-03-02', '2025-03-05'));
    expect(ranged.byDay.map((d) => [d.start, d.helpfulRate])).toEqual([
      ['2025-03-02', 0],
      ['2025-03-03', 0],
      ['2025-03-04', null],
      ['2025-03-05', null],
    ]);
    expect(ranged.byWeek.map((w) => w.start)).toEqual(['2025-02-24', '2025-03-03']);
    expect(summary.documentsInBadAnswers).toEqual([
      { document: 'handbook.pdf', title: 'Handbook', count: 2 },
    ]);
    expect(summary.unanswered).toEqual([
      expect.objectContaining({
        question: 'Where is the Lisbon office parking?',
        count: 2,
        signals: { abstained: 2 },
      }),
    ]);
    expect(summary.escalations).toMatchObject({
      total: 2,
      byStatus: { resolved: 1, open: 1 },
      medianMinutesToResolve: 90,
    });
    const gaps = await gapReport(store(), {});
    expect(gaps.map((g) => [g.question, g.count])).toEqual(
      expect.arrayContaining([
        ['Where is the Lisbon office parking?', 2],
        ['How many vacation days do I get?', 1],
        ['Can I expense a standing desk?', 2],
      ]),
    );
  });
});

describe('feedback export of 100,000 rows (sqlite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lumen-export-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the store in bounded pages and streams rows out while it reads', async () => {
    const sqlitePath = join(dir, 'lumen.db');
    await seedFeedbackRows(sqlitePath, 100_000);
    const store = await openStore({ sqlitePath });
    try {
      const pageSizes: number[] = [];
      let pagesWhenFirstChunk = -1;
      let lines = 0;
      let bytes = 0;
      for await (const chunk of exportRecords(store, {
        format: 'csv',
        range: {},
        pageSize: 1000,
        onPage: (rows) => pageSizes.push(rows),
      })) {
        if (pagesWhenFirstChunk < 0) pagesWhenFirstChunk = pageSizes.length;
        lines += chunk.split('\r\n').length - 1;
        bytes += chunk.length;
      }
      expect(lines).toBe(100_001);
      expect(pageSizes.length).toBe(101);
      expect(Math.max(...pageSizes)).toBe(1000);
      expect(pageSizes.reduce((a, b) => a + b, 0)).toBe(100_000);
      // The header goes out before any page is read; rows follow page by page.
      expect(pagesWhenFirstChunk).toBeLessThanOrEqual(1);
      expect(bytes).toBeGreaterThan(100_000 * 100);
    } finally {
      await store.close();
    }
  });
});
