import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../../../src/channels/webhook/signature.js';
import type { WebhookPayload } from '../../../src/channels/webhook/webhook-queue.js';
import { WebhookQueue } from '../../../src/channels/webhook/webhook-queue.js';
import { InputError } from '../../../src/core/errors.js';
import type { CopilotDependencies } from '../../../src/core/index.js';
import { conversationKey } from '../../../src/core/turn.js';
import {
  createTestCore,
  indexDocument,
  ManualClock,
  makeAction,
  makeChunk,
  makeTurn,
  RecordingMessenger,
  type TestCore,
} from '../../helpers/builders.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const SECRET = 'queue-signing-secret-0123';
const MINUTE = 60_000;

describe('escalation workflow', () => {
  let receiver: WebhookReceiver;
  let messenger: RecordingMessenger;
  let clock: ManualClock;
  let core: TestCore;

  async function start(extra: Partial<NonNullable<CopilotDependencies['escalation']>> = {}) {
    const hr = new WebhookQueue({ url: receiver.url, secret: SECRET, clock });
    core = await createTestCore({
      messenger,
      clock,
      escalation: {
        routes: [
          { match: { topic: 'hr' }, queue: 'hr' },
          { match: { topic: 'harassment' }, queue: 'hr' },
          { match: { topic: '*' }, queue: 'it' },
        ],
        queues: { hr },
        sla: { remindAfterMs: 60 * MINUTE, closeAfterMs: 3 * 24 * 60 * MINUTE },
        ...extra,
      },
    });
    await indexDocument(core.index, [
      makeChunk(
        'folder:it/vpn.md',
        'Connect to the VPN with the Brightwater Connect app before opening the intranet.',
        {
          title: 'VPN',
        },
      ),
    ]);
  }

  /** The webhook calls received so far, each checked against its signature. */
  function payloads(): WebhookPayload[] {
    return receiver.requests.map((r) => {
      expect(
        verifySignature({
          secret: SECRET,
          body: r.body,
          timestamp: r.headers['x-lumen-timestamp'] as string,
          signature: r.headers['x-lumen-signature'] as string,
          nowMs: clock.now().getTime(),
          toleranceMs: 10 * 24 * 60 * MINUTE,
        }),
      ).toBe(true);
      return JSON.parse(r.body) as WebhookPayload;
    });
  }

  beforeEach(async () => {
    receiver = await startWebhookReceiver();
    receiver.respond(201, { key: 'HR-42' });
    messenger = new RecordingMessenger();
    clock = new ManualClock();
  });
  afterEach(async () => {
    await core?.close();
    await receiver.close();
  });

  it('posts to the routed queue, is claimed, asks for more, is answered in the conversation and resolved', async () => {
    await start();
    const employee = makeTurn('When is the payroll cutoff for bonuses?');
    const abstained = await core.copilot.handle(employee);
    expect(abstained.kind).toBe('abstain');

    const accepted = await core.copilot.handle(makeTurn('yes please'));
    expect(accepted.kind).toBe('escalated');
    const [escalation] = await core.copilot.escalations.list();
    expect(escalation).toMatchObject({
      status: 'open',
      queue: 'hr',
      topic: 'hr',
      trigger: 'abstained',
      confidence: 0,
      externalRef: 'HR-42',
      question: 'When is the payroll cutoff for bonuses?',
    });
    const [created] = payloads();
    expect(created).toMatchObject({
      event: 'created',
      item: {
        escalationId: escalation!.id,
        queue: 'hr',
        question: 'When is the payroll cutoff for bonuses?',
        topic: 'hr',
        confidence: 0,
        attempt: { abstained: true, sources: [] },
        conversation: [
          { role: 'user', text: 'When is the payroll cutoff for bonuses?' },
          { role: 'assistant', text: '(no answer found)' },
        ],
        actions: ['claim', 'reply', 'request_info', 'reassign', 'resolve'],
      },
    });

    const id = escalation!.id;
    await core.copilot.escalations.claim(id, 'dana@hr');
    await core.copilot.escalations.requestInfo(id, 'Which bonus: annual or spot?', 'dana@hr');
    expect(messenger.deliveries.at(-1)?.reply.text).toContain('Which bonus: annual or spot?');
    expect(messenger.deliveries.at(-1)?.target.conversationKey).toBe(conversationKey(employee));

    const relayed = await core.copilot.handle(makeTurn('The annual bonus'));
    expect(relayed.text).toContain('dana@hr');
    expect((await core.copilot.escalations.get(id)).transcript.at(-1)).toEqual({
      role: 'user',
      text: 'The annual bonus',
    });

    await core.copilot.escalations.answer(id, 'Annual bonuses close on 15 March.', 'dana@hr');
    const answerDelivery = messenger.deliveries.at(-1)!;
    expect(answerDelivery.target).toEqual({
      channel: 'web',
      conversationKey: conversationKey(employee),
      userId: 'u-1',
    });
    expect(answerDelivery.reply.text).toContain('Annual bonuses close on 15 March.');
    expect(answerDelivery.reply.actions.map((a) => a.payload)).toContainEqual({
      name: 'escalation',
      escalationId: id,
      op: 'solved',
    });

    await core.copilot.escalations.resolve(id, 'dana@hr');
    expect(messenger.deliveries.at(-1)?.reply.text).toContain('Did this help?');
    const rated = await core.copilot.handle(
      makeAction({ name: 'escalation', escalationId: id, op: 'helped' }),
    );
    expect(rated.kind).toBe('feedback_thanks');

    const final = await core.copilot.escalations.get(id);
    expect(final).toMatchObject({
      status: 'resolved',
      claimedBy: 'dana@hr',
      answeredBy: 'dana@hr',
      helped: true,
    });
    expect(final.resolvedAt).toEqual(clock.now());
    expect(payloads().map((p) => p.event)).toEqual([
      'created',
      'claimed',
      'info_requested',
      'employee_replied',
      'answered',
      'resolved',
    ]);
    expect(
      payloads()
        .slice(1)
        .every((p) => p.externalRef === 'HR-42'),
    ).toBe(true);
    const audit = (await core.store.audit.list({ limit: 100 }))
      .filter((e) => e.subject === id)
      .map((e) => e.action);
    expect(audit.sort()).toEqual(
      [
        'escalation.opened',
        'escalation.claimed',
        'escalation.info_requested',
        'escalation.employee_replied',
        'escalation.answered',
        'escalation.resolved',
        'escalation.rated',
      ].sort(),
    );
  });

  it('lets the employee reopen a resolved escalation, back to the person who had claimed it', async () => {
    await start();
    await core.copilot.handle(makeTurn('talk to a human'));
    const [e] = await core.copilot.escalations.list();
    await core.copilot.escalations.answer(e!.id, 'Try restarting.', 'sam@it');
    await core.copilot.escalations.resolve(e!.id, 'sam@it');
    const reply = await core.copilot.handle(
      makeAction({ name: 'escalation', escalationId: e!.id, op: 'reopen' }),
    );
    expect(reply.kind).toBe('escalated');
    expect(reply.text).toContain('sam@it');
    expect((await core.copilot.escalations.get(e!.id)).status).toBe('waiting_on_employee');
    await core.copilot.handle(makeTurn('Restarting did not fix the docking station.'));
    const reopened = await core.copilot.escalations.get(e!.id);
    expect(reopened).toMatchObject({ status: 'claimed', claimedBy: 'sam@it' });
    expect(reopened.transcript.at(-1)?.text).toBe('Restarting did not fix the docking station.');
    const audit = (await core.store.audit.list({ limit: 100 })).map((x) => x.action);
    expect(audit).toEqual(expect.arrayContaining(['escalation.reopened', 'escalation.employee_replied']));
  });

  it('refuses a transition the state does not allow and an action on someone else’s escalation', async () => {
    await start();
    await core.copilot.handle(makeTurn('talk to a human'));
    const [e] = await core.copilot.escalations.list();
    await core.copilot.escalations.resolve(e!.id, 'sam@it');
    await expect(core.copilot.escalations.claim(e!.id, 'sam@it')).rejects.toBeInstanceOf(InputError);
    const other = await core.copilot.handle(
      makeAction({ name: 'escalation', escalationId: e!.id, op: 'reopen' }, { user: { id: 'u-2' } }),
    );
    expect(other.kind).toBe('error');
    expect((await core.copilot.escalations.get(e!.id)).status).toBe('resolved');
  });

  it('hands a sensitive topic to a person when the policy says so, without answering it', async () => {
    await start({ sensitive: { harassment: 'handover' } });
    const reply = await core.copilot.handle(
      makeTurn('A colleague keeps harassing me on the VPN chat, what do I do?'),
    );
    expect(reply).toMatchObject({ kind: 'escalated', visibility: 'asker', citations: [] });
    const [e] = await core.copilot.escalations.list();
    expect(e).toMatchObject({ topic: 'harassment', trigger: 'sensitive_topic', queue: 'hr' });
    expect(await core.store.turns.list({})).toEqual([]);
  });

  it('answers a sensitive topic when the policy is to answer, flagging the turn', async () => {
    await start({ sensitive: { harassment: 'answer' } });
    const reply = await core.copilot.handle(makeTurn('How do I report harassment over the VPN?'));
    expect(reply.kind === 'answer' || reply.kind === 'abstain').toBe(true);
    const [turn] = await core.store.turns.list({});
    expect(turn?.guardrailFlags).toEqual(['sensitive:harassment']);
    expect(await core.copilot.escalations.list()).toEqual([]);
  });

  it('keeps the escalation and tells the employee when the queue is down', async () => {
    receiver.respond(503, {});
    await start();
    const reply = await core.copilot.handle(makeTurn('When is the payroll cutoff? talk to a human'));
    await core.copilot.handle(makeTurn('talk to a human'));
    expect(reply.kind === 'abstain' || reply.kind === 'answer').toBe(true);
    const [e] = await core.copilot.escalations.list();
    expect(e).toMatchObject({ status: 'open', queue: 'hr' });
    expect(e?.externalRef).toBeUndefined();
    expect(receiver.requests).toHaveLength(1);
  });

  describe('SLA', () => {
    it('reminds the queue of an unclaimed escalation after the configured time, once per period', async () => {
      await start();
      await core.copilot.handle(makeTurn('When is the payroll cutoff?'));
      await core.copilot.handle(makeAction({ name: 'escalate' }));
      const [e] = await core.copilot.escalations.list();

      clock.advance(59 * MINUTE);
      expect((await core.copilot.sla.run()).reminded).toEqual([]);
      clock.advance(MINUTE);
      const first = await core.copilot.sla.run();
      expect(first.reminded.map((r) => r.id)).toEqual([e!.id]);
      expect(payloads().at(-1)).toMatchObject({ event: 'reminder', externalRef: 'HR-42' });
      expect((await core.copilot.sla.run()).reminded).toEqual([]);
      clock.advance(60 * MINUTE);
      expect((await core.copilot.sla.run()).reminded).toHaveLength(1);

      await core.copilot.escalations.claim(e!.id, 'dana@hr');
      clock.advance(10 * 60 * MINUTE);
      expect((await core.copilot.sla.run()).reminded).toEqual([]);
      const reminders = (await core.store.audit.list({ limit: 100 })).filter(
        (a) => a.action === 'escalation.reminder',
      );
      expect(reminders).toHaveLength(2);
    });

    it('sends a reminder once when several replicas run the pass at the same moment', async () => {
      await start();
      await core.copilot.handle(makeTurn('When is the payroll cutoff?'));
      await core.copilot.handle(makeAction({ name: 'escalate' }));
      clock.advance(60 * MINUTE);
      const passes = await Promise.all([
        core.copilot.sla.run(),
        core.copilot.sla.run(),
        core.copilot.sla.run(),
      ]);
      expect(passes.flatMap((p) => p.reminded)).toHaveLength(1);
      expect(payloads().filter((p) => p.event === 'reminder')).toHaveLength(1);
    });

    it('closes an escalation the employee never answered and lets them reopen it', async () => {
      await start();
      await core.copilot.handle(makeTurn('talk to a human'));
      const [e] = await core.copilot.escalations.list();
      await core.copilot.escalations.requestInfo(e!.id, 'Which laptop?', 'sam@it');
      clock.advance(3 * 24 * 60 * MINUTE);
      const { closed } = await core.copilot.sla.run();
      expect(closed.map((c) => c.status)).toEqual(['closed_no_response']);
      expect(messenger.deliveries.at(-1)?.reply.text).toContain('did not hear back');
      await core.copilot.handle(makeAction({ name: 'escalation', escalationId: e!.id, op: 'reopen' }));
      expect((await core.copilot.escalations.get(e!.id)).status).toBe('waiting_on_employee');
      await core.copilot.handle(makeTurn('The Dell one.'));
      expect((await core.copilot.escalations.get(e!.id)).status).toBe('claimed');
    });
  });
});

