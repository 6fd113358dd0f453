import { type Command, Option } from 'commander';
import { ESCALATION_STATUSES } from '../../../core/ports/records.js';

/** What the admin commands borrow from the CLI's entry point. */
export interface CommandHelpers {
  /** Wraps a command in the CLI's one error boundary. */
  action<A extends unknown[]>(
    doing: string,
    run: (...args: A) => Promise<unknown>,
  ): (...args: A) => Promise<void>;
  dataDir(): Option;
}

/** `escalations …` and `feedback …`: the commands people who work escalations and review feedback use. */
export function registerAdminCommands(program: Command, { action, dataDir }: CommandHelpers): void {
  const escalations = program.command('escalations').description('questions handed to people');
  const by = () =>
    new Option('--by <name>', 'who acts (string); must be an admin when LUMEN_ADMINS is set; default: $USER');
  escalations
    .command('list')
    .description('list escalations')
    .addOption(dataDir())
    .addOption(new Option('--status <status>', 'only this status (string)').choices([...ESCALATION_STATUSES]))
    .option('--json', 'print as JSON (boolean)', false)
    .addOption(by())
    .action(
      action('listing escalations', async (options) => {
        const { listEscalationsCommand } = await import('./escalations.js');
        await listEscalationsCommand(options);
      }),
    );
  escalations
    .command('claim')
    .description('take an escalation, so the queue sees it is handled')
    .argument('<id>', 'escalation id (or its first characters)')
    .addOption(dataDir())
    .addOption(by())
    .action(
      action('claiming the escalation', async (id: string, options) => {
        const { claimEscalationCommand } = await import('./escalations.js');
        await claimEscalationCommand(id, options);
      }),
    );
  escalations
    .command('answer')
    .description("answer an escalation; the answer reaches the employee's conversation")
    .argument('<id>', 'escalation id (or its first characters)')
    .argument('<text...>', 'the answer')
    .addOption(dataDir())
    .addOption(by())
    .action(
      action('answering the escalation', async (id: string, text: string[], options) => {
        const { answerEscalationCommand } = await import('./escalations.js');
        await answerEscalationCommand(id, text, options);
      }),
    );
  escalations
    .command('ask')
    .description('ask the employee for more information; their reply comes back to the escalation')
    .argument('<id>', 'escalation id (or its first characters)')
    .argument('<text...>', 'the question for the employee')
    .addOption(dataDir())
    .addOption(by())
    .action(
      action('asking the employee', async (id: string, text: string[], options) => {
        const { requestInfoCommand } = await import('./escalations.js');
        await requestInfoCommand(id, text, options);
      }),
    );
  escalations
    .command('resolve')
    .description('mark an escalation resolved; the employee is asked whether it helped')
    .argument('<id>', 'escalation id (or its first characters)')
    .addOption(dataDir())
    .addOption(by())
    .action(
      action('resolving the escalation', async (id: string, options) => {
        const { resolveEscalationCommand } = await import('./escalations.js');
        await resolveEscalationCommand(id, options);
      }),
    );
  escalations
    .command('reassign')
    .description('send an escalation to another queue')
    .argument('<id>', 'escalation id (or its first characters)')
    .argument('<queue>', 'queue name')
    .addOption(dataDir())
    .addOption(by())
    .action(
      action('reassigning the escalation', async (id: string, queue: string, options) => {
        const { reassignEscalationCommand } = await import('./escalations.js');
        await reassignEscalationCommand(id, queue, options);
      }),
    );
  escalations
    .command('promote')
    .description('propose an answered escalation as a curated Q&A entry in the knowledge base')
    .argument('<id>', 'escalation id (or its first characters)')
    .addOption(dataDir())
    .addOption(by())
    .option(
      '--acl <list>',
      'who may read it: everyone, user:<email>, group:<name>, comma-separated (string)',
      'everyone',
    )
    .option('--approve', 'approve it at once, as its owner (boolean)', false)
    .option('--json', 'print the entry as JSON (boolean)', false)
    .action(
      action('promoting the answer', async (id: string, options) => {
        const { promoteEscalationCommand } = await import('./escalations.js');
        await promoteEscalationCommand(id, options);
      }),
    );
  escalations
    .command('approve')
    .description('approve a proposed curated entry, so Lumen answers with it')
    .argument('<entry>', 'curated entry id (or its first characters)')
    .addOption(dataDir())
    .addOption(by())
    .action(
      action('approving the curated entry', async (id: string, options) => {
        const { approveCuratedCommand } = await import('./escalations.js');
        await approveCuratedCommand(id, options);
      }),
    );
  escalations
    .command('remind')
    .description('remind queues of unclaimed escalations and close unanswered ones (run from a scheduler)')
    .addOption(dataDir())
    .action(
      action('running escalation reminders', async (options) => {
        const { remindEscalationsCommand } = await import('./escalations.js');
        await remindEscalationsCommand(options);
      }),
    );

  const feedback = program.command('feedback').description('review and export feedback (admins)');
  const range = (command: Command) =>
    command
      .addOption(dataDir())
      .option('--since <date>', 'from this date or ISO time, inclusive (string)')
      .option('--until <date>', 'to this date, inclusive, or ISO time, exclusive (string)')
      .addOption(by());
  range(
    feedback
      .command('export')
      .description('stream feedback (or turns) with what produced each answer, as CSV or JSONL')
      .addOption(
        new Option('--format <format>', 'output format (string)').choices(['csv', 'jsonl']).default('csv'),
      )
      .addOption(
        new Option('--kind <kind>', 'what to export (string)')
          .choices(['feedback', 'turns'])
          .default('feedback'),
      )
      .option('--pseudonymize', 'replace people and conversations with stable pseudonyms (boolean)', false)
      .option('--out <file>', 'write to this file (string); default: standard output'),
  ).action(
    action('exporting feedback', async (options) => {
      const { exportFeedbackCommand } = await import('./feedback.js');
      await exportFeedbackCommand(options);
    }),
  );
  range(
    feedback
      .command('summary')
      .description(
        'helpful rate per day and week, reasons, unanswered questions, cited documents, escalations',
      )
      .option('--json', 'print as JSON (boolean)', false),
  ).action(
    action('summarizing feedback', async (options) => {
      const { feedbackSummaryCommand } = await import('./feedback.js');
      await feedbackSummaryCommand(options);
    }),
  );
  range(
    feedback
      .command('gaps')
      .description(
        'gap report for content owners: questions abstained on, escalated or rated not helpful, grouped',
      )
      .option('--json', 'print as JSON (boolean)', false),
  ).action(
    action('reporting knowledge gaps', async (options) => {
      const { gapReportCommand } = await import('./feedback.js');
      await gapReportCommand(options);
    }),
  );
}
