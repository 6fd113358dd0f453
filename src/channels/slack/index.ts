export {
  createSlackChannel,
  SLACK_EVENTS_PATH,
  type SlackChannel,
  slackClientOptions,
} from './create-slack-channel.js';
export { escapeMrkdwn, toMrkdwn } from './mrkdwn.js';
export type { SlackChannelOptions } from './options.js';
export { placeFromKey, placeKey, type SlackPlace } from './place.js';
export { renderReply, type SlackMessage } from './render-reply.js';
export { SlackMessenger } from './slack-messenger.js';
export { splitMrkdwn } from './split-text.js';
