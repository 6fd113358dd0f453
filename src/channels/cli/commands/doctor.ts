import { checkTeamsCredentials, describeTeamsSettings } from '../../teams/index.js';
import { withLumen } from '../cli-context.js';

/** `lumen doctor`: which backends are active and whether each answers. */
export async function doctorCommand(options: { dataDir?: string }): Promise<boolean> {
  return withLumen(options, async (lumen) => {
    const { config } = lumen;
    process.stdout.write(
      [
        'Lumen configuration',
        `  data dir        ${config.dataDir}`,
        `  knowledge dir   ${config.knowledgeDir}`,
        `  store           ${lumen.store.name}`,
        `  index           ${lumen.index.name}`,
        `  model           ${lumen.model.name}`,
        `  channels        web (identity: ${config.webIdentity}), cli, teams`,
        `  teams           ${describeTeamsSettings(config.teams)}`,
        `  public url      ${config.publicUrl ?? '(not set)'}`,
        `  admins          ${config.admins.length ? config.admins.join(', ') : '(none)'}`,
        '',
        'Checks',
        '',
      ].join('\n'),
    );
    const checks = [...(await lumen.checks()), await checkTeamsCredentials(config.teams)];
    for (const check of checks)
      process.stdout.write(`  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.name.padEnd(8)} ${check.detail}\n`);
    return checks.every((c) => c.ok);
  });
}
