import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../../../src/config/index.js';

/**
 * Slack's own manifest schema (slackapi/manifest-schema, MIT), kept in the shared folder
 * beside the repository, which CI provides read-only next to the clone.
 */
const SCHEMA = join(PACKAGE_ROOT, '..', 'shared', 'schemas', 'slack-manifest.schema.2.0.0.json');
const MANIFEST = join(PACKAGE_ROOT, 'manifests', 'slack', 'manifest.yaml');
const SLACK_CODE = join(PACKAGE_ROOT, 'src', 'channels', 'slack');

/** The bot scope each Web API method Lumen calls needs (none: the method needs no scope). */
const METHOD_SCOPES: Record<string, string | null> = {
  'auth.test': null,
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.startStream': 'chat:write',
  'chat.appendStream': 'chat:write',
  'chat.stopStream': 'chat:write',
  'conversations.open': 'im:write',
  'users.info': 'users:read',
  'usergroups.list': 'usergroups:read',
  'views.publish': null,
  'views.open': null,
  'assistant.threads.setSuggestedPrompts': 'assistant:write',
  'assistant.threads.setStatus': 'assistant:write',
  'assistant.threads.setTitle': 'assistant:write',
};

/** The scope each subscribed event needs. */
const EVENT_SCOPES: Record<string, string | null> = {
  app_home_opened: null,
  app_mention: 'app_mentions:read',
  assistant_thread_started: 'assistant:write',
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  'message.im': 'im:history',
  'message.mpim': 'mpim:history',
};

interface SlackManifest {
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] } };
  features: { slash_commands?: unknown[] };
}

const manifest = parse(readFileSync(MANIFEST, 'utf8')) as SlackManifest;
const code = readdirSync(SLACK_CODE)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => readFileSync(join(SLACK_CODE, file), 'utf8'))
  .join('\n');

/** Web API methods the Slack channel calls: `client.chat.postMessage(`, across line breaks. */
function calledMethods(source: string): Set<string> {
  const methods = new Set<string>();
  for (const match of source.matchAll(/\bclient\s*\.\s*([a-z]+(?:\s*\.\s*[a-zA-Z]+)+)\s*\(/g)) {
    methods.add(match[1]!.replace(/\s+/g, ''));
  }
  // Bolt's Assistant hands these to its handlers; calling them calls the method.
  for (const helper of ['setStatus', 'setTitle', 'setSuggestedPrompts']) {
    if (new RegExp(`\\b${helper}\\(`).test(source)) methods.add(`assistant.threads.${helper}`);
  }
  return methods;
}

describe('manifests/slack/manifest.yaml against Slack', () => {
  it('is valid against Slack’s manifest schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);

    // The schema does catch what Slack would refuse.
    const broken = structuredClone(manifest) as unknown as Record<string, Record<string, unknown>>;
    broken.display_information!.name = 'L'.repeat(40);
    expect(validate(broken)).toBe(false);
  });

  it('asks for exactly the scopes the events it subscribes to and the Web API methods it calls need', () => {
    const methods = calledMethods(code);
    expect(methods.size).toBeGreaterThan(5);
    const unknown = [...methods].filter((method) => !(method in METHOD_SCOPES));
    expect(unknown, 'methods called without a known scope: add them to METHOD_SCOPES').toEqual([]);

    const events = manifest.settings.event_subscriptions.bot_events;
    const needed = new Set<string>();
    for (const method of methods) if (METHOD_SCOPES[method]) needed.add(METHOD_SCOPES[method]!);
    for (const event of events) {
      expect(event in EVENT_SCOPES, `event ${event} has a known scope`).toBe(true);
      if (EVENT_SCOPES[event]) needed.add(EVENT_SCOPES[event]!);
    }
    if ((manifest.features.slash_commands ?? []).length > 0) needed.add('commands');
    // users.info returns the email only with this scope, and permissions match people by email.
    if (/profile\?*\.email/.test(code)) needed.add('users:read.email');

    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });

  it('subscribes to the events the code handles, and the code handles every subscribed event', () => {
    const handled = new Set([...code.matchAll(/\.event\(\s*'([a-z_.]+)'/g)].map((m) => m[1]!));
    const events = new Set(manifest.settings.event_subscriptions.bot_events);
    for (const event of handled) {
      if (event === 'message') continue;
      expect(events.has(event), `manifest subscribes to ${event}`).toBe(true);
    }
    for (const event of events) {
      if (event.startsWith('message.'))
        expect(handled.has('message') || /\.assistant\(/.test(code)).toBe(true);
      else if (event === 'assistant_thread_started') expect(code).toMatch(/threadStarted\s*:/);
      else expect(handled.has(event), `code handles ${event}`).toBe(true);
    }
  });
});
