import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../../helpers/cli-process.js';

let root: string;
let dataDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-chat-cli-'));
  const knowledge = join(root, 'knowledge');
  dataDir = join(root, 'data');
  await mkdir(knowledge, { recursive: true });
  await writeFile(
    join(knowledge, 'per-diem.md'),
    '---\ntitle: Per diem rates\n---\n\n# Per diem\n\nThe daily meal allowance (per diem) is 75 CAD in Toronto and 60 EUR in Lisbon. It is *not* paid for days spent working from home.\n',
  );
  const ingest = await runCli(['ingest', knowledge, '--data-dir', dataDir]);
  expect(ingest.code, ingest.stderr).toBe(0);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('lumen chat', () => {
  it('answers every line of a here-doc, in order, and exits 0', async () => {
    const run = await runCli(['chat', '--data-dir', dataDir], {
      input: 'What is the per diem in Lisbon?\nhelp\n/good\nWhat is the per diem in Toronto?\n',
    });
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).toContain('you> What is the per diem in Lisbon?');
    expect(out).toContain('60 EUR in Lisbon');
    expect(out).toContain('you> help');
    expect(out).toContain('you> /good');
    expect(out).toMatch(/thank/i);
    expect(out).toContain('you> What is the per diem in Toronto?');
    expect(out.indexOf('you> What is the per diem in Toronto?')).toBeGreaterThan(out.indexOf('you> /good'));
    expect(out.lastIndexOf('75 CAD in Toronto')).toBeGreaterThan(
      out.indexOf('you> What is the per diem in Toronto?'),
    );
  });

  it('tells terminal users to rate with /good and /bad, not with buttons it does not have', async () => {
    const run = await runCli(['chat', '--data-dir', dataDir], { input: 'help\n' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Rate the last answer with /good or /bad');
    expect(run.stdout).not.toContain('Helpful or Not helpful');
    // Emphasis is rendered, not shown as asterisks.
    expect(run.stdout).toContain('e.g. How many days of parental leave do I get?');
    expect(run.stdout).not.toContain('*');
  });

  it("keeps /1 as the lesson's Next when a person's answer arrives mid-lesson", async () => {
    const session = startCli(['chat', '--data-dir', dataDir]);
    try {
      await session.waitFor('you> ');
      session.type('What is the company stock price today?');
      await session.waitFor("I couldn't find this");
      session.type('/human');
      await session.waitFor('passed your question to a person');
      let from = session.stdout.length;
      session.type('lesson');
      await session.waitFor(/\/5 5/, from);
      from = session.stdout.length;
      session.type('/1');
      await session.waitFor('/1 Next', from);

      const listed = await runCli(['escalations', 'list', '--status', 'open', '--data-dir', dataDir]);
      const id = /^([0-9a-f]{8})/.exec(listed.stdout)?.[1];
      expect(id, listed.stdout).toBeDefined();
      const answered = await runCli([
        'escalations',
        'answer',
        id!,
        'It is on the investor page.',
        '--data-dir',
        dataDir,
      ]);
      expect(answered.code, answered.stderr).toBe(0);

      from = session.stdout.length;
      session.type('');
      await session.waitFor('/2 Solved, thanks', from);
      expect(session.stdout.slice(from)).toContain('It is on the investor page.');
      from = session.stdout.length;
      session.type('/1');
      await session.waitFor('you> ', from);
      await session.waitFor(/\(2\/2\)/, from);
      expect(session.stdout.slice(from)).not.toMatch(/glad|solved/i);
    } finally {
      await session.end();
    }
  });
});
