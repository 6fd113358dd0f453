import { describe, expect, it } from 'vitest';
import {
  pageAcl,
  restrictionPrincipals,
} from '../../../src/knowledge/sources/confluence/confluence-permissions.js';
import { permissionsToPrincipals } from '../../../src/knowledge/sources/sharepoint/permissions.js';

describe('permissionsToPrincipals', () => {
  it('maps users by object id and email, groups by object id, and inherited site permissions', () => {
    expect(
      permissionsToPrincipals([
        { id: '1', roles: ['write'], grantedToV2: { user: { id: 'AAD-1', email: 'Alex@Contoso.com' } } },
        { id: '2', roles: ['read'], grantedToV2: { group: { id: 'G-1' } }, inheritedFrom: { id: 'root' } },
        {
          id: '3',
          roles: ['read'],
          link: { scope: 'users', type: 'view' },
          grantedToIdentitiesV2: [
            { user: { id: 'aad-2', email: 'kim@contoso.com' } },
            { group: { id: 'g-2' } },
          ],
        },
      ]),
    ).toEqual([
      'group:g-1',
      'group:g-2',
      'user:aad-1',
      'user:aad-2',
      'user:alex@contoso.com',
      'user:kim@contoso.com',
    ]);
  });

  it('treats organization and anonymous sharing links as everyone', () => {
    for (const scope of ['organization', 'anonymous'] as const) {
      expect(
        permissionsToPrincipals([
          { id: '1', roles: ['read'], grantedToV2: { group: { id: 'g' } } },
          { id: '2', roles: ['read'], link: { scope, type: 'view' } },
        ]),
      ).toEqual(['everyone']);
    }
  });

  it('reads sign-in names of site users and keeps site groups unresolvable', () => {
    expect(
      permissionsToPrincipals([
        {
          id: '1',
          roles: ['read'],
          grantedToV2: { siteUser: { loginName: 'i:0#.f|membership|sam@contoso.com' } },
        },
        { id: '2', roles: ['owner'], grantedToV2: { siteGroup: { id: '3', displayName: 'HR Owners' } } },
      ]),
    ).toEqual(['group:sharepoint:hr owners', 'user:sam@contoso.com']);
  });

  it('ignores expired links and permissions without a read role', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    expect(
      permissionsToPrincipals(
        [
          {
            id: '1',
            roles: ['read'],
            link: { scope: 'anonymous' },
            expirationDateTime: '2026-11-01T00:00:00Z',
          },
          { id: '2', roles: ['sp.limited access'], grantedToV2: { user: { id: 'x' } } },
          {
            id: '3',
            roles: ['read'],
            grantedToV2: { group: { id: 'g' } },
            expirationDateTime: '2027-01-01T00:00:00Z',
          },
        ],
        now,
      ),
    ).toEqual(['group:g']);
  });
});

describe('restrictionPrincipals', () => {
  it('names users by account id and email and groups by name', () => {
    expect(
      restrictionPrincipals({
        restrictions: {
          user: { results: [{ accountId: 'ACC-1', email: 'Ana@Contoso.com' }, { accountId: 'acc-2' }] },
          group: { results: [{ name: 'HR', id: 'gid' }] },
        },
      }),
    ).toEqual(['user:acc-1', 'user:ana@contoso.com', 'user:acc-2', 'group:hr']);
    expect(restrictionPrincipals(undefined)).toEqual([]);
  });
});

describe('pageAcl', () => {
  const space = ['group:confluence-users', 'user:acc-9'];

  it('uses the space readers when nothing on the way down is restricted', () => {
    expect(pageAcl(space, [[], []])).toEqual(['group:confluence-users', 'user:acc-9']);
  });

  it('keeps only principals every restriction names', () => {
    expect(pageAcl(space, [['group:hr', 'user:acc-1'], [], ['group:hr', 'group:finance']])).toEqual([
      'group:hr',
    ]);
    expect(pageAcl(space, [['user:acc-1'], ['group:hr']])).toEqual([]);
  });
});
