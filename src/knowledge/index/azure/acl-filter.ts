import { EVERYONE, type Principal } from '../../document.js';

/** A principal list split into the index's ACL fields. */
export interface AclFields {
  aclUserIds: string[];
  aclGroupIds: string[];
  aclEveryone: boolean;
}

/** Maps our principals (`everyone`, `user:x`, `group:x`) to the index's ACL fields. */
export function toAclFields(principals: readonly Principal[]): AclFields {
  const fields: AclFields = { aclUserIds: [], aclGroupIds: [], aclEveryone: false };
  for (const raw of principals) {
    const p = raw.trim().toLowerCase();
    if (p === EVERYONE) fields.aclEveryone = true;
    else if (p.startsWith('user:') && p.length > 5) fields.aclUserIds.push(p.slice(5));
    else if (p.startsWith('group:') && p.length > 6) fields.aclGroupIds.push(p.slice(6));
    // Any other shape grants nothing: an unknown principal must never widen access.
  }
  fields.aclUserIds = [...new Set(fields.aclUserIds)];
  fields.aclGroupIds = [...new Set(fields.aclGroupIds)];
  return fields;
}

/** An OData string literal: single quotes doubled, so a value can never end the literal. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Delimiters tried for `search.in`, in order; one that no value contains is used. */
const DELIMITERS = [',', '|', ';', '~', '^', '`', '\u001f', '\u001e'];

/**
 * `field/any(v: …)` matching any of the values: `search.in` with a delimiter none of the
 * values contains (so no value can be split or merged), or, if every delimiter occurs in
 * some value, plain `eq` comparisons.
 */
export function anyOf(field: string, values: readonly string[]): string {
  const v = field === 'aclUserIds' ? 'u' : 'g';
  const delimiter = DELIMITERS.find((d) => values.every((value) => !value.includes(d)));
  if (delimiter !== undefined) {
    return `${field}/any(${v}: search.in(${v}, ${odataString(values.join(delimiter))}, ${odataString(delimiter)}))`;
  }
  return `${field}/any(${v}: ${values.map((value) => `${v} eq ${odataString(value)}`).join(' or ')})`;
}

/** Longest ACL filter sent in one query, in characters; longer principal lists are split. */
export const MAX_ACL_FILTER_CHARS = 12_000;

/**
 * OData filters restricting a query to what the principals may read. Normally one filter;
 * a principal list too long for one (a person in thousands of groups) is split into
 * several, each repeating `everyone` and the user ids, and the caller runs one query per
 * filter and merges. An empty list gives no filter at all: the caller must not search.
 */
export function aclFilters(principals: readonly Principal[], maxChars = MAX_ACL_FILTER_CHARS): string[] {
  const { aclUserIds, aclGroupIds, aclEveryone } = toAclFields(principals);
  const base: string[] = [];
  if (aclEveryone) base.push('aclEveryone eq true');
  if (aclUserIds.length > 0) base.push(anyOf('aclUserIds', aclUserIds));
  if (aclGroupIds.length === 0) return base.length > 0 ? [`(${base.join(' or ')})`] : [];
  const filters: string[] = [];
  let groups: string[] = [];
  let length = 0;
  const build = (list: string[]) => `(${[...base, anyOf('aclGroupIds', list)].join(' or ')})`;
  const overhead = build(['x']).length;
  for (const group of aclGroupIds) {
    // Escaped length plus a delimiter; `eq` comparisons cost more, so keep a margin.
    const cost = group.replace(/'/g, "''").length + 12;
    if (groups.length > 0 && overhead + length + cost > maxChars) {
      filters.push(build(groups));
      groups = [];
      length = 0;
    }
    groups.push(group);
    length += cost;
  }
  filters.push(build(groups));
  return filters;
}
