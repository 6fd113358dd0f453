import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import { entryArgs } from '../../helpers/entry-points.js';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process from the repository root; `lines` are typed at each `you> ` prompt. */
function runCli(args: string[], lines?: string[]): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, USER: 'casey', NO_COLOR: '1' };
  for (const name of ['LUMEN_DATA_DIR', 'DATABASE_URL', 'LUMEN_KNOWLEDGE_DIR', 'LUMEN_LESSONS_DIR'])
    delete env[name];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...entryArgs('channels/cli/main'), ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: 'pipe',
    });
    if (!lines) child.stdin.end();
    let stdout = '';
    let stderr = '';
    let typed = 0;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const prompts = stdout.split('you> ').length - 1;
      while (lines && typed < prompts) child.stdin.write(`${lines[typed++] ?? '/quit'}\n`);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

describe('lessons and campaign commands', () => {
  let dir: string;
  let dataDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lumen-cli-lessons-'));
    dataDir = join(dir, 'data');
    const store = await openStore({ sqlitePath: join(dataDir, 'lumen.db') });
    for (let i = 0; i < 6; i++) {
      await store.lessons.saveLearner({
        userId: `u${i}`,
        channel: 'web',
        conversationKey: `web::c${i}:`,
        groups: ['engineering'],
        timeZone: 'UTC',
        lastSeenAt: new Date(),
      });
    }
    await store.close();
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('lists the lessons as JSON', async () => {
    const run = await runCli(['lessons', 'list', '--json']);
    expect(run.code).toBe(0);
    const lessons = JSON.parse(run.stdout) as Array<{ id: string; track: string; minutes: number }>;
    expect(lessons.length).toBeGreaterThanOrEqual(12);
    expect(lessons[0]).toMatchObject({ id: 'what-generative-ai-is', track: 'foundations', minutes: 3 });
    const report = await runCli(['lessons', 'report', '--csv', '--data-dir', dataDir]);
    expect(report.code, report.stderr).toBe(0);
    const rows = report.stdout.trim().split('\n');
    expect(rows[0]).toBe('lesson,title,started,completed,quizScore,confidenceChange,usefulYes,usefulNo');
    expect(rows).toHaveLength(lessons.length + 1);
  });

  it('validates a folder and names the file, line and field of a bad lesson', async () => {
    const folder = join(dir, 'bad-lessons');
    await mkdir(folder);
    await writeFile(
      join(folder, 'broken.md'),
      '---\nid: broken\ntitle: Broken\ntrack: foundations\nminutes: lots\nquiz: []\n---\nBody.\n',
    );
    const run = await runCli(['lessons', 'validate', folder]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(folder, 'broken.md')}:5: minutes:`);
    const good = await runCli(['lessons', 'validate']);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^\d+ lessons with \d+ quiz questions are valid\.$/m);
  });

  it('reports every problem of a folder in one run, and accepts `audience: everyone`', async () => {
    const folder = join(dir, 'many-problems');
    await mkdir(folder);
    const quiz =
      'quiz:\n  - question: Is it true?\n    choices:\n      - text: Yes\n        correct: true\n        explanation: Right.\n      - text: No\n        explanation: Not so.\n';
    await writeFile(
      join(folder, 'a-everyone.md'),
      `---\nid: for-everyone\ntitle: For everyone\ntrack: foundations\naudience: everyone\nminutes: 2\n${quiz}---\nA short lesson.\n`,
    );
    await writeFile(
      join(folder, 'b-broken.md'),
      `---\nid: Broken_Id\ntitle: Broken\ntrack: foundations\nminutes: lots\nquiz: []\n---\n${'Far too long. '.repeat(120)}\n`,
    );
    const run = await runCli(['lessons', 'validate', folder]);
    expect(run.code).toBe(1);
    const broken = join(folder, 'b-broken.md');
    expect(run.stderr).toContain(`${broken}:2: id:`);
    expect(run.stderr).toContain(`${broken}:5: minutes:`);
    expect(run.stderr).toContain(`${broken}:6: quiz:`);
    expect(run.stderr).toContain(`${broken}:8: body: a paragraph is`);
    expect(run.stderr).toContain('4 problems in');
    expect(run.stderr).not.toContain('a-everyone.md');

    await mkdir(join(dir, 'only-everyone'));
    await writeFile(
      join(dir, 'only-everyone', 'a-everyone.md'),
      `---\nid: for-everyone\ntitle: For everyone\ntrack: foundations\naudience: everyone\nminutes: 2\n${quiz}---\nA short lesson.\n`,
    );
    const valid = await runCli(['lessons', 'validate', join(dir, 'only-everyone')]);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toContain('1 lesson with 1 quiz question is valid.');
  });

  it('takes a lesson in the terminal chat by pressing numbered buttons', async () => {
    const knowledge = join(dir, 'kb');
    await mkdir(knowledge);
    await writeFile(join(knowledge, 'leave.md'), '# Leave\n\nEveryone gets 25 days of annual leave.\n');
    const chatData = join(dir, 'chat-data');
    expect((await runCli(['ingest', knowledge, '--data-dir', chatData])).code).toBe(0);
    const run = await runCli(
      ['chat', '--data-dir', chatData],
      ['lesson', '/2', '/1', '/1', '/2', '/9', '/quit'],
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('/1 1   /2 2   /3 3   /4 4   /5 5');
    expect(run.stdout).toContain('(1/2)');
    expect(run.stdout).toContain('/1 Start the quiz');
    expect(run.stdout).toContain('Quiz · question 1 of 2');
    expect(run.stdout).toMatch(/Correct\.|Not quite\./);
    expect(run.stdout).toContain('There is no such button.');
  });

  it('previews, creates, delivers, reports as CSV and cancels a campaign', async () => {
    const base = ['--data-dir', dataDir];
    const common = [
      '--name',
      'AI week',
      '--lesson',
      'hallucinations',
      '--window',
      '00:00-24:00',
      '--quiet',
      '00:00-00:00',
      '--weekends',
    ];
    const preview = await runCli(['campaign', 'create', ...common, '--preview', '--json', ...base]);
    expect(JSON.parse(preview.stdout)).toEqual({
      audience: 6,
      optedOut: 0,
      alreadyCompleted: 0,
      notForRole: 0,
      unreachable: 0,
      targeted: 6,
    });

    const created = await runCli(['campaign', 'create', ...common, '--json', ...base]);
    expect(created.code).toBe(0);
    const campaign = JSON.parse(created.stdout) as { id: string; targeted: number; createdBy: string };
    expect(campaign).toMatchObject({ targeted: 6, createdBy: 'casey' });

    const run = await runCli(['campaign', 'run', '--rate', '100', ...base]);
    expect(run.stdout).toContain('Sent 6,');
    const again = await runCli(['campaign', 'run', ...base]);
    expect(again.stdout).toContain('Sent 0,');

    // `show` and `report` tell one story: sent nudges with reminders to come are delivered, not pending.
    const show = await runCli(['campaign', 'show', campaign.id.slice(0, 8), ...base]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/recipients: targeted 6, delivered 6, not yet sent 0, reminders due \d+/);
    const text = await runCli(['campaign', 'report', campaign.id.slice(0, 8), ...base]);
    expect(text.stdout).toMatch(/targeted 6, delivered 6,/);
    expect(text.stdout).toContain('not yet sent 0,');
    const remindersDue = (out: string) => /reminders due (\d+)/.exec(out)?.[1];
    expect(remindersDue(text.stdout)).toBeDefined();
    expect(remindersDue(text.stdout)).toBe(remindersDue(show.stdout));

    const csv = await runCli(['campaign', 'report', campaign.id.slice(0, 8), '--csv', ...base]);
    expect(csv.stdout).toContain('campaign,AI week,delivered,6');
    expect(csv.stdout).toContain('group,engineering,targeted,6');

    const cancelled = await runCli(['campaign', 'cancel', campaign.id, ...base]);
    expect(cancelled.stdout).toContain('Cancelled');
    const list = await runCli(['campaign', 'list', ...base]);
    expect(list.stdout).toMatch(/cancelled\s+\S+\s+AI week/);

    const bad = await runCli(['campaign', 'create', '--name', 'x', '--audience', 'team', ...base]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('error when creating the campaign: a campaign needs a lesson or a message');
  });
});
