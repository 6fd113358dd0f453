import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { ConfigError } from '../../../src/core/errors.js';

function message(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig connectors', () => {
  it('leaves connectors and scheduled sync off when nothing is set', () => {
    const config = loadConfig({ LUMEN_SYNC_INTERVAL_MINUTES: '0' });
    expect(config.sharepoint).toBeUndefined();
    expect(config.confluence).toBeUndefined();
    expect(config.syncIntervalMinutes).toBeUndefined();
  });

  it('reads SharePoint with defaults for the Graph root and the size limit', () => {
    const config = loadConfig({
      SHAREPOINT_TENANT_ID: 'tenant',
      SHAREPOINT_CLIENT_ID: 'client',
      SHAREPOINT_CLIENT_SECRET: 'secret',
      SHAREPOINT_SITES: 'https://contoso.sharepoint.com/sites/hr, contoso.sharepoint.com,abc,def',
      LUMEN_SYNC_INTERVAL_MINUTES: '30',
    });
    expect(config.sharepoint).toEqual({
      tenantId: 'tenant',
      clientId: 'client',
      clientSecret: 'secret',
      sites: ['https://contoso.sharepoint.com/sites/hr', 'contoso.sharepoint.com', 'abc', 'def'],
      graphUrl: 'https://graph.microsoft.com',
      maxFileBytes: 50 * 1024 * 1024,
      groupNames: {},
    });
    expect(config.syncIntervalMinutes).toBe(30);
  });

  it('adds Entra group names only for the groups an admin names by object id', () => {
    const sharePoint = {
      SHAREPOINT_TENANT_ID: 'tenant',
      SHAREPOINT_CLIENT_ID: 'client',
      SHAREPOINT_CLIENT_SECRET: 'secret',
      SHAREPOINT_SITES: 'abc',
    };
    const id = '0B1C2D3E-0000-4000-8000-00000000000A';
    expect(
      loadConfig({ ...sharePoint, ENTRA_GROUP_NAMES: `${id}=HR-Team|people` }).sharepoint?.groupNames,
    ).toEqual({ [id.toLowerCase()]: ['hr-team', 'people'] });
    expect(loadConfig({ ...sharePoint, ENTRA_GROUP_NAMES: 'false' }).sharepoint?.groupNames).toEqual({});
    // Every group's display name, as "true" used to give, is refused: names are not unique.
    for (const value of ['true', 'hr=hr', `${id}=`]) {
      expect(message({ ...sharePoint, ENTRA_GROUP_NAMES: value })).toContain(
        'ENTRA_GROUP_NAMES must name each Entra group by its object id',
      );
    }
  });

  it('names every missing SharePoint setting without showing the secret', () => {
    const text = message({ SHAREPOINT_CLIENT_SECRET: 'hunter2' });
    expect(text).toContain('SharePoint needs SHAREPOINT_TENANT_ID, SHAREPOINT_CLIENT_ID, SHAREPOINT_SITES');
    expect(text).not.toContain('hunter2');
  });

  it('reads Confluence Cloud and Data Center sign-in', () => {
    expect(
      loadConfig({
        CONFLUENCE_BASE_URL: 'https://contoso.atlassian.net/',
        CONFLUENCE_EMAIL: 'bot@contoso.com',
        CONFLUENCE_API_TOKEN: 'token',
        CONFLUENCE_SPACES: 'ENG,HR',
      }).confluence,
    ).toEqual({
      baseUrl: 'https://contoso.atlassian.net',
      auth: { kind: 'cloud', email: 'bot@contoso.com', apiToken: 'token' },
      spaces: ['ENG', 'HR'],
      attachments: false,
    });
    expect(
      loadConfig({
        CONFLUENCE_BASE_URL: 'https://wiki.corp',
        CONFLUENCE_PAT: 'pat',
        CONFLUENCE_SPACES: 'OPS',
        CONFLUENCE_ATTACHMENTS: 'yes',
      }).confluence,
    ).toMatchObject({ auth: { kind: 'datacenter', token: 'pat' }, attachments: true });
  });

  it('rejects incomplete or ambiguous Confluence sign-in and bad values', () => {
    expect(message({ CONFLUENCE_BASE_URL: 'https://x.atlassian.net', CONFLUENCE_SPACES: 'ENG' })).toContain(
      'CONFLUENCE_EMAIL and CONFLUENCE_API_TOKEN (Cloud) or CONFLUENCE_PAT (Data Center)',
    );
    expect(
      message({
        CONFLUENCE_BASE_URL: 'https://x.atlassian.net',
        CONFLUENCE_SPACES: 'ENG',
        CONFLUENCE_EMAIL: 'a@b.c',
        CONFLUENCE_API_TOKEN: 't',
        CONFLUENCE_PAT: 'p',
      }),
    ).toContain('not both');
    expect(message({ CONFLUENCE_BASE_URL: 'wiki.corp' })).toContain(
      'CONFLUENCE_BASE_URL must be an http(s) URL',
    );
    expect(message({ LUMEN_SYNC_INTERVAL_MINUTES: 'hourly' })).toContain(
      'LUMEN_SYNC_INTERVAL_MINUTES must be a whole number of minutes (got "hourly")',
    );
  });
});
