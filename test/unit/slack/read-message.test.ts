import { describe, expect, it } from 'vitest';
import { commandText } from '../../../src/channels/slack/handle-command.js';
import { placeFromKey, placeKey } from '../../../src/channels/slack/place.js';
import { fromSlackText, readMessageEvent } from '../../../src/channels/slack/read-message.js';

const bot = { userId: 'UBOT', botId: 'BBOT' };
const read = (event: Record<string, unknown>, ignoreBots = true) =>
  readMessageEvent({ type: 'message', ts: '1.1', ...event }, 'T1', bot, { ignoreBots });

describe('readMessageEvent', () => {
  it('answers a DM at its level and a DM thread in its thread', () => {
    const top = read({ channel: 'D1', channel_type: 'im', user: 'U1', text: 'hi' });
    expect(top).toMatchObject({ ok: true, message: { place: { channelId: 'D1', kind: 'direct' } } });
    expect(top.ok && top.message.place.threadTs).toBeUndefined();
    const threaded = read({ channel: 'D1', channel_type: 'im', user: 'U1', text: 'hi', thread_ts: '0.5' });
    expect(threaded.ok && threaded.message.place.threadTs).toBe('0.5');
  });

  it('answers a channel mention in a thread under it, without the mention in the text', () => {
    const result = read({
      channel: 'C1',
      channel_type: 'channel',
      user: 'U1',
      text: '<@UBOT> what is <https://x.example|this>?',
    });
    expect(result).toMatchObject({
      ok: true,
      message: {
        text: 'what is this (https://x.example)?',
        mentioned: true,
        needsThread: false,
        place: { threadTs: '1.1' },
      },
    });
  });

  it('marks a thread message without a mention as a follow-up to check', () => {
    const result = read({
      channel: 'C1',
      channel_type: 'channel',
      user: 'U1',
      text: 'and?',
      thread_ts: '0.9',
    });
    expect(result).toMatchObject({ ok: true, message: { needsThread: true, place: { threadTs: '0.9' } } });
  });

  it('ignores own messages, edits, joins and plain channel chatter', () => {
    expect(read({ channel: 'D1', channel_type: 'im', user: 'UBOT', text: 'x' }).ok).toBe(false);
    expect(read({ channel: 'D1', channel_type: 'im', bot_id: 'BBOT', text: 'x' }).ok).toBe(false);
    expect(read({ channel: 'D1', channel_type: 'im', subtype: 'message_changed' }).ok).toBe(false);
    expect(read({ channel: 'C1', subtype: 'channel_join', user: 'U1' }).ok).toBe(false);
    expect(read({ channel: 'C1', channel_type: 'channel', user: 'U1', text: 'lunch?' }).ok).toBe(false);
  });

  it('ignores other bots unless configured to answer them', () => {
    const event = { channel: 'D1', channel_type: 'im', bot_id: 'BOTHER', subtype: 'bot_message', text: 'q' };
    expect(read(event).ok).toBe(false);
    expect(read(event, false).ok).toBe(true);
  });
});

describe('fromSlackText', () => {
  it('decodes entities and mentions', () => {
    expect(fromSlackText('a &amp; b &lt;c&gt; <@U1|alex> <#C1|general> <!here>')).toBe(
      'a & b <c> @alex #general @here',
    );
  });
});

describe('commandText', () => {
  it('maps subcommands to the core’s commands', () => {
    expect(commandText('')).toBe('help');
    expect(commandText(' help ')).toBe('help');
    expect(commandText('feedback')).toBe('admin feedback');
    expect(commandText('lesson')).toBe('lesson');
    expect(commandText('How many days?')).toBe('How many days?');
  });
});

describe('placeKey', () => {
  it('round-trips thread, DM and private places through the core key', () => {
    for (const place of [
      { teamId: 'T1', channelId: 'C1', threadTs: '1.2', kind: 'channel' as const },
      { teamId: 'T1', channelId: 'D1', kind: 'direct' as const },
      { teamId: 'T1', channelId: 'C1', kind: 'channel' as const, privateTo: 'U1' },
    ]) {
      expect(placeFromKey(placeKey(place))).toEqual(place);
    }
  });
});
