import type { Command, Option } from 'commander';

/** Wraps a command in the CLI's error boundary: "error when <doing X>:" and exit code 1. */
export type ActionWrapper = <A extends unknown[]>(
  doing: string,
  run: (...args: A) => Promise<unknown>,
) => (...args: A) => Promise<void>;

/** Adds `lessons list|validate|report` and `campaign create|list|show|report|cancel|run` to the CLI. */
export function registerLessonCommands(program: Command, action: ActionWrapper, dataDir: () => Option): void {
  const lessons = program.command('lessons').description('AI-literacy micro-lessons');
  lessons
    .command('list')
    .description('list lessons: id, track, minutes, title')
    .addOption(dataDir())
    .option('--json', 'print as JSON (boolean)', false)
    .action(
      action('listing lessons', async (options) => {
        const { listLessonsCommand } = await import('./lessons.js');
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
        const { validateLessonsCommand } = await import('./lessons.js');
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
        const { lessonsReportCommand } = await import('./lessons.js');
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
    .option(
      '--by <name>',
      'who runs the campaign, shown in "why am I getting this?" (string); default: $USER',
    )
    .option('--preview', 'only show the audience size (boolean)', false)
    .option('--test-to <userId>', 'only send a test nudge to this person (string)')
    .option('--json', 'print as JSON (boolean)', false)
    .addOption(dataDir())
    .action(
      action('creating the campaign', async (options) => {
        const { createCampaignCommand } = await import('./campaigns.js');
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
        const { listCampaignsCommand } = await import('./campaigns.js');
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
        const { showCampaignCommand } = await import('./campaigns.js');
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
        const { reportCampaignCommand } = await import('./campaigns.js');
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
        const { cancelCampaignCommand } = await import('./campaigns.js');
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
        const { runCampaignsCommand } = await import('./campaigns.js');
        await runCampaignsCommand(options);
      }),
    );
}
