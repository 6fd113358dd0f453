import { LumenError } from '../../../core/errors.js';
import { isRetryableStatus, type RetryPolicy, realSleep, retryDelayMs } from '../../sync/retry-after.js';
import { readLimitedBody } from '../read-limited.js';

/** How Lumen signs in to Confluence. */
export type ConfluenceAuth =
  /** Confluence Cloud: an Atlassian account email and API token (basic auth). */
  | { kind: 'cloud'; email: string; apiToken: string }
  /** Confluence Data Center: a personal access token (bearer). */
  | { kind: 'datacenter'; token: string };

/** Options for the Confluence REST client. */
export interface ConfluenceClientOptions {
  /** The site, e.g. `https://contoso.atlassian.net` (Cloud, `/wiki` optional) or the Data Center root. */
  baseUrl: string;
  auth: ConfluenceAuth;
  retry?: RetryPolicy;
  fetch?: typeof fetch;
}

/** A Confluence call failed (after retries for throttling). */
export class ConfluenceCallError extends LumenError {
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('confluence.call_failed', message, options);
  }
}

/**
 * A small Confluence REST client over fetch: signs requests, retries 429 and 503 after
 * Retry-After, and turns the relative `_links.next` cursors of both API versions into URLs.
 */
export class ConfluenceClient {
  /** Where `/rest/api` and `/api/v2` live: `<site>/wiki` on Cloud, the root on Data Center. */
  readonly wikiBase: string;
  /** Cloud has the v2 API; Data Center only v1. */
  readonly kind: ConfluenceAuth['kind'];
  private readonly authorization: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ConfluenceClientOptions) {
    const base = options.baseUrl.replace(/\/+$/, '');
    this.kind = options.auth.kind;
    this.wikiBase = options.auth.kind === 'cloud' && !base.endsWith('/wiki') ? `${base}/wiki` : base;
    this.authorization =
      options.auth.kind === 'cloud'
        ? `Basic ${Buffer.from(`${options.auth.email}:${options.auth.apiToken}`).toString('base64')}`
        : `Bearer ${options.auth.token}`;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** GETs a path under the wiki base (`/rest/api/...`, `/api/v2/...`) or an absolute URL. */
  async get<T>(pathOrUrl: string, what: string): Promise<T> {
    return (await (await this.request(pathOrUrl, what, 'application/json')).json()) as T;
  }

  /**
   * GETs bytes (an attachment download), following redirects; a body over `maxBytes` is
   * refused while it streams in. `shownAs` names the file in that error.
   */
  async getBytes(pathOrUrl: string, what: string, shownAs: string, maxBytes: number): Promise<Buffer> {
    return readLimitedBody(await this.request(pathOrUrl, what, '*/*'), shownAs, maxBytes);
  }

  private async request(pathOrUrl: string, what: string, accept: string): Promise<Response> {
    const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${this.wikiBase}${pathOrUrl}`;
    const policy = this.options.retry ?? {};
    const maxRetries = policy.maxRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetch(url, {
          headers: { Authorization: this.authorization, Accept: accept },
        });
      } catch (error) {
        throw new ConfluenceCallError(
          0,
          `Confluence could not be reached when ${what}: ${messageOf(error)}`,
          {
            cause: error,
          },
        );
      }
      if (response.ok) return response;
      if (isRetryableStatus(response.status) && attempt < maxRetries) {
        await response.arrayBuffer().catch(() => undefined);
        await (policy.sleep ?? realSleep)(retryDelayMs(response.headers.get('Retry-After'), attempt, policy));
        continue;
      }
      const body = await response.text().catch(() => '');
      throw new ConfluenceCallError(
        response.status,
        `Confluence answered HTTP ${response.status} when ${what}${body ? `: ${body.slice(0, 200)}` : ''}`,
      );
    }
  }

  /**
   * The URL of a `_links.next`: v2 links start at the site (`/wiki/api/v2/...`), v1 links
   * at the wiki base (`/rest/api/...`).
   */
  nextUrl(next: string): string {
    if (/^https?:\/\//.test(next)) return next;
    const origin = new URL(this.wikiBase).origin;
    const context = new URL(this.wikiBase).pathname.replace(/\/+$/, '');
    return context && next.startsWith(`${context}/`) ? `${origin}${next}` : `${this.wikiBase}${next}`;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
