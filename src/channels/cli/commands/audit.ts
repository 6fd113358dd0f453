import { withLumen } from '../cli-context.js';

/** `lumen audit verify`: re-checks the audit trail's hash chain; exit code 1 when broken. */
export async function auditVerifyCommand(options: { dataDir?: string; json?: boolean }): Promise<boolean> {
  return withLumen(options, async (lumen) => {
    const result = await lumen.store.audit.verify();
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else if (result.ok) {
      const kept = result.keptFrom
        ? ` (from #${result.keptFrom}; older records were removed by retention)`
        : '';
      process.stdout.write(
        `Audit trail intact: ${result.checked.toLocaleString('en-US')} records checked${kept}.\n`,
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
