import { describe, expect, it } from 'vitest';
import { CrackError } from '../../../src/core/errors.js';
import { normalizeAcl, normalizePrincipal } from '../../../src/knowledge/sources/principals.js';

describe('sources', () => {
  describe('normalizePrincipal', () => {
    it('lowercases and keeps everyone, user: and group: principals', () => {
      expect(normalizePrincipal(' Everyone ', 'f')).toBe('everyone');
      expect(normalizePrincipal('group: HR-Team', 'f')).toBe('group:hr-team');
      expect(normalizePrincipal('USER:Ann@Example.com', 'f')).toBe('user:ann@example.com');
    });

    it('treats a bare name as a group and a bare email as a user', () => {
      expect(normalizePrincipal('Finance', 'f')).toBe('group:finance');
      expect(normalizePrincipal('bob@example.com', 'f')).toBe('user:bob@example.com');
    });

    it('rejects unknown prefixes with an error naming the file', () => {
      expect(() => normalizePrincipal('role:admin', 'hr/a.md')).toThrow(CrackError);
      expect(() => normalizePrincipal('role:admin', 'hr/a.md')).toThrow(/hr\/a\.md/);
    });
  });

  describe('normalizeAcl', () => {
    it('drops empty entries and duplicates', () => {
      expect(normalizeAcl(['group:hr', '', 'HR', 'group:HR'], 'f')).toEqual(['group:hr']);
    });

    it('rejects an acl with no principals', () => {
      expect(() => normalizeAcl(['  '], 'f')).toThrow(/lists no principals/);
    });
  });
});
