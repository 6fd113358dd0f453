import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import {
  createTestCore,
  indexDocument,
  makeAction,
  makeChunk,
  makeTurn,
  type TestCore,
} from '../../helpers/builders.js';

const QUESTION = 'Can I expense a standing desk for my home office?';
const ANSWER =
  'Yes. Brightwater reimburses one standing desk for a home office, up to 400 EUR, with a receipt.';

const alex = { id: 'u-alex', name: 'Alex', email: 'alex@brightwater.example', groups: [] as string[] };
const harper = { id: 'u-harper', name: 'Harper', email: 'harper@brightwater.example', groups: ['hr'] };

describe('promotion of a resolved answer into curated knowledge', () => {
  let core: TestCore;
  beforeEach(async () => {
    core = await createTestCore();
    await indexDocument(core.index, [
      makeChunk(
        'folder:it/vpn.md',
        'Connect to the VPN with the Brightwater Connect app before opening the intranet.',
      ),
    ]);
  });
  afterEach(async () => core.close());

  async function askAs(user: typeof alex, conversation: string) {
    return core.copilot.handle(
      makeTurn(QUESTION, { user, conversation: { id: conversation, kind: 'direct' } }),
    );
  }

  it('answers the next person with the approved entry, only for readers its ACL allows', async () => {
    const first = await askAs(alex, 'c-alex');
    expect(first.kind).toBe('abstain');
    await core.copilot.handle(
      makeAction(
        { name: 'escalate', turnId: first.turnId! },
        { user: alex, conversation: { id: 'c-alex', kind: 'direct' } },
      ),
    );
    const [escalation] = await core.copilot.escalations.list();
    await core.copilot.escalations.answer(escalation!.id, ANSWER, 'dana');
    await core.copilot.escalations.resolve(escalation!.id, 'dana');

    const entry = await core.copilot.curation.propose(escalation!.id, 'dana', { acl: ['group:HR'] });
    expect(entry).toMatchObject({
      status: 'proposed',
      acl: ['group:hr'],
      question: QUESTION,
      answer: ANSWER,
    });

    // Proposed is not yet knowledge.
    expect((await askAs(harper, 'c-harper-1')).kind).toBe('abstain');

    await core.copilot.curation.approve(entry.id, 'owner@brightwater.example');
    const answered = await askAs(harper, 'c-harper-2');
    expect(answered.kind).toBe('answer');
    expect(answered.text).toContain('400 EUR');
    expect(answered.citations).toEqual([
      expect.objectContaining({ sourceSystem: 'curated', title: QUESTION, url: `/curated/${entry.id}` }),
    ]);

    // Someone outside the ACL still gets no answer from it.
    expect((await askAs(alex, 'c-alex-2')).kind).toBe('abstain');

    const actions = (await core.store.audit.list({ limit: 100 })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['curated.proposed', 'curated.approved']));
  });

  it('removes a rejected entry from the index and refuses to promote an open escalation', async () => {
    await core.copilot.handle(makeTurn('talk to a human'));
    const [open] = await core.copilot.escalations.list();
    await expect(core.copilot.curation.propose(open!.id, 'dana')).rejects.toBeInstanceOf(InputError);

    await core.copilot.escalations.answer(open!.id, ANSWER, 'dana');
    const entry = await core.copilot.curation.propose(open!.id, 'dana', { question: QUESTION });
    await core.copilot.curation.approve(entry.id, 'owner');
    expect((await askAs(alex, 'c-a')).kind).toBe('answer');
    await core.copilot.curation.reject(entry.id, 'owner');
    expect((await askAs(alex, 'c-b')).kind).toBe('abstain');
  });

  it('lets the owner correct the answer and readers when approving', async () => {
    await core.copilot.handle(makeTurn('talk to a human'));
    const [open] = await core.copilot.escalations.list();
    await core.copilot.escalations.answer(open!.id, 'Maybe, ask HR.', 'dana');
    const entry = await core.copilot.curation.propose(open!.id, 'dana', { question: QUESTION });
    const approved = await core.copilot.curation.approve(entry.id, 'owner', {
      answer: ANSWER,
      acl: ['group:HR'],
    });
    expect(approved).toMatchObject({
      status: 'approved',
      answer: ANSWER,
      acl: ['group:hr'],
      reviewedBy: 'owner',
    });
    const answered = await askAs(harper, 'c-h');
    expect(answered.text).toContain('400 EUR');
    expect(answered.text).not.toContain('Maybe');
    expect((await askAs(alex, 'c-a')).kind).toBe('abstain');
  });

  it('refuses an ACL entry that is not a principal', async () => {
    await core.copilot.handle(makeTurn('talk to a human'));
    const [open] = await core.copilot.escalations.list();
    await core.copilot.escalations.answer(open!.id, ANSWER, 'dana');
    await expect(
      core.copilot.curation.propose(open!.id, 'dana', { acl: ['hr team'] }),
    ).rejects.toBeInstanceOf(InputError);
  });
});
