import { createHash } from 'node:crypto';
import { EVERYONE, type Principal } from '../../document.js';
import type { ChangeBatch } from '../../sync/apply-changes.js';
import { ConfluenceCallError, type ConfluenceClient } from './confluence-client.js';
import { pageAcl, type ReadRestriction, restrictionPrincipals } from './confluence-permissions.js';
import { storageToHtml } from './storage-format.js';

/** A configured space. */
export interface ConfluenceSpace {
  id: string;
  key: string;
  name: string;
}

/** A page or blog post as the content search returns it (the fields Lumen uses). */
export interface ConfluenceContent {
  id: string;
  type: string;
  title: string;
  status?: string;
  space?: { key?: string };
  version?: { number?: number; when?: string };
  ancestors?: { id: string }[];
  body?: { storage?: { value?: string } };
  restrictions?: { read?: ReadRestriction };
  _links?: { webui?: string; tinyui?: string };
}

/** One page of content search results and the cursor to the next. */
export interface ContentPage {
  items: ConfluenceContent[];
  next?: string;
}

interface V2List<T> {
  results?: T[];
  _links?: { next?: string };
}

interface DataCenterSpacePermission {
  operation?: { operationKey?: string; targetType?: string };
  subject?: { type?: string; name?: string; userKey?: string };
}

interface SpacePermission {
  principal?: { type?: string; id?: string };
  operation?: { key?: string; targetType?: string };
}

const RESTRICTION_EXPAND = 'restrictions.read.restrictions.user,restrictions.read.restrictions.group';
const PAGE_SIZE = 25;

/**
 * Reads Confluence spaces through the REST API: spaces and their read permissions (v2),
 * pages and blog posts by CQL with cursor paging (v1, the only API with CQL), and read
 * restrictions of pages and their ancestors. Users are named by account id, and by email
 * where Confluence shows it; groups by name.
 */
export class ConfluenceSource {
  private readonly userEmails = new Map<string, string | undefined>();
  private readonly groupNames = new Map<string, string | undefined>();

  constructor(readonly client: ConfluenceClient) {}

  /** The spaces with these keys; a key Confluence does not know is an error. */
  async resolveSpaces(keys: readonly string[]): Promise<ConfluenceSpace[]> {
    if (this.client.kind === 'datacenter') {
      return Promise.all(
        keys.map(async (key) => {
          const s: { id: number | string; key: string; name: string } = await this.client.get(
            `/rest/api/space/${encodeURIComponent(key)}`,
            `reading space ${key}`,
          );
          return { id: String(s.id), key: s.key, name: s.name };
        }),
      );
    }
    const spaces: ConfluenceSpace[] = [];
    let url: string | undefined =
      `/api/v2/spaces?keys=${keys.map(encodeURIComponent).join(',')}&limit=${Math.max(keys.length, 1)}`;
    while (url) {
      const page: V2List<ConfluenceSpace> = await this.client.get(url, 'listing spaces');
      for (const s of page.results ?? []) spaces.push({ id: String(s.id), key: s.key, name: s.name });
      url = page._links?.next ? this.client.nextUrl(page._links.next) : undefined;
    }
    const missing = keys.filter((k) => !spaces.some((s) => s.key.toLowerCase() === k.toLowerCase()));
    if (missing.length > 0) {
      throw new Error(`Confluence has no space with key ${missing.join(', ')} that this account can read`);
    }
    return spaces;
  }

  /** Who may read a space: users and groups holding its `read` permission. */
  async spaceReaders(space: ConfluenceSpace): Promise<Principal[]> {
    if (this.client.kind === 'datacenter') return this.dataCenterSpaceReaders(space);
    const readers = new Set<Principal>();
    let url: string | undefined = `/api/v2/spaces/${space.id}/permissions?limit=250`;
    while (url) {
      const page: V2List<SpacePermission> = await this.client.get(
        url,
        `reading permissions of space ${space.key}`,
      );
      for (const permission of page.results ?? []) {
        if (permission.operation?.key !== 'read' || permission.operation.targetType !== 'space') continue;
        const { type, id } = permission.principal ?? {};
        if (!id) continue;
        if (type === 'user') {
          readers.add(`user:${id.toLowerCase()}`);
          const email = await this.userEmail(id);
          if (email) readers.add(`user:${email.toLowerCase()}`);
        } else if (type === 'group') {
          const name = await this.groupName(id);
          readers.add(`group:${(name ?? id).toLowerCase()}`);
        }
        // Roles are not mapped: Lumen cannot tell who holds them, so they grant nothing here.
      }
      url = page._links?.next ? this.client.nextUrl(page._links.next) : undefined;
    }
    return [...readers];
  }

