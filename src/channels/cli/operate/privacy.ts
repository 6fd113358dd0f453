import { writeFile } from 'node:fs/promises';
import { withLumen } from '../cli-context.js';

interface PrivacyOptions {
  dataDir?: string;
  user: string[];
  out?: string;
  yes?: boolean;
}

/** The operator running a privacy command, for the audit trail. */
function operator(): string {
  return `cli:${process.env.USER ?? 'operator'}`;
}

/** `lumen privacy export --user ID…`: everything stored about a person, as JSON. */
export async function privacyExportCommand(options: PrivacyOptions): Promise<boolean> {
  return withLumen(options, async (lumen) => {
    const data = await lumen.privacy.exportUser(options.user, operator());
    const found = data.turns.length + data.feedback.length + data.escalations.length + data.lessons.length;
    if (found === 0) {
      process.stderr.write(
        `No such person is known: nothing is stored under ${options.user.join(', ')}. Check the id: it is the one the person has on a channel (a Slack or Teams user id, or the email given to --as).\n`,
      );
      return false;
    }
    const json = `${JSON.stringify({ userIds: options.user, exportedAt: new Date().toISOString(), ...data }, null, 2)}\n`;
    if (options.out) {
      await writeFile(options.out, json, { mode: 0o600 });
      process.stderr.write(
        `Wrote ${data.turns.length} turns, ${data.feedback.length} ratings and ${data.escalations.length} escalations to ${options.out}\n`,
      );
    } else {
      process.stdout.write(json);
    }
    return true;
  });
}

/** `lumen privacy erase --user ID… --yes`: removes what a person wrote and who they were. */
export async function privacyEraseCommand(options: PrivacyOptions): Promise<boolean> {
  if (!options.yes) {
    process.stderr.write(
      `This erases the questions, answers, comments and escalations of ${options.user.join(', ')} for good. Run again with --yes to go ahead.\n`,
    );
    return false;
  }
  return withLumen(options, async (lumen) => {
    const erased = await lumen.privacy.eraseUser(options.user, operator());
    process.stdout.write(
      `Erased ${options.user.join(', ')} (now ${erased.pseudonym}): ${erased.turns} turns, ${erased.feedback} ratings, ${erased.escalations} escalations, ${erased.messages} delivered messages. Counts keep these rows without their content.\n`,
    );
    return true;
  });
}

/** `lumen privacy purge`: applies the retention policy now. */
export async function privacyPurgeCommand(options: { dataDir?: string }): Promise<boolean> {
  return withLumen(options, async (lumen) => {
    const purged = await lumen.privacy.purge(operator());
    const { retention } = lumen.config;
    process.stdout.write(
      `Removed conversation text from ${purged.conversationText} turns and ${purged.messages} delivered messages (older than ${retention.conversationTextDays || '∞'} days), ${purged.feedbackComments} feedback comments (older than ${retention.feedbackCommentDays || '∞'} days) and ${purged.auditRecords} audit records (older than ${retention.auditDays || '∞'} days); ${retention.legalHold.length} people under legal hold were skipped.\n`,
    );
    return true;
  });
}
