import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALEX, BOT, personalMessage, startTeamsHarness, TENANT, type TeamsHarness } from './teams-harness.js';
import { wire } from './wire.js';

/** A group chat message, optionally @mentioning Lumen. */
function groupMessage(serviceUrl: string, text: string, mention: boolean) {
  return personalMessage(serviceUrl, mention ? `<at>Lumen</at> ${text}` : text, {
    conversation: {
      id: '19:group-chat@thread.v2',
      conversationType: 'groupChat',
      isGroup: true,
      tenantId: TENANT,
    },
    entities: mention ? [{ type: 'mention', text: '<at>Lumen</at>', mentioned: BOT }] : [],
  });
}

describe('Teams surfaces', () => {
  let h: TeamsHarness;
  beforeEach(async () => {
    h = await startTeamsHarness({
      streaming: { enabled: false },
    });
  });
  afterEach(async () => h.close());

  describe('group chat', () => {
    it('answers an @mention in the group chat with only public sources, and ignores other messages', async () => {
      await h.post(groupMessage(h.connector.url, 'What is the per diem in Toronto?', false));
      expect(h.connector.activities()).toHaveLength(0);

      await h.post(groupMessage(h.connector.url, 'What is the per diem in Toronto?', true));
      const [call] = h.connector.activities();
      expect(call!.conversationId).toBe('19:group-chat@thread.v2');
      expect(wire(call).text).toContain('75 CAD');
      const [turn] = await h.core.store.turns.list({});
      expect(turn!.conversationKey).toBe(`teams:${TENANT}:19:group-chat@thread.v2:`);

      await h.post(groupMessage(h.connector.url, 'What is the salary band L5 for engineers?', true));
      expect(wire(h.connector.activities()[1]).text).not.toContain('98,000');
    });
  });

  describe('Universal Actions', () => {
    it('routes an adaptiveCard/action invoke to the core and answers with a message response', async () => {
      await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'));
      const [turn] = await h.core.store.turns.list({});
      const response = await h.post(
        personalMessage(h.connector.url, '', {
          type: 'invoke',
          name: 'adaptiveCard/action',
          text: undefined,
          value: {
            action: {
              type: 'Action.Execute',
              verb: 'lumen',
              data: { lumenAction: { name: 'escalate', turnId: turn!.id } },
            },
          },
        }),
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
      });
      expect(await h.core.store.escalations.list({})).toHaveLength(1);
    });

    it('answers an adaptiveCard/action invoke without a Lumen payload with 400', async () => {
      const response = await h.post(
        personalMessage(h.connector.url, '', {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb: 'other', data: { foo: 1 } } },
        }),
      );
      expect(response.status).toBe(400);
      expect(await h.core.store.escalations.list({})).toHaveLength(0);
    });

    it('ignores a card payload it did not make, saying so instead of acting', async () => {
      await h.post(
        personalMessage(h.connector.url, '', {
          text: undefined,
          value: { lumenAction: { name: 'delete_everything' } },
        }),
      );
      expect(wire(h.connector.activities()[0]).text).toContain("That button isn't one I know");
      expect(await h.core.store.escalations.list({})).toHaveLength(0);
    });
  });

  describe('lessons', () => {
    /** The buttons of the card the latest activity carried, with the payloads they send back. */
    function cardButtons(): { title: string; data: Record<string, unknown> }[] {
      const sent = wire(h.connector.activities().at(-1));
      const card = sent.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
      return (
        (card?.content as { actions?: { title: string; data: Record<string, unknown> }[] })?.actions ?? []
      );
    }

    /** The latest activity's text and cards, as one string. */
    function latest(): string {
      const sent = wire(h.connector.activities().at(-1));
      return `${sent.text ?? ''} ${JSON.stringify(sent.attachments ?? [])}`;
    }

    /** Presses the card's first button as Teams does: a message whose `value` is the button's data. */
    async function pressFirst() {
      const [button] = cardButtons();
      expect(button, 'a button on the latest card').toBeDefined();
      const response = await h.post(
        personalMessage(h.connector.url, '', { text: undefined, value: button!.data }),
      );
      expect(response.status).toBe(200);
    }

    it('runs a lesson from the personal chat through its cards to a quiz answer, with progress kept', async () => {
      await h.post(personalMessage(h.connector.url, 'lesson'));
      expect(cardButtons().length).toBeGreaterThanOrEqual(2);

      // Through the confidence check and the lesson screens, first button each time, to the quiz.
      for (let step = 0; step < 12 && !/question 1 of/i.test(latest()); step++) {
        await pressFirst();
      }
      expect(latest()).toMatch(/question 1 of/i);
      await pressFirst();

      const [progress] = await h.core.store.lessons.listProgress(ALEX.aadObjectId);
      expect(progress).toMatchObject({ answered: 1 });
      const everything = h.connector.activities().map((c) => JSON.stringify(wire(c)));
      expect(everything.join('\n')).not.toMatch(/went wrong|isn't one I know/i);
    });
  });
});