  /** The first content search URL of a space: everything, or what changed since `since`. */
  contentQuery(space: ConfluenceSpace, options: { since?: Date; withBody: boolean }): string {
    let cql = `space = "${space.key}" and type in (page, blogpost)`;
    if (options.since) cql += ` and lastmodified >= "${toCqlDate(options.since)}"`;
    cql += ' order by lastmodified asc';
    const expand = [
      ...(options.withBody ? ['body.storage'] : []),
      'version',
      'ancestors',
      'space',
      RESTRICTION_EXPAND,
    ].join(',');
    return `/rest/api/content/search?cql=${encodeURIComponent(cql)}&expand=${encodeURIComponent(expand)}&limit=${PAGE_SIZE}`;
  }

  /** One page of content search results. */
  async contentPage(url: string): Promise<ContentPage> {
    const page: { results?: ConfluenceContent[]; _links?: { next?: string } } = await this.client.get(
      url,
      'searching content',
    );
    return {
      items: page.results ?? [],
      ...(page._links?.next ? { next: this.client.nextUrl(page._links.next) } : {}),
    };
  }

  /** One page or blog post with its body, for re-indexing after a permission change. */
  async content(id: string): Promise<ConfluenceContent> {
    return this.client.get(
      `/rest/api/content/${id}?expand=${encodeURIComponent(`body.storage,version,ancestors,space,${RESTRICTION_EXPAND}`)}`,
      `reading page ${id}`,
    );
  }

  /** The index id of a page. */
  documentId(space: ConfluenceSpace, contentId: string): string {
    return `${spacePrefix(space)}${contentId}`;
  }

  /**
   * Who may read a page: space readers narrowed by the page's and its ancestors' read
   * restrictions. Ancestor restrictions are cached in `ancestors` for one sync.
   */
  async aclOf(
    item: ConfluenceContent,
    readers: readonly Principal[],
    ancestors: Map<string, Principal[]>,
  ): Promise<Principal[]> {
    const levels: Principal[][] = [await this.restrictedTo(item.restrictions?.read)];
    for (const ancestor of item.ancestors ?? []) {
      let restricted = ancestors.get(ancestor.id);
      if (!restricted) {
        const restriction: ReadRestriction = await this.client.get(
          `/rest/api/content/${ancestor.id}/restriction/byOperation/read?expand=restrictions.user,restrictions.group`,
          `reading restrictions of page ${ancestor.id}`,
        );
        restricted = await this.restrictedTo(restriction);
        ancestors.set(ancestor.id, restricted);
      }
      levels.push(restricted);
    }
    return pageAcl(readers, levels);
  }

  /** Turns listed content into changes: pages with body to index, others reported. */
  async toChanges(
    space: ConfluenceSpace,
    readers: readonly Principal[],
    items: readonly ConfluenceContent[],
    ancestors: Map<string, Principal[]>,
  ): Promise<ChangeBatch> {
    const batch: ChangeBatch = { upserts: [], deletes: [], skipped: [] };
    for (const item of items) {
      const path = `${space.key}/${item.title}`;
      if (item.status && item.status !== 'current') {
        batch.deletes.push(this.documentId(space, item.id));
        continue;
      }
      const acl = await this.aclOf(item, readers, ancestors);
      if (acl.length === 0) {
        // Its earlier version must not stay readable by whoever could read it before.
        batch.skipped.push({ path, reason: 'no user or group Lumen can name may read it' });
        batch.deletes.push(this.documentId(space, item.id));
        continue;
      }
      const storage = item.body?.storage?.value ?? '';
      const version = item.version?.number ?? 0;
      const html = storageToHtml(item.title, storage);
      batch.upserts.push({
        id: this.documentId(space, item.id),
        source: 'confluence',
        path,
        url: `${this.client.wikiBase}${item._links?.webui ?? `/pages/viewpage.action?pageId=${item.id}`}`,
        hash: contentHash(version, acl),
        updatedAt: item.version?.when ?? new Date(0).toISOString(),
        acl: acl.includes(EVERYONE) ? [EVERYONE] : acl,
        title: item.title,
        crackAs: '.html',
        read: async () => Buffer.from(html),
      });
    }
    return batch;
  }

