import { Argument, Command, Option } from 'commander';
import { readEnvFile } from '../../config/env-file.js';
import { describeError, LumenError } from '../../core/errors.js';
import { registerAdminCommands } from './operate/register-admin-commands.js';
import { registerLessonCommands } from './operate/register-lesson-commands.js';

// The `lumen` command is two things: the employee's channel (`ask`, `chat`: chat/) and the
// operator's tools (ingest, sync, doctor, index, privacy, audit, escalations, feedback, lessons,
// campaigns, eval, teams-package: operate/). Both open Lumen through cli-context.ts.

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
  .description('index a folder of documents (Markdown, HTML, text, PDF, DOCX, PPTX, XLSX)')
  .argument('<folder>', 'folder to index')
  .addOption(dataDir())
  .option('--json', 'print the summary as JSON (boolean)', false)
  .action(
    action('indexing the folder', async (folder: string, options) => {
      const { ingestCommand } = await import('./operate/ingest.js');
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
      const { askCommand } = await import('./chat/ask.js');
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
      const { chatCommand } = await import('./chat/chat.js');
      await chatCommand(options);
    }),
  );

registerAdminCommands(program, { action, dataDir });

const searchIndex = program
  .command('index')
  .description('the Azure AI Search index (AZURE_SEARCH_* settings)');
for (const mode of ['create', 'update'] as const) {
  searchIndex
    .command(mode)
    .description(
      mode === 'create'
        ? 'create the index from the definition in this repository'
        : 'create the index or update it to the definition in this repository',
    )
    .addOption(dataDir())
    .option('--dry-run', 'print the index definition as JSON instead of applying it (boolean)', false)
    .action(
      action(`${mode === 'create' ? 'creating' : 'updating'} the search index`, async (options) => {
        const { searchIndexCommand } = await import('./operate/search-index.js');
        await searchIndexCommand(mode, options);
      }),
    );
}

const privacy = program.command('privacy').description("people's data: export, erasure and retention");
const users = (value: string, previous: string[] = []) => [...previous, value];
privacy
  .command('export')
  .description('everything stored about a person, as JSON')
  .requiredOption('--user <id>', 'a user id the person has on a channel (repeat for each)', users)
  .option('--out <file>', 'write to this file instead of standard output')
  .addOption(dataDir())
  .action(
    action('exporting personal data', async (options) => {
      const { privacyExportCommand } = await import('./operate/privacy.js');
      return privacyExportCommand(options);
    }),
  );
privacy
  .command('erase')
  .description("remove a person's questions, answers, comments and escalations (counts stay right)")
  .requiredOption('--user <id>', 'a user id the person has on a channel (repeat for each)', users)
  .option('--yes', 'confirm the erasure (boolean)', false)
  .addOption(dataDir())
  .action(
    action('erasing personal data', async (options) => {
      const { privacyEraseCommand } = await import('./operate/privacy.js');
      return privacyEraseCommand(options);
    }),
  );
privacy
  .command('purge')
  .description('remove text older than the retention settings now (the server also does this daily)')
  .addOption(dataDir())
  .action(
    action('purging old data', async (options) => {
      const { privacyPurgeCommand } = await import('./operate/privacy.js');
      return privacyPurgeCommand(options);
    }),
  );

const audit = program.command('audit').description('the tamper-evident audit trail');
audit
  .command('verify')
  .description(
    're-check every record against the keyed hash chain; exit code 1 when a record was changed or removed',
  )
  .addOption(dataDir())
  .option(
    '--head <seq:hash>',
    'a head printed earlier by `lumen audit head`: also fail when that record is gone or differs',
  )
  .option('--json', 'print the result as JSON (boolean)', false)
  .action(
    action('verifying the audit trail', async (options) => {
      const { auditVerifyCommand } = await import('./operate/audit.js');
      return auditVerifyCommand(options);
    }),
  );
audit
  .command('head')
  .description("print the newest record's position and hash, to keep in a log outside Lumen")
  .addOption(dataDir())
  .option('--json', 'print the head as JSON (boolean)', false)
  .action(
    action('reading the audit trail head', async (options) => {
      const { auditHeadCommand } = await import('./operate/audit.js');
      return auditHeadCommand(options);
    }),
  );

program
  .command('sync')
  .description('sync SharePoint or Confluence into the index (changes since the last sync)')
  .addArgument(new Argument('<source>', 'what to sync').choices(['sharepoint', 'confluence']))
  .addOption(dataDir())
  .option('--full', 'crawl everything and remove what vanished (boolean)', false)
  .option('--json', 'print the sync report as JSON (boolean)', false)
  .action(
    action('syncing', async (source: 'sharepoint' | 'confluence', options) => {
      const { syncCommand } = await import('./operate/sync.js');
      await syncCommand(source, options);
    }),
  );

program
  .command('doctor')
  .description('show which backends are active and check each one')
  .addOption(dataDir())
  .action(
    action('checking the installation', async (options) => {
      const { doctorCommand } = await import('./operate/doctor.js');
      return doctorCommand(options);
    }),
  );

program
  .command('teams-package')
  .description('build the Teams app package (zip) to upload, from MICROSOFT_APP_ID and LUMEN_PUBLIC_URL')
  .option('--out <file>', 'where to write the zip (string)', 'lumen-teams.zip')
  .addOption(new Option('--app-id <guid>', 'Azure Bot Microsoft App ID (string)').env('MICROSOFT_APP_ID'))
  .addOption(
    new Option('--public-url <url>', 'https URL Teams reaches Lumen at (string)').env('LUMEN_PUBLIC_URL'),
  )
  .option('--version <semver>', 'app version; bump it for every re-upload (string)', '1.0.0')
  .action(
    action('building the Teams app package', async (options) => {
      const { teamsPackageCommand } = await import('./operate/teams-package.js');
      await teamsPackageCommand(options);
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
      const { evalCommand } = await import('./operate/eval.js');
      await evalCommand(file, options);
    }),
  );

registerLessonCommands(program, action, dataDir);

await program.parseAsync(process.argv);
