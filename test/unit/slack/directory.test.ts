import type { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { SlackDirectory } from '../../../src/channels/slack/directory.js';
import { SlackUserGroups } from '../../../src/channels/slack/user-groups.js';
import { silentLogger } from '../../../src/core/ports.js';

const HOUR = 60 * 60 * 1000;

/** A Web API client whose look-ups stay pending until the test lets them answer. */
function heldClient() {
  const held: { method: string; answer: () => void }[] = [];
  let email = 'alex@example.com';
  let groups = ['hr'];
  const hold = <T>(method: string, result: () => T) =>
    new Promise<T>((resolve) => held.push({ method, answer: () => resolve(result()) }));
  const client = {
    users: {
      info: () => hold('users.info', () => ({ ok: true, user: { id: 'U1', profile: { email } } })),
    },
    usergroups: {
      list: () =>
        hold('usergroups.list', () => ({
          ok: true,
          usergroups: [{ id: `S-${groups[0]}`, handle: groups[0], users: ['U1'] }],
        })),
    },
  } as unknown as webApi.WebClient;
  return {
    client,
    held,
    answerAll() {
      for (const call of held.splice(0)) call.answer();
    },
    change(next: { email: string; group: string }) {
      email = next.email;
      groups = [next.group];
    },
  };
}

/** Profiles and the group list both kept for an hour, so one clock covers both. */
function openDirectory(client: webApi.WebClient, now: () => number) {
  return new SlackDirectory(
    client,
    silentLogger,
    {},
    HOUR,
    now,
    // Slack groups count only as an admin maps them: each test group stands for its handle.
    new SlackUserGroups(
      client,
      silentLogger,
      { 'S-hr': ['hr'], 'S-it': ['it'], 'S-finance': ['finance'] },
      HOUR,
      now,
    ),
  );
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('SlackDirectory', () => {
  it('waits for Slack on a first look-up, then answers from the cache', async () => {
    const slack = heldClient();
    let now = 0;
    const directory = openDirectory(slack.client, () => now);
    const first = directory.person('U1');
    await settle();
    expect(slack.held.map((c) => c.method).sort()).toEqual(['usergroups.list', 'users.info']);
    slack.answerAll();
    expect((await first).user).toMatchObject({ email: 'alex@example.com', groups: ['hr'] });

    now = 30 * 60 * 1000;
    expect((await directory.person('U1')).user.email).toBe('alex@example.com');
    expect(slack.held).toHaveLength(0);
  });

  it('renews an entry near the end of its life in the background, answering from the cache meanwhile', async () => {
    const slack = heldClient();
    let now = 0;
    const directory = openDirectory(slack.client, () => now);
    const first = directory.person('U1');
    await settle();
    slack.answerAll();
    await first;

    // Within the last fifth of the entries' lifetime.
    now = 55 * 60 * 1000 - 1;
    slack.change({ email: 'alex.new@example.com', group: 'finance' });
    const during = await directory.person('U1');
    expect(during.user).toMatchObject({ email: 'alex@example.com', groups: ['hr'] });
    expect(slack.held.map((c) => c.method).sort()).toEqual(['usergroups.list', 'users.info']);

    slack.answerAll();
    await settle();
    expect((await directory.person('U1')).user).toMatchObject({
      email: 'alex.new@example.com',
      groups: ['finance'],
    });
    expect(slack.held).toHaveLength(0);
  });

  it('waits for Slack again once an entry has expired, never answering from an expired one', async () => {
    const slack = heldClient();
    let now = 0;
    const directory = openDirectory(slack.client, () => now);
    const first = directory.person('U1');
    await settle();
    slack.answerAll();
    await first;

    now = 2 * HOUR;
    slack.change({ email: 'alex.new@example.com', group: 'finance' });
    let answered = false;
    const later = directory.person('U1').then((person) => {
      answered = true;
      return person;
    });
    await settle();
    expect(answered).toBe(false);
    slack.answerAll();
    expect((await later).user).toMatchObject({ email: 'alex.new@example.com', groups: ['finance'] });
  });
});
