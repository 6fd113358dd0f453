import type { AuditHead } from '../../../core/ports.js';
import { withLumen } from '../cli-context.js';

/** Reads a head as `lumen audit head` prints it: `<seq>:<hash>`. */
export function parseAuditHead(text: string): AuditHead {
  const match = /^\s*(\d+):([0-9a-f]{64})\s*$/i.exec(text);
  if (!match) {
    throw new Error(
      `--head must be a head printed by \`lumen audit head\`, such as 1234:${'0'.repeat(8)}… (a position, a colon and a 64-digit hex hash); got "${text}"`,
    );
  }
  return { seq: Number(match[1]), hash: match[2]!.toLowerCase() };
}

/** `lumen audit head`: prints the newest record's position and hash for an external log. */
export async function auditHeadCommand(options: { dataDir?: string; json?: boolean }): Promise<boolean> {
  return withLumen(options, async (lumen) => {
    const head = await lumen.store.audit.head();
    if (options.json) {
      process.stdout.write(`${JSON.stringify(head ?? null)}\n`);
    } else if (head) {
      process.stdout.write(`${head.seq}:${head.hash}\n`);
    } else {
      process.stderr.write('The audit trail is empty: there is no head to record yet.\n');
    }
    return true;
  });
}

/**
 * `lumen audit verify [--head <seq:hash>]`: re-checks the audit trail's keyed hash chain,
 * and against a head recorded outside the store when given; exit code 1 when broken.
 */
export async function auditVerifyCommand(options: {
  dataDir?: string;
  json?: boolean;
  head?: string;
}): Promise<boolean> {
  const head = options.head === undefined ? undefined : parseAuditHead(options.head);
  return withLumen(options, async (lumen) => {
    const result = await lumen.store.audit.verify(head ? { head } : {});
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else if (result.ok) {
      const kept = result.keptFrom
        ? ` (from #${result.keptFrom}; older records were removed by retention)`
        : '';
      const anchored = head ? `, including the head #${head.seq} recorded outside the store` : '';
      process.stdout.write(
        `Audit trail intact: ${result.checked.toLocaleString('en-US')} records checked${kept}${anchored}.\n`,
      );
    } else {
      const at = result.brokenAt;
      process.stdout.write(
        `Audit trail BROKEN at record #${at?.seq}${at?.id ? ` (${at.id})` : ''}: ${at?.reason}. ` +
          `${result.checked.toLocaleString('en-US')} records before it check out.\n`,
      );
    }
    return result.ok;
  });
}
