import {
  Client,
  type Context,
  HTTPMessageHandler,
  type Middleware,
  RedirectHandler,
} from '@microsoft/microsoft-graph-client';
import type { RetryPolicy } from '../../sync/retry-after.js';
import { ThrottleHandler } from './throttle-handler.js';

/** Gives an access token for Microsoft Graph (app-only, `https://graph.microsoft.com/.default`). */
export type GraphTokenProvider = () => Promise<string>;

/** Options for a Graph client pointed at Microsoft Graph or a stand-in. */
export interface GraphClientOptions {
  /** Service root without the version, e.g. `https://graph.microsoft.com`. */
  baseUrl: string;
  getToken: GraphTokenProvider;
  retry?: RetryPolicy;
}

/**
 * The Microsoft Graph client with Lumen's middleware: a bearer token on requests to the
 * configured Graph root (and never on the pre-authenticated download URLs a redirect
 * leads to), Retry-After aware retries, redirects, then fetch.
 */
export function createGraphClient(options: GraphClientOptions): Client {
  const root = options.baseUrl.replace(/\/+$/, '');
  const auth = new BearerHandler(new URL(root).origin, options.getToken);
  const throttle = new ThrottleHandler(options.retry);
  const redirect = new RedirectHandler();
  const http = new HTTPMessageHandler();
  auth.setNext(throttle);
  throttle.setNext(redirect);
  redirect.setNext(http);
  return Client.initWithMiddleware({ baseUrl: root, middleware: auth, defaultVersion: 'v1.0' });
}

/**
 * Turns an `@odata.nextLink` or `@odata.deltaLink` into what `client.api()` takes: the
 * client strips only `https://` roots, so links under the configured root (a stand-in on
 * plain HTTP in tests) become paths.
 */
export function toGraphPath(link: string, baseUrl: string): string {
  const root = `${baseUrl.replace(/\/+$/, '')}/v1.0`;
  return link.startsWith(root) ? link.slice(root.length) : link;
}

class BearerHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly origin: string,
    private readonly getToken: GraphTokenProvider,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (new URL(url).origin === this.origin) {
      const token = await this.getToken();
      const options = context.options ?? {};
      const headers = Object.fromEntries(new Headers(options.headers as HeadersInit | undefined).entries());
      delete headers.authorization;
      // Spelled as the SDK's redirect handler expects, so it drops the token on a redirect
      // to another host (the pre-authenticated download URL).
      headers.Authorization = `Bearer ${token}`;
      context.options = { ...options, headers };
    }
    await this.next!.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
