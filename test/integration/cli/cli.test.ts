import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, chat, runCli, CLI_USER as USER } from '../../helpers/cli-process.js';
import { buildPdf } from '../../unit/knowledge/build-fixtures.js';

interface AskJson {
  answer: string;
  abstained: boolean;
  citations: { n: number; title: string; source: string; url: string }[];
}

function parseAsk(run: CliRun): AskJson {
  expect(run.code, run.stderr).toBe(0);
  const lines = run.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as AskJson;
}

let root: string;
let knowledge: string;
let dataDir: string;
let firstIngest: CliRun;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-cli-'));
  knowledge = join(root, 'knowledge');
  dataDir = join(root, 'data');
  await mkdir(join(knowledge, 'leave'), { recursive: true });
  await writeFile(
    join(knowledge, 'leave', 'parental-leave.md'),
    '# Parental leave\n\nBirth parents receive 20 weeks of paid parental leave. The partner of a birth parent receives 12 weeks of paid leave.\n\n## Adoption\n\nAdoptive families receive 16 weeks of paid leave from the day the child is placed with the family.\n',
  );
  await writeFile(
    join(knowledge, 'per-diem.md'),
    '---\ntitle: Per diem rates\n---\n\n# Per diem\n\nThe daily meal allowance (per diem) is 75 CAD in Toronto and 60 EUR in Lisbon. Keep receipts for every expense above 25 EUR.\n',
  );
  await writeFile(
    join(knowledge, 'salary-bands.md'),
    '---\ntitle: Salary bands\nacl: [group:hr]\n---\n\n# Salary bands\n\nSalary band L5 for engineers ranges from 98,000 to 124,000 EUR.\n',
  );
  await writeFile(
    join(knowledge, 'handbook.pdf'),
    await buildPdf(
      [
        [
          { heading: 'Dental care' },
          { text: 'Dental cleanings are covered twice a year at any network dentist without a copay.' },
        ],
        [
          { heading: 'Hearing care' },
          {
            text: 'Hearing aids are reimbursed up to 1,500 USD every three years after a hearing exam by an audiologist.',
          },
        ],
      ],
      { title: 'Benefits handbook' },
    ),
  );
  await writeFile(
    join(knowledge, 'broken.pdf'),
    '%PDF-1.7\nthis file was cut off in the middle of an upload',
  );
  firstIngest = await runCli(['ingest', knowledge, '--data-dir', dataDir]);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('lumen CLI', () => {
  describe('ingest', () => {
    it('indexes the folder, names the broken file it skipped, and exits 0', () => {
      expect(firstIngest.code, firstIngest.stderr).toBe(0);
      expect(firstIngest.stdout).toMatch(
        /Indexed 5 documents in [\d.]+ s: 4 added, 0 updated, 0 unchanged, 0 removed;/,
      );
      expect(firstIngest.stdout).toMatch(/Skipped 1:\n {2}- broken\.pdf: .*PDF/);
      expect(firstIngest.stdout).not.toMatch(/- (handbook\.pdf|per-diem\.md|salary-bands\.md)/);
    });

    it('reports the documents as unchanged when run again', async () => {
      const again = await runCli(['ingest', knowledge, '--data-dir', dataDir]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(
        /Indexed 5 documents in [\d.]+ s: 0 added, 0 updated, 4 unchanged, 0 removed; 0 chunks written\./,
      );
      expect(again.stdout).toContain('broken.pdf');
    });

    it('prints the summary as JSON with --json', async () => {
      const other = join(root, 'json-data');
      const run = await runCli(['ingest', knowledge, '--data-dir', other, '--json']);
      expect(run.code, run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout);
      expect(summary).toMatchObject({
        documents: 5,
        added: 4,
        updated: 0,
        unchanged: 0,
        deleted: 0,
        pages: 2,
      });
      expect(summary.chunks).toBeGreaterThanOrEqual(4);
      expect(summary.skipped).toEqual([{ path: 'broken.pdf', reason: expect.stringContaining('PDF') }]);
    });

    it('fails with exit code 1 and a message naming a folder that does not exist', async () => {
      const missing = join(root, 'no-such-folder');
      const run = await runCli(['ingest', missing, '--data-dir', join(root, 'missing-data')]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('error when indexing the folder');
      expect(run.stderr).toContain('no-such-folder');
    });
  });

  describe('ask --json', () => {
    it('prints exactly answer, abstained and citations, citing the Markdown file', async () => {
      const out = parseAsk(
        await runCli([
          'ask',
          '--json',
          'How many weeks of paid parental leave do birth parents get?',
          '--data-dir',
          dataDir,
        ]),
      );
      expect(Object.keys(out)).toEqual(['answer', 'abstained', 'citations']);
      expect(out.abstained).toBe(false);
      expect(out.answer).toContain('20 weeks');
      expect(out.answer).toMatch(/\[1\]/);
      expect(out.citations[0]).toEqual({
        n: 1,
        title: 'Parental leave',
        source: 'leave/parental-leave.md',
        url: '/knowledge/leave/parental-leave.md',
      });
      for (const citation of out.citations)
        expect(Object.keys(citation)).toEqual(['n', 'title', 'source', 'url']);
    });

    it('cites the PDF page that holds the answer', async () => {
      const out = parseAsk(
        await runCli(['ask', '--json', 'How much are hearing aids reimbursed?', '--data-dir', dataDir]),
      );
      expect(out.abstained).toBe(false);
      expect(out.answer).toContain('1,500 USD');
      expect(out.citations[0]).toMatchObject({
        n: 1,
        source: 'handbook.pdf#page=2',
        url: '/knowledge/handbook.pdf#page=2',
      });
    });

    it('abstains with no citations on a question the documents do not answer', async () => {
      const out = parseAsk(
        await runCli(['ask', '--json', 'What is the company stock price today?', '--data-dir', dataDir]),
      );
      expect(out.abstained).toBe(true);
      expect(out.citations).toEqual([]);
      expect(out.answer).not.toMatch(/\[\d+\]/);
    });

    it('answers from a restricted document only for a member of its group', async () => {
      const question = 'What is the salary band L5 for engineers?';
      const outsider = parseAsk(await runCli(['ask', '--json', question, '--data-dir', dataDir]));
      expect(outsider.abstained).toBe(true);
      expect(JSON.stringify(outsider)).not.toContain('98,000');

      const member = parseAsk(
        await runCli([
          'ask',
          '--json',
          question,
          '--as',
          'harper@brightwater.example',
          '--groups',
          'hr',
          '--data-dir',
          dataDir,
        ]),
      );
      expect(member.abstained).toBe(false);
      expect(member.answer).toContain('98,000');
      expect(member.citations[0]).toMatchObject({ source: 'salary-bands.md', title: 'Salary bands' });
    });

    it('prints the answer with its sources as text without --json', async () => {
      const run = await runCli(['ask', 'What is the per diem in Lisbon?', '--data-dir', dataDir]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('60 EUR');
      expect(run.stdout).toContain('Sources:');
      expect(run.stdout).toContain('[1] Per diem rates (per-diem.md)');
      expect(run.stdout).toContain('Quoted from the sources above, as they are written.');
      expect(run.stdout).not.toContain('AI-generated');
    });

    it('fails clearly when nothing has been indexed yet', async () => {
      const empty = join(root, 'empty-data');
      const run = await runCli(['ask', '--json', 'How many weeks of parental leave?', '--data-dir', empty]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('error when answering the question');
      expect(run.stderr).toContain('is empty');
      expect(run.stderr).toContain('ingest');
    });
  });

  describe('eval', () => {
    const turnCount = () => {
      const db = new BetterSqlite3(join(dataDir, 'lumen.db'), { readonly: true });
      try {
        return (db.prepare('SELECT COUNT(*) AS n FROM turns').get() as { n: number }).n;
      } finally {
        db.close();
      }
    };

    it('scores facts, cited sources and refusals, and leaves the store it reads untouched', async () => {
      const questions = join(root, 'questions.jsonl');
      await writeFile(
        questions,
        [
          JSON.stringify({
            question: 'How much are hearing aids reimbursed?',
            truth: 'Up to 1,500 USD every three years [handbook.pdf#page=2].',
          }),
          JSON.stringify({
            id: 'adoption',
            question: 'How many weeks of paid leave do adoptive families receive?',
            sources: ['leave/parental-leave.md'],
            facts: ['16 weeks'],
            kind: 'easy',
          }),
          JSON.stringify({
            id: 'wrong-page',
            question: 'How much are hearing aids reimbursed?',
            truth: 'Up to 1,500 USD [handbook.pdf#page=1]',
          }),
          JSON.stringify({
            id: 'wrong-figure',
            question: 'What is the per diem in Toronto?',
            sources: ['per-diem.md'],
            facts: ['\\b99 CAD'],
            kind: 'precise',
          }),
          JSON.stringify({ id: 'stock', question: 'What is the company stock price today?', abstain: true }),
          '',
        ].join('\n'),
      );
      const before = turnCount();
      const run = await runCli(['eval', questions, '--json', '--data-dir', dataDir]);
      expect(run.code, run.stderr).toBe(0);
      expect(turnCount()).toBe(before);
      const { totals, results } = JSON.parse(run.stdout);
      const byId = Object.fromEntries(results.map((r: { id: string }) => [r.id, r]));
      expect(byId['line 1']).toMatchObject({ hit: true, correct: true, cited: ['handbook.pdf#page=2'] });
      expect(byId.adoption).toMatchObject({ hit: true, correct: true, missingFacts: [] });
      expect(byId.adoption.answer).toContain('16 weeks');
      expect(byId['wrong-page']).toMatchObject({ hit: false, correct: false, citationsMatched: 0 });
      expect(byId['wrong-figure']).toMatchObject({ hit: true, correct: false, missingFacts: ['\\b99 CAD'] });
      expect(byId.stock).toMatchObject({ abstained: true, correct: true, expectAbstain: true });
      expect(totals).toMatchObject({
        questions: 5,
        answerable: 4,
        answerableCorrect: 0.5,
        falseRefusals: 0,
        unanswerableRefused: 1,
        byKind: {
          easy: { questions: 1, correct: 1, refused: 0 },
          precise: { questions: 1, correct: 0, refused: 0 },
        },
      });
      // Answer length counts the four answers given, not the refusal.
      const lengths = results
        .filter((r: { abstained: boolean }) => !r.abstained)
        .map((r: { answer: string }) => r.answer.length)
        .sort((a: number, b: number) => a - b);
      expect(lengths).toHaveLength(4);
      expect(totals.answerCharsP50).toBe(lengths[1]);
      expect(totals.answerCharsP90).toBe(lengths[3]);
    });

    it('prints each verdict and the totals without --json', async () => {
      const questions = join(root, 'one.jsonl');
      await writeFile(
        questions,
        [
          JSON.stringify({ question: 'What is the per diem in Toronto?', truth: '75 CAD [per-diem.md]' }),
          JSON.stringify({ question: 'What is the company stock price today?', abstain: true }),
        ].join('\n'),
      );
      const run = await runCli(['eval', questions, '--data-dir', dataDir]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/line 1 correct: What is the per diem in Toronto\?/);
      expect(run.stdout).toMatch(/line 2 refused \(right\): What is the company stock price today\?/);
      expect(run.stdout).toMatch(/answerable correct 1\.000/);
      expect(run.stdout).toMatch(/unanswerable refused 1\.000/);
      expect(run.stdout).toMatch(/answer length p50 \/ p90 [1-9]\d* \/ [1-9]\d* characters/);
    });
  });

  describe('escalations', () => {
    it('lists a question handed to a person from a chat, and delivers the answer back', async () => {
      // The shared data folder is already indexed, and no earlier test escalates.
      const session = await chat(dataDir, ['What is the company stock price today?', '/human']);
      expect(session.code, session.stderr).toBe(0);
      expect(session.stdout).toContain("I couldn't find this");

      const listed = await runCli(['escalations', 'list', '--data-dir', dataDir]);
      expect(listed.code, listed.stderr).toBe(0);
      const match =
        /^([0-9a-f]{8}) {2}open\s+\S+ {2}cli {2}casey\n {4}What is the company stock price today\?\n$/.exec(
          listed.stdout,
        );
      expect(match, listed.stdout).not.toBeNull();
      const id = match![1]!;

      const answered = await runCli([
        'escalations',
        'answer',
        id,
        'It is published on the investor page.',
        '--by',
        'Robin',
        '--data-dir',
        dataDir,
      ]);
      expect(answered.code, answered.stderr).toBe(0);
      expect(answered.stdout).toContain(`Answered ${id}`);

      const json = await runCli(['escalations', 'list', '--json', '--data-dir', dataDir]);
      expect(JSON.parse(json.stdout)).toEqual([
        expect.objectContaining({
          question: 'What is the company stock price today?',
          status: 'answered',
          answer: 'It is published on the investor page.',
          answeredBy: 'Robin',
          channel: 'cli',
          userId: USER,
        }),
      ]);
    });
  });

  describe('doctor', () => {
    it('lists the backends, checks each one and exits 0', async () => {
      const run = await runCli(['doctor', '--data-dir', dataDir]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`data dir        ${dataDir}`);
      expect(run.stdout).toMatch(/store\s+sqlite/);
      expect(run.stdout).toMatch(/index\s+local/);
      expect(run.stdout).toMatch(/model\s+extractive/);
      expect(run.stdout).toMatch(/ok {4}store/);
      expect(run.stdout).toMatch(/ok {4}index\s+local .*: 4 documents, \d+ chunks/);
      expect(run.stdout).toMatch(/ok {4}model/);
      expect(run.stdout).not.toContain('FAIL');
    });
  });

  describe('audit verify', () => {
    it('finds the trail intact, then names the record someone changed and exits 1', async () => {
      // A copy of the shared data folder, whose trail earlier tests' questions have filled.
      const auditDir = await mkdtemp(join(tmpdir(), 'lumen-cli-audit-'));
      try {
        await cp(dataDir, auditDir, { recursive: true });
        const intact = await runCli(['audit', 'verify', '--json', '--data-dir', auditDir]);
        expect(intact.code, intact.stderr).toBe(0);
        const result = JSON.parse(intact.stdout) as { ok: boolean; checked: number };
        expect(result.ok).toBe(true);
        expect(result.checked).toBeGreaterThanOrEqual(2);

        const db = new BetterSqlite3(join(auditDir, 'lumen.db'));
        db.prepare("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 1").run();
        db.close();
        const broken = await runCli(['audit', 'verify', '--data-dir', auditDir]);
        expect(broken.code).toBe(1);
        expect(broken.stdout).toContain('Audit trail BROKEN at record #1');
        expect(broken.stdout).toContain('changed after it was written');
      } finally {
        await rm(auditDir, { recursive: true, force: true });
      }
    });

    it('prints the head for an external log and catches the newest records deleted when verifying against it', async () => {
      const auditDir = await mkdtemp(join(tmpdir(), 'lumen-cli-audit-head-'));
      try {
        await runCli(['ingest', knowledge, '--data-dir', auditDir]);
        await runCli(['ask', '--data-dir', auditDir, 'What is the capital of Australia?']);
        await runCli(['ask', '--data-dir', auditDir, 'What is the capital of France?']);
        const printed = await runCli(['audit', 'head', '--data-dir', auditDir]);
        expect(printed.code, printed.stderr).toBe(0);
        const head = printed.stdout.trim();
        expect(head).toMatch(/^\d+:[0-9a-f]{64}$/);
        const seq = Number(head.split(':')[0]);

        const db = new BetterSqlite3(join(auditDir, 'lumen.db'));
        db.prepare('DELETE FROM audit_events WHERE seq = ?').run(seq);
        db.close();
        const alone = await runCli(['audit', 'verify', '--data-dir', auditDir]);
        expect(alone.code, alone.stdout).toBe(0);
        const anchored = await runCli(['audit', 'verify', '--head', head, '--data-dir', auditDir]);
        expect(anchored.code).toBe(1);
        expect(anchored.stdout).toContain(`Audit trail BROKEN at record #${seq}`);
        expect(anchored.stdout).toContain('the trail was cut short');

        const malformed = await runCli(['audit', 'verify', '--head', 'latest', '--data-dir', auditDir]);
        expect(malformed.code).toBe(1);
        expect(malformed.stderr).toContain('--head must be a head printed by `lumen audit head`');
      } finally {
        await rm(auditDir, { recursive: true, force: true });
      }
    });
  });

  describe('privacy export', () => {
    it('says no such person is known instead of printing an empty export', async () => {
      const run = await runCli(['privacy', 'export', '--user', 'nobody@example.com', '--data-dir', dataDir]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('No such person is known: nothing is stored under nobody@example.com');
    });

    it('exports what a known person asked', async () => {
      await runCli(['ask', '--data-dir', dataDir, 'How often are dental cleanings covered?']);
      const run = await runCli(['privacy', 'export', '--user', USER, '--data-dir', dataDir]);
      expect(run.code, run.stderr).toBe(0);
      const data = JSON.parse(run.stdout) as { turns: { question: string }[] };
      expect(data.turns.map((t) => t.question)).toContain('How often are dental cleanings covered?');
    });
  });

  describe('teams-package', () => {
    it('writes the Teams app package with the app id and domain given', async () => {
      const out = join(dataDir, 'lumen-teams.zip');
      const run = await runCli([
        'teams-package',
        '--out',
        out,
        '--app-id',
        '6f1c2a9e-0b7d-4c3a-9e55-2d8b1f0a7c44',
        '--public-url',
        'https://lumen.brightwater.example',
      ]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`Wrote ${out}`);
      const files = unzipSync(new Uint8Array(await readFile(out)));
      const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
      expect(manifest.bots[0].botId).toBe('6f1c2a9e-0b7d-4c3a-9e55-2d8b1f0a7c44');
      expect(manifest.validDomains).toEqual(['lumen.brightwater.example']);
    });

    it('says which setting is missing and exits 1 without an app id', async () => {
      const run = await runCli([
        'teams-package',
        '--out',
        join(dataDir, 'none.zip'),
        '--public-url',
        'https://lumen.brightwater.example',
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('error when building the Teams app package: MICROSOFT_APP_ID is not set');
      expect(run.stderr).not.toContain('LUMEN_PUBLIC_URL');
    });

    it('names every missing setting at once', async () => {
      const run = await runCli(['teams-package', '--out', join(dataDir, 'none.zip')]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('2 settings are missing');
      expect(run.stderr).toContain('MICROSOFT_APP_ID is not set');
      expect(run.stderr).toContain('LUMEN_PUBLIC_URL is not set');
    });
  });
});
