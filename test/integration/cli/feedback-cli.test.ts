import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLumen } from '../../../src/app/create-lumen.js';
import { loadConfig } from '../../../src/config/index.js';
import { makeAction, makeTurn } from '../../helpers/builders.js';
import { runCli as runCliProcess } from '../../helpers/cli-process.js';
import { seedFeedbackRows } from '../../helpers/seed-feedback.js';

const ADMIN = 'robin@brightwater.example';

/** The real CLI, with `env` added to its clean environment (such as LUMEN_ADMINS). */
const runCli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCliProcess(args, { env });

let root: string;
let dataDir: string;
let escalationId: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-feedback-cli-'));
  dataDir = join(root, 'data');
  // 30 rated answers one minute apart from 2026-01-01T00:00Z; every seventh not helpful.
  await seedFeedbackRows(join(dataDir, 'lumen.db'), 30);
  const lumen = await createLumen(loadConfig({ LUMEN_DATA_DIR: dataDir }));
  try {
    const asked = await lumen.copilot.handle(makeTurn('Can I bring my dog to the Lisbon office?'));
    await lumen.copilot.handle(makeAction({ name: 'escalate', turnId: asked.turnId! }));
    escalationId = (await lumen.copilot.escalations.list())[0]!.id;
  } finally {
    await lumen.close();
  }
});

afterAll(async () => rm(root, { recursive: true, force: true }));

describe('feedback CLI', () => {
  it('exports a date range as CSV to a file', async () => {
    const out = join(root, 'range.csv');
    const run = await runCli([
      'feedback',
      'export',
      '--format',
      'csv',
      '--since',
      '2026-01-01T00:10:00Z',
      '--until',
      '2026-01-01T00:20:00Z',
      '--out',
      out,
      '--data-dir',
      dataDir,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const lines = (await readFile(out, 'utf8')).trim().split('\r\n');
    expect(lines).toHaveLength(11);
    expect(lines[1]).toContain('t-0000010');
    expect(lines.at(-1)).toContain('t-0000019');
  });

  it('exports JSONL to standard output with pseudonyms that stay the same between runs', async () => {
    const args = ['feedback', 'export', '--format', 'jsonl', '--pseudonymize', '--data-dir', dataDir];
    const first = await runCli(args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).not.toContain('@brightwater.example');
    const rows = first.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(30);
    expect(rows[0].user).toMatch(/^p_[0-9a-f]{16}$/);
    expect((await runCli(args)).stdout).toBe(first.stdout);
  });

  it('summarizes feedback as JSON and as text', async () => {
    const json = await runCli(['feedback', 'summary', '--json', '--data-dir', dataDir]);
    expect(json.code, json.stderr).toBe(0);
    const summary = JSON.parse(json.stdout);
    expect(summary.totals).toMatchObject({ ratings: 30, notHelpful: 5, helpful: 25 });
    expect(summary.reasons).toEqual([{ reason: 'outdated', count: 5 }]);
    expect(summary.escalations.total).toBe(1);
    const text = await runCli(['feedback', 'summary', '--data-dir', dataDir]);
    expect(text.stdout).toContain('Ratings: 30 (83% helpful)');
    const gaps = await runCli(['feedback', 'gaps', '--data-dir', dataDir]);
    expect(gaps.stdout).toContain('Can I bring my dog to the Lisbon office?');
  });

  it('refuses admin commands to someone who is not an admin when admins are configured', async () => {
    const env = { LUMEN_ADMINS: `user:${ADMIN}` };
    for (const args of [
      ['feedback', 'export', '--format', 'csv'],
      ['feedback', 'summary'],
      ['escalations', 'list'],
      ['escalations', 'claim', escalationId.slice(0, 8)],
    ]) {
      const run = await runCli([...args, '--data-dir', dataDir, '--by', 'casey'], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/casey is not a Lumen admin/);
      expect(run.stdout).toBe('');
    }
    const allowed = await runCli(['escalations', 'list', '--data-dir', dataDir, '--by', ADMIN], env);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain('Can I bring my dog');
  });

  it('claims, answers, resolves and promotes an escalation so `ask` answers it', async () => {
    const id = escalationId.slice(0, 8);
    const steps = [
      ['escalations', 'claim', id],
      ['escalations', 'answer', id, 'Dogs are welcome in Lisbon on Fridays.'],
      ['escalations', 'resolve', id],
      ['escalations', 'promote', id, '--approve'],
    ];
    for (const args of steps) {
      const run = await runCli([...args, '--data-dir', dataDir, '--by', 'dana']);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
    }
    const listed = await runCli(['escalations', 'list', '--json', '--data-dir', dataDir]);
    expect(JSON.parse(listed.stdout)[0]).toMatchObject({
      status: 'resolved',
      claimedBy: 'dana',
      answeredBy: 'dana',
    });
    const asked = await runCli([
      'ask',
      'Can I bring my dog to the Lisbon office?',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(asked.code, asked.stderr).toBe(0);
    const answer = JSON.parse(asked.stdout);
    expect(answer.abstained).toBe(false);
    expect(answer.answer).toContain('Fridays');
  });

  it('asks the employee for more, reassigns and runs the reminder pass', async () => {
    const lumen = await createLumen(loadConfig({ LUMEN_DATA_DIR: dataDir }));
    let id: string;
    try {
      await lumen.copilot.handle(
        makeTurn('talk to a human', { conversation: { id: 'c-cli-2', kind: 'direct' } }),
      );
      id = (await lumen.copilot.escalations.list('open'))[0]!.id.slice(0, 8);
    } finally {
      await lumen.close();
    }
    const asked = await runCli([
      'escalations',
      'ask',
      id,
      'Which',
      'office?',
      '--data-dir',
      dataDir,
      '--by',
      'dana',
    ]);
    expect(asked.code, asked.stderr).toBe(0);
    const waiting = await runCli([
      'escalations',
      'list',
      '--status',
      'waiting_on_employee',
      '--data-dir',
      dataDir,
    ]);
    expect(waiting.stdout).toContain(id);
    const moved = await runCli([
      'escalations',
      'reassign',
      id,
      'facilities',
      '--data-dir',
      dataDir,
      '--by',
      'dana',
    ]);
    expect(moved.code, moved.stderr).toBe(0);
    const listed = await runCli(['escalations', 'list', '--status', 'open', '--data-dir', dataDir]);
    expect(listed.stdout).toContain('queue facilities');
    const remind = await runCli(['escalations', 'remind', '--data-dir', dataDir]);
    expect(remind.code, remind.stderr).toBe(0);
    // The escalation was just opened, so nothing is overdue yet.
    expect(remind.stdout).toBe('Reminded 0 queue item(s); closed 0 for no response.\n');
  });
});
