import { EVERYONE, type Principal } from '../../document.js';

/** An identity as Graph writes it in a permission (`sharePointIdentitySet`). */
export interface GraphIdentitySet {
  user?: { id?: string; email?: string; displayName?: string; userPrincipalName?: string };
  group?: { id?: string; email?: string; displayName?: string };
  siteUser?: { id?: string; email?: string; loginName?: string; displayName?: string };
  siteGroup?: { id?: string; loginName?: string; displayName?: string };
  application?: { id?: string };
}

/** A driveItem permission as `/drives/{id}/items/{id}/permissions` returns it. */
export interface GraphPermission {
  id: string;
  roles?: string[];
  grantedToV2?: GraphIdentitySet;
  grantedToIdentitiesV2?: GraphIdentitySet[];
  link?: { scope?: 'anonymous' | 'organization' | 'users' | 'existingAccess'; type?: string };
  inheritedFrom?: { id?: string; driveId?: string; path?: string };
  expirationDateTime?: string;
}

const READ_ROLES = new Set(['read', 'write', 'owner', 'sp.full control', 'sp.edit', 'sp.view']);

/**
 * Maps an item's permissions (its own and those inherited from the site or a folder) to
 * Lumen principals: a user as `user:<email>` and `user:<Entra object id>` (Slack knows
 * people by email, Teams by object id), an Entra group as `group:<object id>` (the asker's
 * groups are resolved to object ids at question time), a sharing link scoped to the
 * organization or to anyone as `everyone`. SharePoint site groups have no Entra identity
 * Lumen can resolve; they map to `group:sharepoint:<site group name>`, which nobody holds
 * until configured, so such content stays hidden rather than leaking. Expired permissions
 * and ones without a read role are ignored.
 */
export function permissionsToPrincipals(
  permissions: readonly GraphPermission[],
  now = new Date(),
): Principal[] {
  const principals = new Set<Principal>();
  for (const permission of permissions) {
    if (permission.expirationDateTime && Date.parse(permission.expirationDateTime) <= now.getTime()) continue;
    const roles = permission.roles ?? ['read'];
    if (!roles.some((role) => READ_ROLES.has(role.toLowerCase()))) continue;
    const scope = permission.link?.scope;
    if (scope === 'anonymous' || scope === 'organization') {
      principals.add(EVERYONE);
      continue;
    }
    const identities = [
      ...(permission.grantedToV2 ? [permission.grantedToV2] : []),
      ...(permission.grantedToIdentitiesV2 ?? []),
    ];
    for (const identity of identities) for (const p of identityPrincipals(identity)) principals.add(p);
  }
  // `everyone` alone says it all.
  return principals.has(EVERYONE) ? [EVERYONE] : [...principals].sort();
}

function identityPrincipals(identity: GraphIdentitySet): Principal[] {
  const out: Principal[] = [];
  const user = identity.user;
  if (user) {
    if (user.id) out.push(`user:${user.id.toLowerCase()}`);
    const mail = user.email ?? user.userPrincipalName;
    if (mail) out.push(`user:${mail.toLowerCase()}`);
  }
  const siteUser = identity.siteUser;
  if (siteUser && !user) {
    const mail = siteUser.email ?? loginEmail(siteUser.loginName);
    if (mail) out.push(`user:${mail.toLowerCase()}`);
  }
  if (identity.group?.id) out.push(`group:${identity.group.id.toLowerCase()}`);
  const siteGroup = identity.siteGroup;
  if (siteGroup && !identity.group) {
    const name = siteGroup.displayName ?? siteGroup.loginName;
    if (name) out.push(`group:sharepoint:${name.toLowerCase()}`);
  }
  return out;
}

/** `i:0#.f|membership|alex@contoso.com` holds the sign-in name after the last bar. */
function loginEmail(loginName: string | undefined): string | undefined {
  const last = loginName?.split('|').pop();
  return last?.includes('@') ? last : undefined;
}
