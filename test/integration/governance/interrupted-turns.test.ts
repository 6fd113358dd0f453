import { afterEach, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../src/core/governance/audit.js';
import type { ChatModel } from '../../../src/core/ports.js';
import { silentLogger } from '../../../src/core/ports.js';
import { conversationKey } from '../../../src/core/turn.js';
import {
  apologiseForInterruptedTurns,
  INTERRUPTED_TURN_APOLOGY,
  journalTurns,
} from '../../../src/core/turn-journal.js';
import { ExtractiveModel } from '../../../src/llm/extractive/extractive-model.js';
import { createTestCore, indexDocument, makeChunk, makeTurn, type TestCore } from '../../helpers/builders.js';

const PER_DIEM = 'The daily meal allowance (per diem) is 75 CAD in Toronto and 60 EUR in Lisbon.';

/** A model whose answers never come, as when the process dies while it is asked. */
const neverAnswers: ChatModel = {
  name: 'never',
  answer: () => new Promise(() => undefined),
  check: async () => ({ name: 'model', ok: true, detail: 'never answers' }),
};

describe('turns cut short by a stopped process', () => {
  let test: TestCore;

  afterEach(async () => {
    await test?.close();
  });

  async function setUp(model: ChatModel) {
    test = await createTestCore({ model });
    await indexDocument(test.index, [makeChunk('folder:expenses.md', PER_DIEM)]);
    const copilot = journalTurns(test.copilot, test.store.turnJournal, test.clock, silentLogger);
    const apologise = () =>
      apologiseForInterruptedTurns({
        journal: test.store.turnJournal,
        messenger: {
          deliver: (target, reply) =>
            test.store.outbox.append(target.conversationKey, reply, test.clock.now()).then(() => undefined),
        },
        audit: new AuditTrail(test.store.audit, test.clock, silentLogger),
        clock: test.clock,
        log: silentLogger,
        interruptedAfterMs: 90_000,
      });
    return { copilot, apologise };
  }

  it('tells the asker once, in their conversation, after the turn is old enough to be abandoned', async () => {
    const { copilot, apologise } = await setUp(neverAnswers);
    const turn = makeTurn('What is the per diem in Toronto?');
    void copilot.handle(turn);
    await new Promise((resolve) => setTimeout(resolve, 50));

    test.clock.advance(60_000);
    expect(await apologise()).toBe(0);
    test.clock.advance(31_000);
    expect(await apologise()).toBe(1);
    expect(await apologise()).toBe(0);

    const messages = await test.store.outbox.after(conversationKey(turn), 0);
    expect(messages.map((m) => [m.reply.kind, m.reply.text])).toEqual([['error', INTERRUPTED_TURN_APOLOGY]]);
    const audited = await test.store.audit.list({});
    expect(audited.filter((e) => e.action === 'turn.interrupted').map((e) => e.subject)).toEqual([turn.id]);
  });

  it('owes nothing for turns that finished, answered or not, nor for terminal turns', async () => {
    const { copilot, apologise } = await setUp(new ExtractiveModel());
    await copilot.handle(makeTurn('What is the per diem in Toronto?'));
    await copilot.handle(makeTurn('What is the capital of Australia?'));
    const terminal = await createTestCore({ model: neverAnswers });
    try {
      const fromTerminal = journalTurns(terminal.copilot, test.store.turnJournal, test.clock, silentLogger);
      void fromTerminal.handle(makeTurn('What is the per diem in Toronto?', { channel: 'cli' }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      test.clock.advance(10 * 60_000);
      expect(await apologise()).toBe(0);
    } finally {
      await terminal.close();
    }
  });
});
