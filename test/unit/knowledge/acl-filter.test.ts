import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aclFilters,
  anyOf,
  odataString,
  toAclFields,
} from '../../../src/knowledge/index/azure/acl-filter.js';
import { parseFilter } from '../../helpers/odata-filter.js';

describe('toAclFields', () => {
  it('maps everyone, users and groups to their fields and drops anything else', () => {
    expect(
      toAclFields(['everyone', 'user:A@x.example', 'group:HR', 'group:hr', 'role:admin', 'user:']),
    ).toEqual({
      aclEveryone: true,
      aclUserIds: ['a@x.example'],
      aclGroupIds: ['hr'],
    });
  });
});

describe('odataString', () => {
  it('doubles single quotes', () => {
    expect(odataString("O'Brien")).toBe("'O''Brien'");
  });
});

describe('anyOf', () => {
  it('matches exactly the listed values, whatever characters they contain', () => {
    const value = fc.string({
      minLength: 1,
      maxLength: 12,
      unit: fc.constantFrom(...",|;~^`'() abc\u001f\u001e".split('')),
    });
    fc.assert(
      fc.property(fc.uniqueArray(value, { minLength: 1, maxLength: 6 }), value, (values, probe) => {
        const matches = parseFilter(anyOf('aclGroupIds', values));
        expect(matches({ aclGroupIds: [probe] })).toBe(values.includes(probe));
        for (const v of values) expect(matches({ aclGroupIds: [v] })).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('falls back to eq comparisons when every delimiter occurs in some value', () => {
    const filter = anyOf('aclGroupIds', [',|;~^`\u001f\u001e']);
    expect(filter).toBe("aclGroupIds/any(g: g eq ',|;~^`\u001f\u001e')");
  });
});

describe('aclFilters', () => {
  it('gives no filter for no principals, so the caller cannot search unfiltered', () => {
    expect(aclFilters([])).toEqual([]);
    expect(aclFilters(['role:x'])).toEqual([]);
  });

  it('splits a long group list into filters within the limit that together cover every group', () => {
    const groups = Array.from({ length: 300 }, (_, i) => `group:g-${i}`);
    const filters = aclFilters(['everyone', 'user:u@x.example', ...groups], 1_000);
    expect(filters.length).toBeGreaterThan(1);
    const covered = new Set<string>();
    for (const filter of filters) {
      expect(filter.length).toBeLessThanOrEqual(1_000);
      const matches = parseFilter(filter);
      expect(matches({ aclEveryone: true, aclUserIds: [], aclGroupIds: [] })).toBe(true);
      expect(matches({ aclEveryone: false, aclUserIds: ['u@x.example'], aclGroupIds: [] })).toBe(true);
      for (let i = 0; i < 300; i++) {
        if (matches({ aclEveryone: false, aclUserIds: [], aclGroupIds: [`g-${i}`] })) covered.add(`g-${i}`);
      }
      expect(matches({ aclEveryone: false, aclUserIds: ['other'], aclGroupIds: ['g-x'] })).toBe(false);
    }
    expect(covered.size).toBe(300);
  });
});
