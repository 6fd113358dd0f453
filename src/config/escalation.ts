import { ConfigError } from '../core/errors.js';
import { type EscalationRoute, parseEscalationRoutes } from '../core/escalation/routing.js';
import { SENSITIVE_TOPICS, type SensitivePolicies, type SensitiveTopic } from '../core/escalation/topics.js';
import type { ChannelKind } from '../core/turn.js';

/** Escalation settings from `LUMEN_ESCALATION_*` and `LUMEN_SENSITIVE_TOPICS`. */
export interface EscalationConfig {
  routes: EscalationRoute[];
  /** Webhook URL per queue name. */
  webhooks: Record<string, string>;
  /** Chat conversation (Lumen conversation key, e.g. `slack:T1:C42:`) per queue name. */
  channels: Record<string, { channel: ChannelKind; conversationKey: string }>;
  webhookSecret?: string;
  remindAfterMinutes?: number;
  sensitive: SensitivePolicies;
}

/**
 * Escalation settings from the already validated `LUMEN_ESCALATION_*` and
 * `LUMEN_SENSITIVE_TOPICS` values; undefined when none is set. Errors name the setting.
 */
export function escalationConfig(s: {
  routes: string | undefined;
  queues: string | undefined;
  webhookSecret: string | undefined;
  remindMinutes: number | undefined;
  sensitiveTopics: string | undefined;
}): EscalationConfig | undefined {
  if (!s.routes && !s.queues && !s.sensitiveTopics && s.remindMinutes === undefined) {
    return undefined;
  }
  const fail = (name: string, message: string): never => {
    throw new ConfigError(`Invalid configuration: ${name} ${message}. Fix it in the environment or in .env.`);
  };
  let routes: EscalationRoute[] = [];
  try {
    routes = parseEscalationRoutes(s.routes ?? '');
  } catch (error) {
    fail('LUMEN_ESCALATION_ROUTES', (error as Error).message);
  }
  const webhooks: Record<string, string> = {};
  const channels: EscalationConfig['channels'] = {};
  for (const entry of (s.queues ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const chat = /^([\w-]+)=((slack|teams|web|cli):\S+)$/.exec(entry);
    if (chat) {
      channels[chat[1]!] = { channel: chat[3] as ChannelKind, conversationKey: chat[2]! };
      continue;
    }
    const m = /^([\w-]+)=(https?:\/\/\S+)$/.exec(entry);
    if (!m) {
      fail(
        'LUMEN_ESCALATION_QUEUES',
        `has "${entry}"; write <queue>=<https URL> or <queue>=<conversation key such as slack:T1:C42:>, comma-separated`,
      );
    }
    webhooks[m![1]!] = m![2]!;
  }
  if (Object.keys(webhooks).length > 0 && !s.webhookSecret) {
    fail('LUMEN_ESCALATION_WEBHOOK_SECRET', 'is required when LUMEN_ESCALATION_QUEUES names a webhook');
  }
  const sensitive: SensitivePolicies = {};
  const policyText = (s.sensitiveTopics ?? '').trim();
  if (policyText === 'handover' || policyText === 'answer') {
    for (const topic of SENSITIVE_TOPICS) sensitive[topic] = policyText;
  } else {
    for (const entry of policyText
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const [topic, policy] = entry.split('=');
      if (
        !SENSITIVE_TOPICS.includes(topic as SensitiveTopic) ||
        (policy !== 'handover' && policy !== 'answer')
      ) {
        fail(
          'LUMEN_SENSITIVE_TOPICS',
          `has "${entry}"; write handover, answer, or <topic>=handover|answer with topics ${SENSITIVE_TOPICS.join(', ')}`,
        );
      }
      sensitive[topic as SensitiveTopic] = policy as 'handover' | 'answer';
    }
  }
  return {
    routes,
    webhooks,
    channels,
    ...(s.webhookSecret ? { webhookSecret: s.webhookSecret } : {}),
    ...(s.remindMinutes !== undefined ? { remindAfterMinutes: s.remindMinutes } : {}),
    sensitive,
  };
}
