import type { Config } from '../../../config/index.js';
import { checkTeamsCredentials, describeTeamsSettings } from '../../teams/index.js';
import { withLumen } from '../cli-context.js';

function slackChannel(config: Config): string {
  if (!config.slack) return '';
  return config.slack.appToken ? ', slack (Socket Mode)' : ', slack (HTTP at /slack/events)';
}

/** `lumen doctor`: which backends are active and whether each answers. */
export async function doctorCommand(options: { dataDir?: string }): Promise<boolean> {
  return withLumen(options, async (lumen) => {
    const { config } = lumen;
    const teams = config.teams ?? { appType: 'SingleTenant' };
    process.stdout.write(
      [
        'Lumen configuration',
        `  data dir        ${config.dataDir}`,
        `  knowledge dir   ${config.knowledgeDir}`,
        `  store           ${lumen.store.name}`,
        `  index           ${lumen.index.name}`,
        `  model           ${lumen.model.name}`,
        `  channels        web (identity: ${config.webIdentity}), cli${slackChannel(config)}, teams`,
        `  teams           ${describeTeamsSettings(teams)}`,
        `  public url      ${config.publicUrl ?? '(not set)'}`,
        `  admins          ${config.admins.length ? config.admins.join(', ') : '(none)'}`,
        `  sharepoint      ${config.sharepoint ? `sites ${config.sharepoint.sites.join(', ')}` : '(not configured)'}`,
        `  confluence      ${config.confluence ? `${config.confluence.baseUrl}, spaces ${config.confluence.spaces.join(', ')}` : '(not configured)'}`,
        `  scheduled sync  ${config.syncIntervalMinutes ? `every ${config.syncIntervalMinutes} min` : 'off'}`,
        '',
        'Checks',
        '',
      ].join('\n'),
    );
    const checks = [...(await lumen.checks()), await checkTeamsCredentials(teams)];
    if (config.sharepoint || config.confluence) {
      const { checkConnectors } = await import('../../../knowledge/sync/check-connectors.js');
      checks.push(...(await checkConnectors(config, lumen.store.sourceSync)));
    }
    for (const check of checks)
      process.stdout.write(`  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.name.padEnd(10)} ${check.detail}\n`);
    return checks.every((c) => c.ok);
  });
}
