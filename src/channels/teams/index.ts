export { toTeamsConversation, toTeamsConversationKey, toTeamsTurn } from './build-turn.js';
export { createTeamsAdapter, type TeamsAdapter, type TeamsAdapterOptions } from './create-adapter.js';
export { createTeamsChannel, type TeamsChannel } from './create-teams-channel.js';
export { keepEntityPropertiesOnTheWire } from './entity-wire-format.js';
export type { TeamsStreamingOptions } from './lumen-bot.js';
export type { TeamsChannelOptions } from './options.js';
export { type RenderOptions, toTeamsMessage } from './render.js';
export { TeamsMessenger, type TeamsMessengerOptions } from './teams-messenger.js';
