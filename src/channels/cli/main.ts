import { Command, Option } from 'commander';
import { readEnvFile } from '../../config.js';
import { describeError, LumenError } from '../../errors.js';

readEnvFile();

/** Runs a command behind one error boundary: "error when <doing X>: …" and exit code 1. */
function action<A extends unknown[]>(doing: string, run: (...args: A) => Promise<unknown>) {
  return async (...args: A) => {
    try {
      const ok = await run(...args);
      if (ok === false) process.exitCode = 1;
    } catch (error) {
      const message =
        error instanceof LumenError
          ? error.message
          : error instanceof Error
            ? error.message
            : describeError(error);
      process.stderr.write(`error when ${doing}: ${message}\n`);
      process.exitCode = 1;
    }
  };
}

const dataDir = () =>
  new Option('--data-dir <dir>', 'where everything is stored (string)')
    .env('LUMEN_DATA_DIR')
    .default('./.lumen');
const asUser = () =>
  new Option('--as <email>', 'ask as this person (string); default: the local user, public content only');
const groups = () => new Option('--groups <list>', 'comma-separated groups of that person (string)');

const program = new Command('lumen')
  .description('Lumen: answers from company knowledge, with citations')
  .showHelpAfterError()
  .configureHelp({ showGlobalOptions: true });

program
  .command('ingest')
  .description('index a folder of documents (Markdown, HTML, text, PDF, DOCX)')
  .argument('<folder>', 'folder to index')
  .addOption(dataDir())
  .option('--json', 'print the summary as JSON (boolean)', false)
  .action(
    action('indexing the folder', async (folder: string, options) => {
      const { ingestCommand } = await import('./commands/ingest.js');
      await ingestCommand(folder, options);
    }),
  );

program
  .command('ask')
  .description('ask one question')
  .argument('<question>', 'the question, in quotes')
  .addOption(dataDir())
  .option('--json', 'print {"answer", "abstained", "citations"} as JSON (boolean)', false)
  .addOption(asUser())
  .addOption(groups())
  .action(
    action('answering the question', async (question: string, options) => {
      const { askCommand } = await import('./commands/ask.js');
      await askCommand(question, options);
    }),
  );

program
  .command('chat')
  .description('chat in the terminal (follow-ups, feedback, escalation)')
  .addOption(dataDir())
  .addOption(asUser())
  .addOption(groups())
  .action(
    action('chatting', async (options) => {
      const { chatCommand } = await import('./commands/chat.js');
      await chatCommand(options);
    }),
  );

const escalations = program.command('escalations').description('questions handed to people');
escalations
  .command('list')
  .description('list escalations')
  .addOption(dataDir())
  .addOption(
    new Option('--status <status>', 'only this status (string)').choices(['open', 'answered', 'resolved']),
  )
  .option('--json', 'print as JSON (boolean)', false)
  .action(
    action('listing escalations', async (options) => {
      const { listEscalationsCommand } = await import('./commands/escalations.js');
      await listEscalationsCommand(options);
    }),
  );
escalations
  .command('answer')
  .description("answer an escalation; the answer reaches the employee's conversation")
  .argument('<id>', 'escalation id (or its first characters)')
  .argument('<text...>', 'the answer')
  .addOption(dataDir())
  .option('--by <name>', 'who answers (string); default: $USER')
  .action(
    action('answering the escalation', async (id: string, text: string[], options) => {
      const { answerEscalationCommand } = await import('./commands/escalations.js');
      await answerEscalationCommand(id, text, options);
    }),
  );
escalations
  .command('resolve')
  .description('mark an escalation resolved')
  .argument('<id>', 'escalation id (or its first characters)')
  .addOption(dataDir())
  .option('--by <name>', 'who resolves (string); default: $USER')
  .action(
    action('resolving the escalation', async (id: string, options) => {
      const { resolveEscalationCommand } = await import('./commands/escalations.js');
      await resolveEscalationCommand(id, options);
    }),
  );

program
  .command('doctor')
  .description('show which backends are active and check each one')
  .addOption(dataDir())
  .action(
    action('checking the installation', async (options) => {
      const { doctorCommand } = await import('./commands/doctor.js');
      return doctorCommand(options);
    }),
  );

program
  .command('eval')
  .description('score retrieval and citations on a question set (JSONL of {"question", "truth"})')
  .argument('<questions>', 'path to the .jsonl file')
  .addOption(dataDir())
  .option('--json', 'print results and totals as JSON (boolean)', false)
  .option('--limit <n>', 'only the first n questions (number)')
  .action(
    action('evaluating', async (file: string, options) => {
      const { evalCommand } = await import('./commands/eval.js');
      await evalCommand(file, options);
    }),
  );

const lessons = program.command('lessons').description('AI-literacy micro-lessons');
lessons
  .command('list')
  .description('list lessons: id, track, minutes, title')
  .addOption(dataDir())
  .option('--json', 'print as JSON (boolean)', false)
  .action(
    action('listing lessons', async (options) => {
      const { listLessonsCommand } = await import('./lessons-commands.js');
      return listLessonsCommand(options);
    }),
  );
