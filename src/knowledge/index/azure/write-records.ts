import type { SearchClient } from '@azure/search-documents';
import { BackendError } from '../../../core/errors.js';
import type { SearchRecord } from './index-definition.js';

/** Attempts for records the service rejected with 429/503 inside an otherwise accepted batch. */
const ITEM_ATTEMPTS = 4;

/**
 * Sends records to the index in batches. A batch can partly fail (HTTP 207): records the
 * service turned away as busy (429/503) are sent again with backoff; any other rejection
 * fails the write, except deleting a record that is already gone. Whole-request throttling
 * is retried by the client's own retry policy.
 */
export async function writeRecords(
  client: SearchClient<SearchRecord>,
  action: 'mergeOrUpload' | 'delete',
  records: SearchRecord[],
  batchSize: number,
): Promise<void> {
  for (let i = 0; i < records.length; i += batchSize) {
    let batch = records.slice(i, i + batchSize);
    for (let attempt = 1; batch.length > 0; attempt++) {
      const result =
        action === 'delete'
          ? await client.deleteDocuments(batch, { throwOnAnyFailure: false })
          : await client.mergeOrUploadDocuments(batch, { throwOnAnyFailure: false });
      const failed = result.results.filter((r) => !r.succeeded);
      const busy = failed.filter((r) => r.statusCode === 429 || r.statusCode === 503);
      const rejected = failed.filter(
        (r) => r.statusCode !== 429 && r.statusCode !== 503 && !(action === 'delete' && r.statusCode === 404),
      );
      if (rejected.length > 0 || (busy.length > 0 && attempt >= ITEM_ATTEMPTS)) {
        const first = rejected[0] ?? busy[0]!;
        throw new BackendError(
          'index',
          `Azure AI Search rejected ${rejected.length + busy.length} of ${batch.length} records (${first.statusCode}: ${first.errorMessage ?? 'no message'})`,
        );
      }
      const again = new Set(busy.map((r) => r.key));
      batch = batch.filter((r) => again.has(r.id));
      if (batch.length > 0) await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
  }
}
