import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexDocument, makeChunk } from '../../helpers/builders.js';
import { ALEX, personalMessage, startTeamsHarness, type TeamsHarness } from './teams-harness.js';
import { wire } from './wire.js';

const EMAIL = 'alex.rivera@brightwater.example';

describe('Teams member lookup', () => {
  let h: TeamsHarness;
  beforeEach(async () => {
    h = await startTeamsHarness({ core: { admins: [`user:${EMAIL}`] }, streaming: { enabled: false } });
    await indexDocument(h.core.index, [
      makeChunk(
        'folder:people/alex-review.md',
        'The review meeting for Alex is on 4 December at 10:00 in Lisbon.',
        { acl: [`user:${EMAIL}`], title: 'Review' },
      ),
    ]);
  });
  afterEach(async () => h.close());

  it('adds the sender’s email so ACLs naming them by email apply', async () => {
    h.connector.members.set(ALEX.id, {
      ...ALEX,
      email: 'Alex.Rivera@brightwater.example',
      userPrincipalName: EMAIL,
    });

    await h.post(personalMessage(h.connector.url, 'When is the review meeting for Alex?'));
    expect(wire(h.connector.activities()[0]).text).toContain('4 December');

    const lookups = h.connector.calls.filter((c) => c.method === 'GET');
    expect(lookups).toHaveLength(1);
    expect(decodeURIComponent(lookups[0]!.path)).toBe(`/v3/conversations/a:personal-alex/members/${ALEX.id}`);
  });

  it('goes on with the object id alone when the member API fails', async () => {
    expect(
      (await h.post(personalMessage(h.connector.url, 'When is the review meeting for Alex?'))).status,
    ).toBe(200);
    expect(wire(h.connector.activities()[0]).text).not.toContain('4 December');
    const [turn] = await h.core.store.turns.list({});
    expect(turn!.userId).toBe(ALEX.aadObjectId);
  });
});
