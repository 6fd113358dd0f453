import { describe, expect, it } from 'vitest';
import {
  isAddressedToBot,
  questionText,
  toTeamsConversation,
  toTeamsTurn,
} from '../../../src/channels/teams/build-turn.js';
import { parseCardAction, parseNativeFeedback } from '../../../src/channels/teams/card-actions.js';

const bot = { id: '28:bot', name: 'Lumen' };

describe('toTeamsConversation', () => {
  it('splits a channel thread id into the channel and the thread', () => {
    expect(
      toTeamsConversation({
        conversation: {
          id: '19:c@thread.tacv2;messageid=171',
          conversationType: 'channel',
          tenantId: 't',
          isGroup: true,
          name: '',
        },
      }),
    ).toEqual({ id: '19:c@thread.tacv2', threadId: '171', kind: 'channel', tenantId: 't' });
  });

  it('maps personal and group chats, taking the tenant from channelData when the conversation has none', () => {
    expect(
      toTeamsConversation({
        conversation: { id: 'a:1', conversationType: 'personal', isGroup: false, name: '' },
        channelData: { tenant: { id: 't-2' } },
      }),
    ).toEqual({ id: 'a:1', kind: 'direct', tenantId: 't-2' });
    expect(
      toTeamsConversation({
        conversation: { id: '19:g@thread.v2', conversationType: 'groupChat', isGroup: true, name: '' },
      }).kind,
    ).toBe('group');
  });
});

describe('questionText', () => {
  it('removes the bot mention, leftover markup and entities', () => {
    const activity = {
      text: '<at>Lumen</at>&nbsp;what is the <b>per diem</b> in Toronto &amp; Lisbon?',
      recipient: bot,
      entities: [{ type: 'mention', text: '<at>Lumen</at>', mentioned: bot }],
    };
    expect(questionText(activity)).toBe('what is the per diem in Toronto & Lisbon?');
    expect(activity.text).toContain('<at>Lumen</at>');
  });
});

describe('isAddressedToBot', () => {
  const channel = { id: '19:c@thread.tacv2', conversationType: 'channel', isGroup: true, name: '' };
  it('is true in personal chat and for a mention of this bot only', () => {
    expect(
      isAddressedToBot({
        conversation: { id: 'a:1', conversationType: 'personal', isGroup: false, name: '' },
      }),
    ).toBe(true);
    expect(
      isAddressedToBot({
        conversation: channel,
        recipient: bot,
        entities: [{ type: 'mention', mentioned: { id: '29:someone-else', name: 'Sam' } }],
      }),
    ).toBe(false);
    expect(
      isAddressedToBot({
        conversation: channel,
        recipient: bot,
        entities: [{ type: 'mention', mentioned: bot }],
      }),
    ).toBe(true);
  });
});

describe('toTeamsTurn', () => {
  it('uses the Entra object id as the user id and keeps the activity id, locale and time zone', () => {
    const turn = toTeamsTurn(
      {
        id: 'act-1',
        from: { id: '29:x', name: 'Alex', aadObjectId: 'aad-1' },
        conversation: { id: 'a:1', conversationType: 'personal', tenantId: 't', isGroup: false, name: '' },
        locale: 'de-DE',
        localTimezone: 'Europe/Berlin',
      },
      { text: 'Hallo', receivedAt: new Date('2026-11-23T10:00:00Z') },
    );
    expect(turn).toEqual({
      id: 'act-1',
      channel: 'teams',
      user: { id: 'aad-1', name: 'Alex', aadObjectId: 'aad-1' },
      conversation: { id: 'a:1', kind: 'direct', tenantId: 't' },
      text: 'Hallo',
      locale: 'de-DE',
      timeZone: 'Europe/Berlin',
      receivedAt: new Date('2026-11-23T10:00:00Z'),
    });
  });
});

describe('parseCardAction', () => {
  it('reads Lumen payloads from Action.Submit and Action.Execute data and flags foreign ones', () => {
    expect(parseCardAction({ lumenAction: { name: 'escalate', turnId: 't-1' } })).toEqual({
      name: 'escalate',
      turnId: 't-1',
    });
    expect(
      parseCardAction({
        action: { data: { lumenAction: { name: 'feedback', turnId: 't', rating: 'helpful' } } },
      }),
    ).toEqual({ name: 'feedback', turnId: 't', rating: 'helpful' });
    expect(parseCardAction({ lumenAction: { name: 'feedback', turnId: 't', rating: 'great' } })).toBe(
      'invalid',
    );
    expect(
      parseCardAction({
        lumenAction: { name: 'quiz_answer', lessonId: 'what-is-genai', question: 0, choice: 2 },
      }),
    ).toEqual({ name: 'quiz_answer', lessonId: 'what-is-genai', question: 0, choice: 2 });
    expect(parseCardAction({ lumenAction: { name: 'queue', escalationId: 'e-1', op: 'claim' } })).toEqual({
      name: 'queue',
      escalationId: 'e-1',
      op: 'claim',
    });
    expect(parseCardAction({ lumenAction: { name: 'quiz_answer', lessonId: 'x', choice: 'b' } })).toBe(
      'invalid',
    );
    expect(parseCardAction({ other: 1 })).toBeUndefined();
    expect(parseCardAction(undefined)).toBeUndefined();
  });
});

describe('parseNativeFeedback', () => {
  const invoke = (actionValue: unknown) => ({
    replyToId: 'm-1',
    value: { actionName: 'feedback', actionValue },
  });

  it('reads the reaction and the typed text Teams sends as a JSON string', () => {
    expect(
      parseNativeFeedback(invoke({ reaction: 'like', feedback: '{"feedbackText":"  Spot on  "}' })),
    ).toEqual({ messageId: 'm-1', rating: 'helpful', comment: 'Spot on' });
    expect(parseNativeFeedback(invoke({ reaction: 'dislike', feedback: '{"feedbackText":""}' }))).toEqual({
      messageId: 'm-1',
      rating: 'not_helpful',
    });
    expect(parseNativeFeedback(invoke({ reaction: 'dislike', feedback: 'plain words' }))?.comment).toBe(
      'plain words',
    );
  });

  it('returns undefined for another reaction, and no message id when the client names none', () => {
    expect(parseNativeFeedback(invoke({ reaction: 'love' }))).toBeUndefined();
    expect(
      parseNativeFeedback({ value: { actionName: 'feedback', actionValue: { reaction: 'like' } } }),
    ).toEqual({ rating: 'helpful' });
  });
});
