import { type Client, GraphError } from '@microsoft/microsoft-graph-client';
import type { Clock, GroupResolver } from '../../../core/ports.js';
import { systemClock } from '../../../core/ports.js';
import { toGraphPath } from './graph-client.js';

/** Options for resolving Entra group memberships through Graph. */
export interface GraphGroupResolverOptions {
  graphUrl?: string;
  /** How long a person's groups are reused before asking Graph again (default 15 minutes). */
  ttlMs?: number;
  clock?: Clock;
  /** Most people remembered at once (default 10,000). */
  maxEntries?: number;
  /**
   * Names some Entra groups also go by elsewhere (Confluence groups provisioned from
   * Entra), by group object id. Only these names are added: display names are not unique
   * and anyone may create a Microsoft 365 group with any name, so a name never counts
   * because of what the group happens to be called.
   */
  namedGroups?: Readonly<Record<string, readonly string[]>>;
}

/**
 * A person's Entra groups (transitive, so nested groups count) as object ids, which is how
 * SharePoint permissions name groups. Looks people up by Entra object id (Teams) or by
 * email / UPN (Slack, web); caches each answer for a while. A person Graph does not know
 * has no groups.
 */
export class GraphGroupResolver implements GroupResolver {
  private readonly cache = new Map<string, { groups: string[]; expires: number }>();
  private readonly graphUrl: string;
  private readonly ttlMs: number;
  private readonly clock: Clock;
  private readonly maxEntries: number;
  private readonly namedGroups: ReadonlyMap<string, readonly string[]>;

  constructor(
    private readonly client: Client,
    options: GraphGroupResolverOptions = {},
  ) {
    this.graphUrl = options.graphUrl ?? 'https://graph.microsoft.com';
    this.ttlMs = options.ttlMs ?? 15 * 60_000;
    this.clock = options.clock ?? systemClock;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.namedGroups = new Map(
      Object.entries(options.namedGroups ?? {}).map(([id, names]) => [
        id.toLowerCase(),
        names.map((name) => name.toLowerCase()),
      ]),
    );
  }

  async groupsOf(user: { id: string; email?: string; aadObjectId?: string }): Promise<string[]> {
    const key = (user.aadObjectId ?? user.email)?.toLowerCase();
    if (!key) return [];
    const now = this.clock.now().getTime();
    const cached = this.cache.get(key);
    if (cached && cached.expires > now) return cached.groups;
    let groups = await this.fetchGroups(key);
    if (groups === undefined && key.includes('@')) {
      // An email is not always the sign-in name (UPN); find the person by their mail.
      const id = await this.userIdByMail(key);
      if (id) groups = await this.fetchGroups(id);
    }
    groups ??= [];
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { groups, expires: now + this.ttlMs });
    return groups;
  }

  private async userIdByMail(mail: string): Promise<string | undefined> {
    const filter = encodeURIComponent(`mail eq '${mail.replace(/'/g, "''")}'`);
    const found: { value?: { id?: string }[] } = await this.client
      .api(`/users?$filter=${filter}&$select=id`)
      .get();
    return found.value?.[0]?.id;
  }

  /** The person's group ids; undefined when Graph does not know them by this id or UPN. */
  private async fetchGroups(user: string): Promise<string[] | undefined> {
    const groups: string[] = [];
    let link: string | undefined =
      `/users/${encodeURIComponent(user)}/transitiveMemberOf/microsoft.graph.group?$select=id,displayName&$top=999`;
    while (link) {
      const path: string = link;
      let page: { value?: { id?: string; displayName?: string }[]; '@odata.nextLink'?: string };
      try {
        page = await this.client.api(path).get();
      } catch (error) {
        if (error instanceof GraphError && error.statusCode === 404) return undefined;
        throw error;
      }
      for (const group of page.value ?? []) {
        if (!group.id) continue;
        const id = group.id.toLowerCase();
        groups.push(id, ...(this.namedGroups.get(id) ?? []));
      }
      link = page['@odata.nextLink'] ? toGraphPath(page['@odata.nextLink'], this.graphUrl) : undefined;
    }
    return groups;
  }
}