describe('verifySignature', () => {
  const body = JSON.stringify({ event: 'created' });
  const now = Date.UTC(2026, 10, 23, 10);

  it('accepts the signature Lumen sends and refuses a changed body, another secret or a stale timestamp', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const queue = new WebhookQueue({
        url: receiver.url,
        secret: SECRET,
        clock: new ManualClock(new Date(now)),
      });
      await queue.update(
        {
          escalationId: 'e1',
          queue: 'hr',
          status: 'open',
          question: 'q',
          conversation: [],
          employee: { id: 'u', channel: 'web' },
          createdAt: new Date(now).toISOString(),
          actions: [],
        },
        'claimed',
      );
      const [request] = receiver.requests;
      const signed = {
        secret: SECRET,
        body: request!.body,
        timestamp: request!.headers['x-lumen-timestamp'] as string,
        signature: request!.headers['x-lumen-signature'] as string,
        nowMs: now,
      };
      expect(signed.timestamp).toBe(String(now));
      expect(verifySignature(signed)).toBe(true);
      expect(verifySignature({ ...signed, body: signed.body.replace('claimed', 'resolved') })).toBe(false);
      expect(verifySignature({ ...signed, secret: 'another-secret-0123456' })).toBe(false);
      expect(verifySignature({ ...signed, nowMs: now + 6 * MINUTE })).toBe(false);
      expect(verifySignature({ ...signed, signature: undefined })).toBe(false);
      expect(verifySignature({ ...signed, body, signature: 'sha256=00' })).toBe(false);
    } finally {
      await receiver.close();
    }
  });
});
