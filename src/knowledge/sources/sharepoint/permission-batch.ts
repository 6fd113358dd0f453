import type { Client } from '@microsoft/microsoft-graph-client';
import { isRetryableStatus, type RetryPolicy, realSleep, retryDelayMs } from '../../sync/retry-after.js';
import { toGraphPath } from './graph-client.js';
import type { GraphPermission } from './permissions.js';

/** Graph takes at most 20 requests in one JSON batch. */
const BATCH_SIZE = 20;
/** Batches in flight at once. */
const CONCURRENCY = 4;

interface BatchResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: {
    value?: GraphPermission[];
    '@odata.nextLink'?: string;
    error?: { code?: string; message?: string };
  };
}

/**
 * Reads the permissions of many drive items through Graph JSON batching (`POST /$batch`,
 * 20 items a request, a few requests at a time), so a crawl makes one call per 20 files
 * instead of one per file. Items Graph throttles inside a batch (429/503 with Retry-After)
 * are sent again after the longest wait asked for; a permission list longer than a page
 * is followed through its `@odata.nextLink`. Each item gets its permissions or the error.
 */
export async function readPermissionsInBatches(
  client: Client,
  graphUrl: string,
  driveId: string,
  itemIds: readonly string[],
  policy: RetryPolicy = {},
): Promise<Map<string, GraphPermission[] | Error>> {
  const results = new Map<string, GraphPermission[] | Error>();
  const chunks: string[][] = [];
  for (let i = 0; i < itemIds.length; i += BATCH_SIZE) chunks.push(itemIds.slice(i, i + BATCH_SIZE));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!;
      await readChunk(client, graphUrl, driveId, chunk, policy, results);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, chunks.length) }, worker));
  return results;
}

async function readChunk(
  client: Client,
  graphUrl: string,
  driveId: string,
  ids: string[],
  policy: RetryPolicy,
  results: Map<string, GraphPermission[] | Error>,
): Promise<void> {
  const maxRetries = policy.maxRetries ?? 5;
  let pending = ids;
  for (let attempt = 0; pending.length > 0; attempt++) {
    let responses: BatchResponse[];
    try {
      const reply: { responses?: BatchResponse[] } = await client.api('/$batch').post({
        requests: pending.map((id) => ({
          id,
          method: 'GET',
          url: `/drives/${driveId}/items/${id}/permissions`,
        })),
      });
      responses = reply.responses ?? [];
    } catch (error) {
      for (const id of pending) results.set(id, asError(error));
      return;
    }
    const throttled: string[] = [];
    let wait = 0;
    for (const response of responses) {
      if (response.status >= 200 && response.status < 300) {
        results.set(response.id, await withMorePages(client, graphUrl, response.body));
      } else if (isRetryableStatus(response.status) && attempt < maxRetries) {
        throttled.push(response.id);
        wait = Math.max(wait, retryDelayMs(header(response.headers, 'retry-after'), attempt, policy));
      } else {
        const reason = response.body?.error?.message ?? `HTTP ${response.status}`;
        results.set(
          response.id,
          new Error(`Microsoft Graph failed when reading permissions of item ${response.id}: ${reason}`),
        );
      }
    }
    for (const id of pending) {
      if (!results.has(id) && !throttled.includes(id)) {
        results.set(id, new Error(`Microsoft Graph left item ${id} out of a batch answer`));
      }
    }
    pending = throttled;
    if (pending.length > 0) await (policy.sleep ?? realSleep)(wait);
  }
}

async function withMorePages(
  client: Client,
  graphUrl: string,
  body: BatchResponse['body'],
): Promise<GraphPermission[] | Error> {
  const all = [...(body?.value ?? [])];
  let link = body?.['@odata.nextLink'];
  try {
    while (link) {
      const page: { value?: GraphPermission[]; '@odata.nextLink'?: string } = await client
        .api(toGraphPath(link, graphUrl))
        .get();
      all.push(...(page.value ?? []));
      link = page['@odata.nextLink'];
    }
  } catch (error) {
    return asError(error);
  }
  return all;
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
