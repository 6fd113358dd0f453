import { Command, Option } from 'commander';
import { readEnvFile } from '../../config.js';
import { describeError, LumenError } from '../../errors.js';
import { registerLessonCommands } from './lessons-program.js';

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

registerLessonCommands(program, action, dataDir);

await program.parseAsync(process.argv);
