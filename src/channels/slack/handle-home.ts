import type { App } from '@slack/bolt';
import { describeError } from '../../core/errors.js';
import { toTurn } from './answer-message.js';
import { homeView } from './home-view.js';
import type { SlackDeps } from './options.js';

/** Publishes the App Home tab when a person opens it. */
export function registerHome(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id ?? '';
    const where = { teamId, channelId: event.channel, kind: 'direct' } as const;
    const turn = await toTurn(deps, where, event.user, 'help', `home.${event.event_ts}`);
    const help = await deps.copilot.handle(turn);
    const lessons = await deps.copilot.handle(
      await toTurn(deps, where, event.user, 'lesson progress', `home.lessons.${event.event_ts}`),
    );
    try {
      await client.views.publish({
        user_id: event.user,
        view: homeView({
          help,
          lessons,
          ...(turn.user.email ? { email: turn.user.email } : {}),
          suggestedPrompts: deps.config.suggestedPrompts,
        }),
      });
    } catch (error) {
      deps.log.error('slack home tab publish failed', {
        code: 'slack.home_failed',
        userId: event.user,
        error: describeError(error),
      });
    }
  });
}