lessons
  .command('validate')
  .description('check lesson files; every problem names its file, line and field')
  .argument('[folder]', 'folder of lesson files (string); default: built-in lessons and LUMEN_LESSONS_DIR')
  .addOption(dataDir())
  .action(
    action('validating lessons', async (folder: string | undefined, options) => {
      const { validateLessonsCommand } = await import('./lessons-commands.js');
      return validateLessonsCommand(folder, options);
    }),
  );

lessons
  .command('report')
  .description('how each lesson does: started, completed, quiz score, confidence change, usefulness')
  .addOption(dataDir())
  .option('--json', 'print as JSON, with accuracy per question (boolean)', false)
  .option('--csv', 'print as CSV (boolean)', false)
  .action(
    action('reporting on lessons', async (options) => {
      const { lessonsReportCommand } = await import('./lessons-commands.js');
      await lessonsReportCommand(options);
    }),
  );

const campaign = program
  .command('campaign')
  .description('learning campaigns that nudge people to take a lesson');
campaign
  .command('create')
  .description('create a campaign (or --preview its audience, or --test-to yourself first)')
  .requiredOption('--name <name>', 'campaign name (string)')
  .option('--lesson <id>', 'lesson to nudge people to take (string)')
  .option('--message <text>', 'message to send, alone or with the lesson (string)')
  .option(
    '--audience <audience>',
    'everyone | group:<name> | role:<name> | not-completed:<lesson> | conversation:<key prefix> (string)',
    'everyone',
  )
  .option('--start <iso>', 'start time, ISO 8601 (string); default: now')
  .option('--window <HH:MM-HH:MM>', "delivery window in each recipient's time zone (string)", '09:00-17:00')
  .option('--quiet <HH:MM-HH:MM>', 'quiet hours, never delivered in (string)', '20:00-08:00')
  .option('--weekends', 'also deliver on Saturdays and Sundays (boolean)', false)
  .option(
    '--reminders <list>',
    'reminders for unstarted lessons after the previous nudge, or none (string)',
    '2h,1d,3d',
  )
  .option('--per-day <n>', 'most lesson nudges a person gets per day (number)', '1')
  .option('--per-week <n>', 'most lesson nudges a person gets per week (number)', '3')
  .option('--by <name>', 'who runs the campaign, shown in "why am I getting this?" (string); default: $USER')
  .option('--preview', 'only show the audience size (boolean)', false)
  .option('--test-to <userId>', 'only send a test nudge to this person (string)')
  .option('--json', 'print as JSON (boolean)', false)
  .addOption(dataDir())
  .action(
    action('creating the campaign', async (options) => {
      const { createCampaignCommand } = await import('./campaign-commands.js');
      await createCampaignCommand(options);
    }),
  );
campaign
  .command('list')
  .description('list campaigns')
  .addOption(dataDir())
  .option('--json', 'print as JSON (boolean)', false)
  .action(
    action('listing campaigns', async (options) => {
      const { listCampaignsCommand } = await import('./campaign-commands.js');
      await listCampaignsCommand(options);
    }),
  );
campaign
  .command('show')
  .description('show a campaign and where its recipients are')
  .argument('<id>', 'campaign id (or its first characters)')
  .addOption(dataDir())
  .option('--json', 'print as JSON (boolean)', false)
  .action(
    action('showing the campaign', async (id: string, options) => {
      const { showCampaignCommand } = await import('./campaign-commands.js');
      await showCampaignCommand(id, options);
    }),
  );
campaign
  .command('report')
  .description('targeted, delivered, started, completed, quiz scores, confidence, opt-outs, per question')
  .argument('<id>', 'campaign id (or its first characters)')
  .addOption(dataDir())
  .option('--json', 'print as JSON (boolean)', false)
  .option('--csv', 'print as CSV (boolean)', false)
  .action(
    action('reporting on the campaign', async (id: string, options) => {
      const { reportCampaignCommand } = await import('./campaign-commands.js');
      await reportCampaignCommand(id, options);
    }),
  );
campaign
  .command('cancel')
  .description('stop a campaign; nothing more is sent')
  .argument('<id>', 'campaign id (or its first characters)')
  .addOption(dataDir())
  .action(
    action('cancelling the campaign', async (id: string, options) => {
      const { cancelCampaignCommand } = await import('./campaign-commands.js');
      await cancelCampaignCommand(id, options);
    }),
  );
campaign
  .command('run')
  .description('deliver the nudges due now (the server does this every minute)')
  .addOption(dataDir())
  .option('--rate <n>', 'messages per second (number)', '20')
  .action(
    action('delivering campaign nudges', async (options) => {
      const { runCampaignsCommand } = await import('./campaign-commands.js');
      await runCampaignsCommand(options);
    }),
  );

await program.parseAsync(process.argv);
