import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLASH_COMMAND } from '../../../src/channels/slack/handle-command.js';
import { loadConfig, PACKAGE_ROOT } from '../../../src/config/index.js';

const SECRETS = { SLACK_BOT_TOKEN: 'xoxb-1-abc', SLACK_SIGNING_SECRET: 'signing-secret-value' };

describe('loadConfig (Slack)', () => {
  it('leaves Slack off when no Slack setting is present', () => {
    expect(loadConfig({}).slack).toBeUndefined();
  });

  it('configures HTTP mode with defaults when the bot token and signing secret are set', () => {
    expect(loadConfig(SECRETS).slack).toMatchObject({
      botToken: 'xoxb-1-abc',
      signingSecret: 'signing-secret-value',
      apiUrl: 'https://slack.com/api/',
      ignoreBots: true,
      streaming: 'native',
    });
  });

  it('adds the trailing slash the Web API client needs and reads channel audiences', () => {
    const slack = loadConfig({
      ...SECRETS,
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      SLACK_CHANNEL_AUDIENCES: 'C01=group:HR|group:managers,C02=everyone',
      SLACK_IGNORE_BOTS: 'false',
    }).slack!;
    expect(slack.apiUrl).toBe('http://127.0.0.1:9999/api/');
    expect(slack.channelAudiences).toEqual({ C01: ['group:hr', 'group:managers'], C02: ['everyone'] });
    expect(slack.ignoreBots).toBe(false);
  });

  it('maps Slack user groups by id to groups only when told to, and none by default', () => {
    expect(loadConfig(SECRETS).slack?.userGroups).toEqual({});
    const slack = loadConfig({
      ...SECRETS,
      SLACK_USER_GROUPS: 'S0123ABC=group:HR|group:managers, S0456DEF=group:finance',
    }).slack!;
    expect(slack.userGroups).toEqual({ S0123ABC: ['hr', 'managers'], S0456DEF: ['finance'] });
  });

  it('refuses a Slack user group mapping by handle or to something other than a group', () => {
    for (const value of ['hr=group:hr', 'S0123=user:ceo@example.com', 'S0123=hr']) {
      expect(() => loadConfig({ ...SECRETS, SLACK_USER_GROUPS: value })).toThrow(
        /SLACK_USER_GROUPS must map Slack user group ids to groups, like S0123ABC=group:hr/,
      );
    }
  });

  it('names the missing secret when only the bot token is set', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET.*SLACK_APP_TOKEN/);
  });

  it('rejects a malformed token without echoing it', () => {
    let message = '';
    try {
      loadConfig({ SLACK_BOT_TOKEN: 'xoxp-secret-user-token', SLACK_SIGNING_SECRET: 'signing-secret-value' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
    expect(message).not.toContain('xoxp-secret-user-token');
  });

  it('uses Socket Mode with an app token', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-abc' }).slack?.appToken).toBe(
      'xapp-1-abc',
    );
  });
});

describe('manifests/slack/manifest.yaml', () => {
  const manifest = parse(readFileSync(`${PACKAGE_ROOT}/manifests/slack/manifest.yaml`, 'utf8'));

  it('subscribes to exactly the events the channel listens to', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'assistant_thread_started',
      'message.channels',
      'message.groups',
      'message.im',
      'message.mpim',
    ]);
  });

  it('asks for the scopes the Web API calls need and no others', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'app_mentions:read',
      'assistant:write',
      'channels:history',
      'chat:write',
      'commands',
      'groups:history',
      'im:history',
      'im:write',
      'mpim:history',
      'usergroups:read',
      'users:read',
      'users:read.email',
    ]);
  });

  it('declares the slash command, interactivity, the App Home tab and the assistant view', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([
      SLASH_COMMAND,
    ]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.assistant_view.suggested_prompts.length).toBeLessThanOrEqual(4);
    for (const url of [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      manifest.features.slash_commands[0].url,
    ]) {
      expect(new URL(url).pathname).toBe('/slack/events');
    }
  });
});
