import type { App } from '@slack/bolt';
import { toTurn } from './answer-message.js';
import type { SlackDeps } from './options.js';
import type { SlackPlace } from './place.js';
import type { Respond } from './poster.js';

/** The slash command Lumen answers; the manifest declares the same name. */
export const SLASH_COMMAND = '/lumen';

/** What `/lumen <word>` means to the core: subcommands map to the core's own commands. */
export function commandText(text: string): string {
  const trimmed = text.trim();
  const [word = '', ...rest] = trimmed.split(/\s+/);
  switch (word.toLowerCase()) {
    case '':
    case 'help':
      return 'help';
    case 'feedback':
      // Admin review of feedback; the core refuses it for everyone else.
      return ['admin feedback', ...rest].join(' ').trim();
    default:
      return trimmed;
  }
}

/**
 * `/lumen <question>`, `/lumen help`, `/lumen lesson`, `/lumen feedback`: answered privately
 * to the person who typed it, restating what they asked, with their own access.
 */
export function registerCommand(app: App, deps: SlackDeps): void {
  app.command(SLASH_COMMAND, async ({ ack, command, respond }) => {
    await ack();
    const place: SlackPlace = {
      teamId: command.team_id,
      channelId: command.channel_id,
      kind: command.channel_name === 'directmessage' ? 'direct' : 'channel',
      privateTo: command.user_id,
    };
    const turn = await toTurn(
      deps,
      place,
      command.user_id,
      commandText(command.text),
      `command.${command.trigger_id}`,
    );
    const reply = await deps.copilot.handle(turn);
    await deps.poster.deliver(place, reply, {
      userId: command.user_id,
      question: command.text.trim() || 'help',
      respond: respond as Respond,
    });
  });
}
