import type { HealthCheck, SourceSyncRepository } from '../../core/ports.js';
import type { ConfluenceSource } from '../sources/confluence/confluence-source.js';
import type { SharePointSource } from '../sources/sharepoint/sharepoint-source.js';
import type { ConnectorConfig } from './connector-config.js';
import { createConfluenceSource, createSharePointSource } from './create-sources.js';

/**
 * Whether each configured connector answers: SharePoint resolves every configured site and
 * lists its libraries, Confluence finds every configured space. The detail says when the
 * source was last synced, from the stored state.
 */
export async function checkConnectors(
  config: ConnectorConfig,
  state: SourceSyncRepository,
  sources: { sharepoint?: SharePointSource; confluence?: ConfluenceSource } = {},
): Promise<HealthCheck[]> {
  const checks: HealthCheck[] = [];
  if (config.sharepoint) {
    const source = sources.sharepoint ?? createSharePointSource(config.sharepoint);
    checks.push(
      await check('sharepoint', async () => {
        let libraries = 0;
        let synced = 0;
        for (const ref of config.sharepoint!.sites) {
          for (const drive of await source.listDrives(await source.resolveSite(ref))) {
            libraries++;
            const stored = await state.getState<{ deltaLink?: string }>(`sharepoint:drive:${drive.id}`);
            if (stored?.deltaLink) synced++;
          }
        }
        return `${config.sharepoint!.sites.length} sites, ${libraries} libraries, ${synced} synced`;
      }),
    );
  }
  if (config.confluence) {
    const source = sources.confluence ?? createConfluenceSource(config.confluence);
    checks.push(
      await check('confluence', async () => {
        const spaces = await source.resolveSpaces(config.confluence!.spaces);
        let last: string | undefined;
        for (const space of spaces) {
          const stored = await state.getState<{ lastModified?: string }>(`confluence:space:${space.key}`);
          last = latest(last, stored?.lastModified);
        }
        return `${spaces.length} spaces${last ? `, latest change synced ${last}` : ', not synced yet'}`;
      }),
    );
  }
  return checks;
}

async function check(name: string, run: () => Promise<string>): Promise<HealthCheck> {
  try {
    return { name, ok: true, detail: await run() };
  } catch (error) {
    return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

function latest(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
