import { BackendError } from '../../core/errors.js';
import type { EscalationQueue, QueueEvent, QueueItem } from '../../core/escalation/escalation-queue.js';
import type { Clock } from '../../core/ports.js';
import { systemClock } from '../../core/ports.js';
import { SIGNATURE_HEADER, signPayload, TIMESTAMP_HEADER } from './signature.js';

/** Where a webhook queue posts and how it signs. */
export interface WebhookQueueOptions {
  url: string;
  secret: string;
  fetch?: typeof fetch;
  clock?: Clock;
  timeoutMs?: number;
}

/** The JSON body every webhook call carries. */
export interface WebhookPayload {
  event: 'created' | QueueEvent;
  item: QueueItem;
  externalRef?: string;
  sentAt: string;
}

/**
 * A ticketing queue behind a generic JSON webhook (ServiceNow, Jira Service Management, or
 * anything that takes a POST). Each body is signed with HMAC-SHA256 so the receiver can
 * check it came from Lumen; the response's `externalRef`, `key`, `number` or `id` becomes
 * the ticket reference sent with later updates.
 */
export class WebhookQueue implements EscalationQueue {
  readonly kind = 'webhook';
  private readonly fetch: typeof fetch;
  private readonly clock: Clock;

  constructor(private readonly options: WebhookQueueOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.clock = options.clock ?? systemClock;
  }

  async post(item: QueueItem): Promise<{ externalRef?: string }> {
    const response = await this.send({ event: 'created', item, sentAt: this.clock.now().toISOString() });
    const externalRef = referenceOf(response);
    return externalRef ? { externalRef } : {};
  }

  async update(item: QueueItem, event: QueueEvent, externalRef?: string): Promise<void> {
    await this.send({
      event,
      item,
      ...(externalRef ? { externalRef } : {}),
      sentAt: this.clock.now().toISOString(),
    });
  }

  private async send(payload: WebhookPayload): Promise<unknown> {
    const body = JSON.stringify(payload);
    const timestamp = this.clock.now().getTime();
    let response: Response;
    try {
      response = await this.fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signPayload(this.options.secret, timestamp, body),
          [TIMESTAMP_HEADER]: String(timestamp),
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new BackendError('escalation_webhook', `posting to ${new URL(this.options.url).host} failed`, {
        cause: error,
      });
    }
    if (!response.ok) {
      throw new BackendError(
        'escalation_webhook',
        `${new URL(this.options.url).host} answered ${response.status} to ${payload.event}`,
      );
    }
    const text = await response.text();
    try {
      return text ? JSON.parse(text) : undefined;
    } catch {
      return undefined;
    }
  }
}

function referenceOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const result =
    typeof b.result === 'object' && b.result !== null ? (b.result as Record<string, unknown>) : {};
  for (const value of [b.externalRef, b.key, b.number, result.number, b.id]) {
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return undefined;
}
