import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLumen } from '../../../src/app/start-lumen.js';
import { signPayload } from '../../../src/channels/webhook/signature.js';
import type { WebhookPayload } from '../../../src/channels/webhook/webhook-queue.js';
import { loadConfig } from '../../../src/config/index.js';
import { makeTurn } from '../../helpers/builders.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const SECRET = 'ticketing-shared-secret-42';

let dir: string;
let receiver: WebhookReceiver;
let running: Awaited<ReturnType<typeof startLumen>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lumen-queue-'));
  receiver = await startWebhookReceiver();
  receiver.respond(201, { result: { number: 'INC0010042' } });
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LUMEN_DATA_DIR: dir,
    LUMEN_INGEST_ON_START: 'false',
    LUMEN_ESCALATION_QUEUES: `servicedesk=${receiver.url}`,
    LUMEN_ESCALATION_ROUTES: '*=servicedesk',
    LUMEN_ESCALATION_WEBHOOK_SECRET: SECRET,
  });
  running = await startLumen(config);
  await running.ready;
});

afterAll(async () => {
  await running?.close();
  await receiver?.close();
  await rm(dir, { recursive: true, force: true });
});

function callback(body: unknown, sign = true) {
  const text = JSON.stringify(body);
  const timestamp = Date.now();
  return fetch(`${running.url}/api/escalations/callback`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(sign
        ? {
            'x-lumen-timestamp': String(timestamp),
            'x-lumen-signature': signPayload(SECRET, timestamp, text),
          }
        : {}),
    },
    body: text,
  });
}

describe('escalations through a ticketing webhook on the running server', () => {
  it('posts the item to the configured queue and takes the ticketing system’s signed actions back', async () => {
    const employee = makeTurn('I need a person to check my payslip', { receivedAt: new Date() });
    await running.lumen.copilot.handle(makeTurn('talk to a human', { conversation: employee.conversation }));
    const [escalation] = await running.lumen.copilot.escalations.list();
    expect(escalation).toMatchObject({ queue: 'servicedesk', externalRef: 'INC0010042' });
    const created = JSON.parse(receiver.requests[0]!.body) as WebhookPayload;
    expect(created.event).toBe('created');

    const unsigned = await callback({ escalationId: escalation!.id, action: 'claim', by: 'dana' }, false);
    expect(unsigned.status).toBe(401);
    expect((await running.lumen.copilot.escalations.get(escalation!.id)).status).toBe('open');

    const claimed = await callback({ escalationId: escalation!.id, action: 'claim', by: 'dana' });
    expect(claimed.status).toBe(200);
    expect(await claimed.json()).toEqual({ escalationId: escalation!.id, status: 'claimed' });

    const replied = await callback({
      escalationId: escalation!.id,
      action: 'reply',
      by: 'Dana',
      text: 'Your payslip is correct.',
    });
    expect(replied.status).toBe(200);
    const outbox = await running.lumen.store.outbox.after(escalation!.conversationKey, 0);
    expect(outbox.at(-1)?.reply.text).toContain('Your payslip is correct.');

    const resolved = await callback({ escalationId: escalation!.id, action: 'resolve', by: 'dana' });
    expect(await resolved.json()).toMatchObject({ status: 'resolved' });
    const again = await callback({ escalationId: escalation!.id, action: 'claim', by: 'dana' });
    expect(again.status).toBe(409);
    const missing = await callback({ escalationId: 'nope', action: 'claim', by: 'dana' });
    expect(missing.status).toBe(404);
    const malformed = await callback({ escalationId: escalation!.id, action: 'delete', by: 'dana' });
    expect(malformed.status).toBe(400);

    const events = receiver.requests.map((r) => (JSON.parse(r.body) as WebhookPayload).event);
    expect(events).toEqual(['created', 'claimed', 'answered', 'resolved']);
    const audit = (await running.lumen.store.audit.list({ limit: 100 })).filter(
      (a) => a.subject === escalation!.id,
    );
    expect(audit.map((a) => a.actor)).toContain('queue:dana');
  });

  it('acts on a signed callback once, however often and to whichever replica it is replayed', async () => {
    await running.lumen.copilot.handle(
      makeTurn('talk to a human', {
        conversation: { id: 'conv-replay', kind: 'direct' },
        receivedAt: new Date(),
      }),
    );
    const escalation = (await running.lumen.copilot.escalations.list()).find((e) =>
      e.conversationKey.includes('conv-replay'),
    )!;
    const body = JSON.stringify({
      escalationId: escalation.id,
      action: 'reply',
      by: 'Dana',
      text: 'It is done.',
    });
    const timestamp = Date.now();
    const signed = {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-lumen-timestamp': String(timestamp),
        'x-lumen-signature': signPayload(SECRET, timestamp, body),
      },
      body,
    };
    const path = '/api/escalations/callback';
    expect((await fetch(`${running.url}${path}`, signed)).status).toBe(200);
    const replayed = await fetch(`${running.url}${path}`, signed);
    expect(replayed.status).toBe(409);
    expect((await replayed.json()).error.code).toBe('replayed');

    // Another replica on the same store refuses it too.
    const replica = await startLumen(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LUMEN_DATA_DIR: dir,
        LUMEN_INGEST_ON_START: 'false',
        LUMEN_ESCALATION_QUEUES: `servicedesk=${receiver.url}`,
        LUMEN_ESCALATION_ROUTES: '*=servicedesk',
        LUMEN_ESCALATION_WEBHOOK_SECRET: SECRET,
      }),
    );
    try {
      await replica.ready;
      expect((await fetch(`${replica.url}${path}`, signed)).status).toBe(409);
    } finally {
      await replica.close();
    }
    const answers = (await running.lumen.store.outbox.after(escalation.conversationKey, 0)).filter((m) =>
      m.reply.text.includes('It is done.'),
    );
    expect(answers).toHaveLength(1);

    // A callback id names the delivery, so a re-signed copy of the same callback is refused as well.
    const withId = (ts: number) => {
      const text = JSON.stringify({
        callbackId: 'cb-42',
        escalationId: escalation.id,
        action: 'resolve',
        by: 'dana',
      });
      return {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-lumen-timestamp': String(ts),
          'x-lumen-signature': signPayload(SECRET, ts, text),
        },
        body: text,
      };
    };
    expect((await fetch(`${running.url}${path}`, withId(Date.now()))).status).toBe(200);
    expect((await fetch(`${running.url}${path}`, withId(Date.now() + 1))).status).toBe(409);
  });
});
