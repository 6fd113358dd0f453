/**
 * Finds the groups a person belongs to in the directory the connectors' ACLs name (Entra
 * object ids for SharePoint), so retrieval can match group-restricted content. Returns the
 * group names or ids as they appear after `group:` in ACLs; empty when unknown.
 */
export interface GroupResolver {
  groupsOf(user: { id: string; email?: string; aadObjectId?: string }): Promise<string[]>;
}
