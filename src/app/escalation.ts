import { WebhookQueue } from '../channels/webhook/webhook-queue.js';
import type { EscalationConfig } from '../config/index.js';
import type { CopilotDependencies } from '../core/create-copilot.js';
import { ChannelQueue } from '../core/escalation/channel-queue.js';
import type { EscalationQueue } from '../core/escalation/escalation-queue.js';
import { DEFAULT_SLA } from '../core/escalation/escalation-sla.js';
import type { Clock, Messenger } from '../core/ports.js';

/** Escalation queues and policy for the core, built from configuration. */
export function escalationDependencies(
  config: EscalationConfig,
  clock: Clock,
  messenger: Messenger,
  fetchImpl?: typeof fetch,
): NonNullable<CopilotDependencies['escalation']> {
  const queues: Record<string, EscalationQueue> = {};
  for (const [name, target] of Object.entries(config.channels)) {
    queues[name] = new ChannelQueue(messenger, { ...target, userId: '' });
  }
  for (const [name, url] of Object.entries(config.webhooks)) {
    queues[name] = new WebhookQueue({
      url,
      secret: config.webhookSecret ?? '',
      clock,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
  }
  return {
    routes: config.routes,
    queues,
    sensitive: config.sensitive,
    sla: {
      ...DEFAULT_SLA,
      ...(config.remindAfterMinutes !== undefined
        ? { remindAfterMs: config.remindAfterMinutes * 60_000 }
        : {}),
    },
  };
}
