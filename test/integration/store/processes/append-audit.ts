/**
 * A second process writing to the audit trail: opens the store given as JSON in argv[2]
 * and appends argv[3] records at once, as another replica or a CLI command would.
 */
import { openStore } from '../../../../src/store/index.js';
import { buildAuditEvent } from '../fixtures.js';

const store = await openStore(JSON.parse(process.argv[2]!));
const count = Number(process.argv[3]);
await Promise.all(
  Array.from({ length: count }, (_, i) => store.audit.append(buildAuditEvent({ id: `other-${i}` }))),
);
await store.close();