  /**
   * Data Center (9.1 and later) lists space permissions at `/rest/api/space/{key}/permissions`:
   * groups by name, users by user key, which the user API turns into a username.
   */
  private async dataCenterSpaceReaders(space: ConfluenceSpace): Promise<Principal[]> {
    const permissions: DataCenterSpacePermission[] = await this.client.get(
      `/rest/api/space/${encodeURIComponent(space.key)}/permissions`,
      `reading permissions of space ${space.key}`,
    );
    const readers = new Set<Principal>();
    for (const { operation, subject } of permissions) {
      if (operation?.operationKey !== 'read' || operation.targetType !== 'space') continue;
      if (subject?.type === 'group' && subject.name) readers.add(`group:${subject.name.toLowerCase()}`);
      if (subject?.type === 'user' && subject.userKey) {
        const user: { username?: string; email?: string } = await this.client.get(
          `/rest/api/user?key=${encodeURIComponent(subject.userKey)}`,
          'looking up a user',
        );
        if (user.username) readers.add(`user:${user.username.toLowerCase()}`);
        if (user.email) readers.add(`user:${user.email.toLowerCase()}`);
      }
      // Anonymous access grants nothing here: Lumen only answers people it can name.
    }
    return [...readers];
  }

  /** A restriction's principals, with the email of each user Confluence shows one for. */
  private async restrictedTo(restriction: ReadRestriction | undefined): Promise<Principal[]> {
    const principals = new Set(restrictionPrincipals(restriction));
    for (const user of restriction?.restrictions?.user?.results ?? []) {
      if (user.email || !user.accountId) continue;
      const email = await this.userEmail(user.accountId);
      if (email) principals.add(`user:${email.toLowerCase()}`);
    }
    return [...principals];
  }

  private async userEmail(accountId: string): Promise<string | undefined> {
    if (this.userEmails.has(accountId)) return this.userEmails.get(accountId);
    const user = await this.client
      .get<{ email?: string }>(
        `/rest/api/user?accountId=${encodeURIComponent(accountId)}`,
        'looking up a user',
      )
      .catch((error: unknown): { email?: string } => {
        // A person Confluence will not show (privacy settings, deactivated) stays named by account id.
        if (error instanceof ConfluenceCallError && (error.status === 403 || error.status === 404)) return {};
        throw error;
      });
    this.userEmails.set(accountId, user.email || undefined);
    return user.email || undefined;
  }

  private async groupName(groupId: string): Promise<string | undefined> {
    if (this.groupNames.has(groupId)) return this.groupNames.get(groupId);
    const group: { name?: string } = await this.client.get(
      `/rest/api/group/by-id?id=${encodeURIComponent(groupId)}`,
      'looking up a group',
    );
    this.groupNames.set(groupId, group.name);
    return group.name;
  }
}

/** What decides re-indexing: the page version and who may read it. */
export function contentHash(version: number, acl: readonly Principal[]): string {
  return createHash('sha256')
    .update(`${version}\0${acl.join(',')}`)
    .digest('hex');
}

/** Every document id of a space starts with this. */
export function spacePrefix(space: Pick<ConfluenceSpace, 'key'>): string {
  return `confluence:${space.key}:`;
}

/** CQL dates are `yyyy/MM/dd HH:mm`; Lumen writes them in UTC. */
export function toCqlDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}
