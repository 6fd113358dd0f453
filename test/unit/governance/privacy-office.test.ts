import { afterEach, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../src/core/governance/audit.js';
import { LegalHoldError, PrivacyOffice, pseudonymOf } from '../../../src/core/governance/privacy.js';
import { silentLogger } from '../../../src/core/ports.js';
import { createTestCore, indexDocument, makeChunk, makeTurn, type TestCore } from '../../helpers/builders.js';

const PER_DIEM = 'The daily meal allowance (per diem) is 75 CAD in Toronto and 60 EUR in Lisbon.';

describe('PrivacyOffice', () => {
  let core: TestCore;
  afterEach(async () => core?.close());

  async function officeWith(policy: Partial<ConstructorParameters<typeof PrivacyOffice>[3]> = {}) {
    core = await createTestCore();
    await indexDocument(core.index, [makeChunk('folder:expenses.md', PER_DIEM)]);
    for (const user of ['u-ada', 'u-ada', 'u-bob']) {
      await core.copilot.handle(makeTurn('What is the per diem in Toronto?', { user: { id: user } }));
    }
    return new PrivacyOffice(
      core.store,
      new AuditTrail(core.store.audit, core.clock, silentLogger),
      core.clock,
      {
        conversationTextDays: 90,
        feedbackCommentDays: 365,
        auditDays: 730,
        legalHold: [],
        ...policy,
      },
    );
  }

  it('exports and erases a person, auditing both without naming them', async () => {
    const office = await officeWith();
    expect((await office.exportUser(['u-ada'], 'dpo')).turns).toHaveLength(2);
    const erased = await office.eraseUser(['u-ada'], 'dpo');
    expect(erased).toMatchObject({ pseudonym: pseudonymOf(['u-ada']), turns: 2 });
    expect((await core.store.turns.list({})).length).toBe(3);
    const audit = await core.store.audit.list({});
    const privacy = audit.filter((e) => e.action.startsWith('privacy.'));
    expect(privacy.map((e) => e.action).sort()).toEqual(['privacy.erase', 'privacy.export']);
    expect(JSON.stringify(privacy)).not.toContain('u-ada');
  });

  it('refuses to erase a person under legal hold, and keeps their text through a purge', async () => {
    const office = await officeWith({ conversationTextDays: 1, legalHold: ['u-ada'] });
    await expect(office.eraseUser(['u-ada'], 'dpo')).rejects.toBeInstanceOf(LegalHoldError);
    core.clock.advance(2 * 24 * 60 * 60 * 1000);
    const purged = await office.purge();
    expect(purged.conversationText).toBe(1);
    const turns = await core.store.turns.list({});
    expect(turns.filter((t) => t.userId === 'u-ada').every((t) => t.question !== '')).toBe(true);
    expect(turns.find((t) => t.userId === 'u-bob')?.question).toBe('');
    expect((await core.store.audit.list({})).map((e) => e.action)).toEqual(
      expect.arrayContaining(['privacy.erase_refused', 'privacy.purge']),
    );
  });

  it('removes audit records past their retention from the start of the chain, which still verifies', async () => {
    const office = await officeWith({ auditDays: 2 });
    const early = (await core.store.audit.list({})).length;
    core.clock.advance(3 * 24 * 60 * 60 * 1000);
    await core.copilot.handle(makeTurn('What is the per diem in Lisbon?', { user: { id: 'u-bob' } }));

    const purged = await office.purge();
    expect(purged.auditRecords).toBe(early);
    const left = await core.store.audit.list({});
    expect(left.every((e) => e.at >= new Date(core.clock.now().getTime() - 2 * 24 * 60 * 60 * 1000))).toBe(
      true,
    );
    expect(left.map((e) => e.action)).toEqual(expect.arrayContaining(['audit.retention', 'privacy.purge']));
    expect(await core.store.audit.verify()).toMatchObject({ ok: true, keptFrom: early + 1 });
  });
});
