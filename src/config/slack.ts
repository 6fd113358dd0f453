import * as z from 'zod';
import { ConfigError } from '../core/errors.js';

/** Slack's Web API base; the client appends method names to it. */
export const SLACK_API_URL = 'https://slack.com/api/';

/**
 * How long an answer may take before progress shows (partial text, "is thinking…"): long
 * enough that an answer ready at once is posted whole, short enough that a streaming
 * model's first words still appear at once.
 */
export const DEFAULT_PROGRESS_AFTER_MS = 40;

/** What a new assistant thread suggests when no prompts are configured. */
export const DEFAULT_SUGGESTED_PROMPTS = [
  'How many days of parental leave do I get?',
  'How do I reset my password?',
  'What can I expense when I travel?',
];

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const millis = z.coerce
  .number({ error: 'must be a whole number of milliseconds' })
  .int('must be a whole number of milliseconds')
  .min(0, 'must be a whole number of milliseconds');

/** Slack settings, merged into the main configuration schema. */
export const slackSchema = {
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, 'must be a bot token starting with xoxb-')
    .optional(),
  SLACK_SIGNING_SECRET: z.string().min(8, 'must be the signing secret from the app settings').optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'must be an app-level token starting with xapp-')
    .optional(),
  SLACK_API_URL: z
    .url({ error: 'must be a URL such as https://slack.com/api/' })
    .transform((v) => (v.endsWith('/') ? v : `${v}/`))
    .default(SLACK_API_URL),
  SLACK_IGNORE_BOTS: bool.default(true),
  SLACK_STREAMING: z
    .enum(['native', 'update', 'off'], {
      error: 'must be "native" (chat streaming API), "update" (post then update) or "off"',
    })
    .default('native'),
  SLACK_UPDATE_INTERVAL_MS: millis.default(1000),
  SLACK_POST_INTERVAL_MS: millis.default(1000),
  SLACK_PROGRESS_AFTER_MS: millis.default(DEFAULT_PROGRESS_AFTER_MS),
  SLACK_SUGGESTED_PROMPTS: z
    .string()
    .transform((v) =>
      v
        .split('|')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((v) => v.length <= 4, 'must list at most four prompts separated by |')
    .optional(),
  SLACK_CHANNEL_AUDIENCES: z
    .string()
    .regex(
      /^\s*[A-Z0-9]+=[^,=]+(,\s*[A-Z0-9]+=[^,=]+)*\s*$/,
      'must look like C0123=group:hr|group:managers,C0456=everyone',
    )
    .optional(),
  SLACK_USER_GROUPS: z
    .string()
    .regex(
      /^\s*S[A-Z0-9]+=group:[^,=|]+(\|group:[^,=|]+)*(,\s*S[A-Z0-9]+=group:[^,=|]+(\|group:[^,=|]+)*)*\s*$/,
      'must map Slack user group ids to groups, like S0123ABC=group:hr|group:managers,S0456DEF=group:finance',
    )
    .optional(),
  LUMEN_PUBLIC_URL: z
    .url({ error: 'must be the URL people open Lumen at, e.g. https://lumen.example.com' })
    .optional(),
};

type SlackSettings = z.output<z.ZodObject<typeof slackSchema>>;

/** How Lumen connects to Slack. */
export interface SlackConfig {
  botToken: string;
  /** HTTP mode: verifies requests at `POST /slack/events`. */
  signingSecret?: string;
  /** Socket Mode instead of HTTP when set. */
  appToken?: string;
  apiUrl: string;
  ignoreBots: boolean;
  streaming: 'native' | 'update' | 'off';
  updateIntervalMs: number;
  postIntervalMs: number;
  /** How long an answer may take before partial text and the thinking status show (default 40 ms). */
  progressAfterMs?: number;
  suggestedPrompts: string[];
  /** Per channel id: the principals every member may read (public content when absent). */
  channelAudiences: Record<string, string[]>;
  /**
   * Per Slack user group id: the group names its members read as (`S0123` to `['hr']` for
   * `group:hr`). Slack user groups not listed give no permissions; absent means none do.
   */
  userGroups?: Record<string, string[]>;
  /** Base for relative citation links such as `/knowledge/...`. */
  publicUrl?: string;
}

/** The `slack` part of the configuration, present when a bot token is set. */
export function slackConfigOf(s: SlackSettings): { slack?: SlackConfig } {
  const anySet = s.SLACK_BOT_TOKEN || s.SLACK_SIGNING_SECRET || s.SLACK_APP_TOKEN;
  if (!anySet) return {};
  if (!s.SLACK_BOT_TOKEN) {
    throw new ConfigError(
      'Invalid configuration: SLACK_BOT_TOKEN is missing while other SLACK_ settings are set. Copy the Bot User OAuth Token (xoxb-...) from the app\'s "OAuth & Permissions" page.',
    );
  }
  if (!s.SLACK_SIGNING_SECRET && !s.SLACK_APP_TOKEN) {
    throw new ConfigError(
      'Invalid configuration: SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is. Set one of them.',
    );
  }
  return {
    slack: {
      botToken: s.SLACK_BOT_TOKEN,
      ...(s.SLACK_SIGNING_SECRET ? { signingSecret: s.SLACK_SIGNING_SECRET } : {}),
      ...(s.SLACK_APP_TOKEN ? { appToken: s.SLACK_APP_TOKEN } : {}),
      apiUrl: s.SLACK_API_URL,
      ignoreBots: s.SLACK_IGNORE_BOTS,
      streaming: s.SLACK_STREAMING,
      updateIntervalMs: s.SLACK_UPDATE_INTERVAL_MS,
      postIntervalMs: s.SLACK_POST_INTERVAL_MS,
      progressAfterMs: s.SLACK_PROGRESS_AFTER_MS,
      suggestedPrompts: s.SLACK_SUGGESTED_PROMPTS ?? DEFAULT_SUGGESTED_PROMPTS,
      channelAudiences: parseIdMap(s.SLACK_CHANNEL_AUDIENCES),
      userGroups: parseUserGroups(s.SLACK_USER_GROUPS),
      ...(s.LUMEN_PUBLIC_URL ? { publicUrl: s.LUMEN_PUBLIC_URL } : {}),
    },
  };
}

/** `ID=a|b,ID2=c` as `{ ID: ['a', 'b'], ID2: ['c'] }`, values trimmed and lowercased. */
function parseIdMap(value: string | undefined): Record<string, string[]> {
  if (!value) return {};
  const map: Record<string, string[]> = {};
  for (const entry of value.split(',')) {
    const [id, values] = entry.split('=') as [string, string];
    map[id.trim()] = values
      .split('|')
      .map((p) => p.trim().toLowerCase())
      .filter(Boolean);
  }
  return map;
}

/** The mapped groups by name (`group:hr` read as `hr`, as a person's groups are). */
function parseUserGroups(value: string | undefined): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(parseIdMap(value)).map(([id, principals]) => [
      id,
      principals.map((principal) => principal.slice('group:'.length)),
    ]),
  );
}
