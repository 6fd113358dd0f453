import { describe, expect, it } from 'vitest';
import { minutesIn } from './fixtures.js';
import { storeBackends, useFreshStore } from './store-backends.js';

const reference = {
  serviceUrl: 'https://smba.example/amer/',
  channelId: 'msteams',
  conversation: { id: 'a:1', conversationType: 'personal', tenantId: 't-1' },
  bot: { id: '28:bot', name: 'Lumen' },
};

describe.each(storeBackends)('ConversationReferenceRepository ($name)', (backend) => {
  const { store } = useFreshStore(backend);

  describe('save', () => {
    it('stores a reference that get returns as it was saved', async () => {
      const record = {
        channel: 'teams' as const,
        conversationKey: 'teams:t-1:a:1:',
        userId: 'aad-1',
        reference,
        updatedAt: minutesIn(1),
      };
      await store().conversationReferences.save(record);
      expect(await store().conversationReferences.get('teams:t-1:a:1:')).toEqual(record);
      expect(await store().conversationReferences.get('teams:t-1:a:2:')).toBeUndefined();
    });

    it('replaces the reference of a conversation when it is saved again', async () => {
      const first = {
        channel: 'teams' as const,
        conversationKey: 'k',
        userId: 'u',
        reference,
        updatedAt: minutesIn(1),
      };
      await store().conversationReferences.save(first);
      const moved = { ...reference, serviceUrl: 'https://smba.example/emea/' };
      await store().conversationReferences.save({ ...first, reference: moved, updatedAt: minutesIn(5) });
      expect(await store().conversationReferences.get('k')).toEqual({
        ...first,
        reference: moved,
        updatedAt: minutesIn(5),
      });
    });
  });
});

describe.each(storeBackends)('SentMessageRepository ($name)', (backend) => {
  const { store } = useFreshStore(backend);

  describe('record', () => {
    it('finds the turn a sent message answered by channel and message id', async () => {
      const sent = {
        channel: 'teams' as const,
        messageId: '1700000000001',
        conversationKey: 'teams:t:a:1:',
        turnId: 'turn-1',
        sentAt: minutesIn(2),
      };
      await store().sentMessages.record(sent);
      expect(await store().sentMessages.find('teams', '1700000000001')).toEqual(sent);
      expect(await store().sentMessages.find('slack', '1700000000001')).toBeUndefined();
    });

    it('keeps the first record when the same message is recorded twice', async () => {
      const sent = {
        channel: 'teams' as const,
        messageId: 'm-1',
        conversationKey: 'k',
        turnId: 'turn-1',
        sentAt: minutesIn(1),
      };
      await store().sentMessages.record(sent);
      await store().sentMessages.record({ ...sent, turnId: 'turn-2' });
      expect((await store().sentMessages.find('teams', 'm-1'))?.turnId).toBe('turn-1');
    });
  });
});
