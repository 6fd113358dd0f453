import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLumen } from '../../src/app/create-lumen.js';
import { loadConfig, PACKAGE_ROOT, readEnvFile, SAMPLE_KNOWLEDGE_DIR } from '../../src/config/index.js';
import { ConfigError } from '../../src/core/errors.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lumen-config-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The error `loadConfig` throws for an environment. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('loadConfig accepted the environment');
}

const MB = 1024 * 1024;

describe('loadConfig', () => {
  it('uses the defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      port: 3978,
      host: '0.0.0.0',
      dataDir: resolve('./.lumen'),
      knowledgeDir: SAMPLE_KNOWLEDGE_DIR,
      synonymsFile: join(SAMPLE_KNOWLEDGE_DIR, 'synonyms.txt'),
      synonymsFileExplicit: false,
      ingestOnStart: true,
      fileLimits: { maxFileBytes: 50 * MB, maxInflatedBytes: 8 * MB, maxTextBytes: 10 * MB },
      webIdentity: 'anonymous',
      admins: [],
      logLevel: 'info',
      piiPatterns: [],
      storeConversationText: true,
      retention: { conversationTextDays: 90, feedbackCommentDays: 365, auditDays: 730, legalHold: [] },
      limits: { questionsPerMinute: 20, dailyTokens: 100_000 },
      interruptedTurnSeconds: 90,
      azure: {},
      teams: { appType: 'SingleTenant' },
    });
  });

  it('points the default knowledge folder at the sample knowledge base of the package', () => {
    expect(SAMPLE_KNOWLEDGE_DIR).toBe(join(PACKAGE_ROOT, 'samples', 'knowledge'));
    expect(loadConfig({}).knowledgeDir).toBe(SAMPLE_KNOWLEDGE_DIR);
  });

  it('treats empty and blank values as unset', () => {
    const config = loadConfig({ PORT: '', LUMEN_DATA_DIR: '   ', DATABASE_URL: '', LUMEN_ADMINS: '' });
    expect(config.port).toBe(3978);
    expect(config.dataDir).toBe(resolve('./.lumen'));
    expect(config).not.toHaveProperty('databaseUrl');
    expect(config.admins).toEqual([]);
  });

  it('reads every setting from the environment', () => {
    mkdirSync(join(dir, 'kb'));
    writeFileSync(join(dir, 'words.txt'), 'pto, paid time off\n');
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      LUMEN_DATA_DIR: join(dir, 'data'),
      LUMEN_KNOWLEDGE_DIR: join(dir, 'kb'),
      LUMEN_SYNONYMS_FILE: join(dir, 'words.txt'),
      LUMEN_INGEST_ON_START: 'false',
      LUMEN_WEB_IDENTITY: 'demo',
      LUMEN_ADMINS: ' Admin@Brightwater.example , user:ops@brightwater.example,,',
      LUMEN_LOG_LEVEL: 'debug',
      LUMEN_PII_PATTERNS: 'EMPLOYEE_ID=\\bBW-\\d{6}\\b; BADGE=\\bB\\d{5}\\b',
      LUMEN_STORE_CONVERSATION_TEXT: 'false',
      LUMEN_RATE_LIMIT_PER_MINUTE: '5',
      LUMEN_RETAIN_CONVERSATION_DAYS: '30',
      LUMEN_RETAIN_FEEDBACK_COMMENT_DAYS: '0',
      LUMEN_RETAIN_AUDIT_DAYS: '365',
      LUMEN_LEGAL_HOLD: 'U0HOLD, web:case-7',
      LUMEN_DAILY_TOKEN_BUDGET: '0',
      LUMEN_INTERRUPTED_TURN_SECONDS: '30',
      LUMEN_MAX_FILE_MB: '100',
      LUMEN_MAX_INFLATED_MB: '16',
      LUMEN_MAX_TEXT_MB: '20',
      LUMEN_PUBLIC_URL: 'https://lumen.brightwater.example/',
      MICROSOFT_APP_ID: '6f1c2a9e-0b7d-4c3a-9e55-2d8b1f0a7c44',
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TENANT_ID: 'tenant-1',
      MICROSOFT_APP_TYPE: 'SingleTenant',
      UNRELATED: 'ignored',
    });
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: join(dir, 'data'),
      knowledgeDir: join(dir, 'kb'),
      synonymsFile: join(dir, 'words.txt'),
      synonymsFileExplicit: true,
      ingestOnStart: false,
      fileLimits: { maxFileBytes: 100 * MB, maxInflatedBytes: 16 * MB, maxTextBytes: 20 * MB },
      webIdentity: 'demo',
      admins: ['admin@brightwater.example', 'user:ops@brightwater.example'],
      logLevel: 'debug',
      piiPatterns: ['EMPLOYEE_ID=\\bBW-\\d{6}\\b', 'BADGE=\\bB\\d{5}\\b'],
      storeConversationText: false,
      retention: {
        conversationTextDays: 30,
        feedbackCommentDays: 0,
        auditDays: 365,
        legalHold: ['U0HOLD', 'web:case-7'],
      },
      limits: { questionsPerMinute: 5, dailyTokens: 0 },
      interruptedTurnSeconds: 30,
      azure: {},
      publicUrl: 'https://lumen.brightwater.example',
      teams: {
        appId: '6f1c2a9e-0b7d-4c3a-9e55-2d8b1f0a7c44',
        appPassword: 'secret',
        tenantId: 'tenant-1',
        appType: 'SingleTenant',
      },
    });
  });

  it('needs a client, its secret and the public URL with admin single sign-on, and hides the secret', () => {
    const error = configError({ LUMEN_ADMIN_OIDC_ISSUER: 'https://login.microsoftonline.com/t/v2.0' });
    expect(error.message).toContain(
      'which also needs LUMEN_ADMIN_OIDC_CLIENT_ID, LUMEN_ADMIN_OIDC_CLIENT_SECRET, LUMEN_PUBLIC_URL',
    );
    expect(
      loadConfig({
        LUMEN_ADMIN_OIDC_ISSUER: 'https://login.microsoftonline.com/t/v2.0',
        LUMEN_ADMIN_OIDC_CLIENT_ID: 'client',
        LUMEN_ADMIN_OIDC_CLIENT_SECRET: 'secret',
        LUMEN_PUBLIC_URL: 'https://lumen.example.com/',
      }).adminOidc,
    ).toEqual({
      issuer: 'https://login.microsoftonline.com/t/v2.0',
      clientId: 'client',
      clientSecret: 'secret',
      redirectUri: 'https://lumen.example.com/admin/oidc/callback',
    });
    expect(
      configError({ LUMEN_ADMIN_OIDC_CLIENT_SECRET: '', LUMEN_ADMIN_OIDC_ISSUER: 'not a url' }).message,
    ).toContain('LUMEN_ADMIN_OIDC_ISSUER');
  });

  it('needs the tenant and password with a single-tenant app id, and the tenant for a managed identity', () => {
    expect(configError({ MICROSOFT_APP_ID: 'app' }).message).toContain(
      'MICROSOFT_APP_TYPE=SingleTenant, which also needs MICROSOFT_APP_TENANT_ID and MICROSOFT_APP_PASSWORD',
    );
    expect(configError({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_TYPE: 'UserAssignedMSI' }).message).toContain(
      'MICROSOFT_APP_TYPE=UserAssignedMSI, which also needs MICROSOFT_APP_TENANT_ID.',
    );
    expect(
      loadConfig({
        MICROSOFT_APP_ID: 'app',
        MICROSOFT_APP_TYPE: 'UserAssignedMSI',
        MICROSOFT_APP_TENANT_ID: 't',
      }).teams,
    ).toEqual({ appId: 'app', tenantId: 't', appType: 'UserAssignedMSI' });
  });

  it('names a bad Teams app type and public URL, and never echoes the app password', () => {
    const error = configError({
      MICROSOFT_APP_TYPE: 'MultiTenant',
      LUMEN_PUBLIC_URL: 'lumen dot example',
      MICROSOFT_APP_PASSWORD: 'hunter2',
    });
    expect(error.message).toContain(
      'MICROSOFT_APP_TYPE must be SingleTenant or UserAssignedMSI (got "MultiTenant")',
    );
    expect(error.message).toContain('LUMEN_PUBLIC_URL must be the URL people open Lumen at');
    expect(error.message).not.toContain('hunter2');
  });

  it('names a company PII pattern that is not a valid regular expression', () => {
    expect(() => loadConfig({ LUMEN_PII_PATTERNS: 'EMPLOYEE_ID=(unclosed' })).toThrow(
      /LUMEN_PII_PATTERNS .*EMPLOYEE_ID/,
    );
  });

  it('resolves relative folders to absolute paths', () => {
    const config = loadConfig({ LUMEN_DATA_DIR: 'var/lumen' });
    expect(config.dataDir).toBe(resolve('var/lumen'));
  });

  it.each([
    ['1', true],
    ['yes', true],
    ['true', true],
    ['0', false],
    ['no', false],
    ['false', false],
  ])('reads LUMEN_INGEST_ON_START=%s as %s', (value, expected) => {
    expect(loadConfig({ LUMEN_INGEST_ON_START: value }).ingestOnStart).toBe(expected);
  });

  it.each(['http', '-1', '65536', '80.5', '3978abc', '0x50', '1e3'])(
    'rejects PORT=%s with an error naming PORT and the value',
    (port) => {
      const error = configError({ PORT: port });
      expect(error.message).toContain('PORT');
      expect(error.message).toContain(JSON.stringify(port));
      expect(error.message).toMatch(/0 to 65535/);
      expect(error.code).toBe('config.invalid');
    },
  );

  it('accepts the edges of the port range', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
  });

  it('reads the file limits in megabytes, applies the file size to SharePoint unless it has its own, and names bad values', () => {
    const sharepoint = {
      SHAREPOINT_TENANT_ID: 't',
      SHAREPOINT_CLIENT_ID: 'c',
      SHAREPOINT_CLIENT_SECRET: 's',
      SHAREPOINT_SITES: 'https://contoso.sharepoint.com/sites/hr',
    };
    const config = loadConfig({
      LUMEN_MAX_FILE_MB: '20',
      LUMEN_MAX_INFLATED_MB: '4',
      LUMEN_MAX_TEXT_MB: '2',
      ...sharepoint,
    });
    expect(config.fileLimits).toEqual({
      maxFileBytes: 20 * MB,
      maxInflatedBytes: 4 * MB,
      maxTextBytes: 2 * MB,
    });
    expect(config.sharepoint?.maxFileBytes).toBe(20 * MB);
    expect(
      loadConfig({ LUMEN_MAX_FILE_MB: '20', SHAREPOINT_MAX_FILE_MB: '5', ...sharepoint }).sharepoint
        ?.maxFileBytes,
    ).toBe(5 * MB);
    const error = configError({
      LUMEN_MAX_FILE_MB: '0',
      LUMEN_MAX_INFLATED_MB: 'lots',
      LUMEN_MAX_TEXT_MB: '1.5',
    });
    expect(error.message).toContain(
      'LUMEN_MAX_FILE_MB must be a whole number of megabytes, at least 1 (got "0")',
    );
    expect(error.message).toContain(
      'LUMEN_MAX_INFLATED_MB must be a whole number of megabytes, at least 1 (got "lots")',
    );
    expect(error.message).toContain(
      'LUMEN_MAX_TEXT_MB must be a whole number of megabytes, at least 1 (got "1.5")',
    );
  });

  it('names every bad setting in one error', () => {
    const error = configError({
      PORT: 'eighty',
      LUMEN_LOG_LEVEL: 'verbose',
      LUMEN_WEB_IDENTITY: 'sso',
      LUMEN_INGEST_ON_START: 'maybe',
    });
    for (const name of ['PORT', 'LUMEN_LOG_LEVEL', 'LUMEN_WEB_IDENTITY', 'LUMEN_INGEST_ON_START']) {
      expect(error.message).toContain(name);
    }
    expect(error.message).toContain('"verbose"');
    expect(error.message).toContain('"maybe"');
  });

  it('takes a PostgreSQL DATABASE_URL', () => {
    const url = 'postgresql://lumen:s3cret@db.internal:5432/lumen';
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(loadConfig({ DATABASE_URL: 'postgres://db.internal/lumen' }).databaseUrl).toBe(
      'postgres://db.internal/lumen',
    );
  });

  it('rejects a DATABASE_URL that is not PostgreSQL without printing it', () => {
    const error = configError({ DATABASE_URL: 'mysql://root:hunter2@db.internal/lumen' });
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).toContain('PostgreSQL');
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('mysql://');
  });

  it("uses the knowledge folder's root synonyms.txt as the company synonyms file when it has one", () => {
    mkdirSync(join(dir, 'kb', 'hr'), { recursive: true });
    writeFileSync(join(dir, 'kb', 'hr', 'synonyms.txt'), 'not at the root');
    expect(loadConfig({ LUMEN_KNOWLEDGE_DIR: join(dir, 'kb') })).not.toHaveProperty('synonymsFile');
    writeFileSync(join(dir, 'kb', 'synonyms.txt'), 'pto, paid time off\n');
    const config = loadConfig({ LUMEN_KNOWLEDGE_DIR: join(dir, 'kb') });
    expect(config.synonymsFile).toBe(join(dir, 'kb', 'synonyms.txt'));
    expect(config.synonymsFileExplicit).toBe(false);
  });

  it('prefers LUMEN_SYNONYMS_FILE, resolved from the working directory, over the knowledge folder', () => {
    mkdirSync(join(dir, 'kb'));
    writeFileSync(join(dir, 'kb', 'synonyms.txt'), 'a, b\n');
    writeFileSync(join(dir, 'company-words.txt'), 'c, d\n');
    const config = loadConfig({
      LUMEN_KNOWLEDGE_DIR: join(dir, 'kb'),
      LUMEN_SYNONYMS_FILE: relative(process.cwd(), join(dir, 'company-words.txt')),
    });
    expect(config.synonymsFile).toBe(join(dir, 'company-words.txt'));
    expect(config.synonymsFileExplicit).toBe(true);
  });

  it('rejects a LUMEN_SYNONYMS_FILE that does not exist or is a folder, naming it', () => {
    const missing = join(dir, 'no-such-file.txt');
    const error = configError({ LUMEN_SYNONYMS_FILE: missing });
    expect(error.message).toContain(`LUMEN_SYNONYMS_FILE points to ${missing}, which does not exist`);
    expect(configError({ LUMEN_SYNONYMS_FILE: dir }).message).toContain(
      `LUMEN_SYNONYMS_FILE points to ${dir}, which is not a file`,
    );
  });

  it('rejects a LUMEN_KNOWLEDGE_DIR that does not exist, naming the folder', () => {
    const missing = join(dir, 'no-such-folder');
    const error = configError({ LUMEN_KNOWLEDGE_DIR: missing });
    expect(error.message).toContain('LUMEN_KNOWLEDGE_DIR');
    expect(error.message).toContain(missing);
  });
});

describe('backends chosen by configuration', () => {
  it('keeps everything in SQLite under the data folder without DATABASE_URL', async () => {
    const lumen = await createLumen(loadConfig({ LUMEN_DATA_DIR: join(dir, 'data') }));
    try {
      expect(lumen.store.name).toBe('sqlite');
      expect(lumen.index.name).toBe('local');
      const checks = await lumen.checks();
      expect(checks.every((check) => check.ok)).toBe(true);
    } finally {
      await lumen.close();
    }
  });

  it('uses PostgreSQL for the store when DATABASE_URL is set', async () => {
    // Port 1 on the loopback refuses connections: opening fails fast, and the failure shows
    // that the PostgreSQL store was the one being opened, not the SQLite file.
    const config = loadConfig({
      LUMEN_DATA_DIR: join(dir, 'data'),
      DATABASE_URL: 'postgresql://lumen:s3cret@127.0.0.1:1/lumen',
    });
    const opening = createLumen(config);
    await expect(opening).rejects.toThrow(/PostgreSQL at 127\.0\.0\.1:1\/lumen/);
    await expect(opening).rejects.toThrow(/DATABASE_URL/);
    await expect(opening).rejects.not.toThrow(/s3cret/);
  });
});

describe('readEnvFile', () => {
  const names = ['LUMEN_CONFIG_TEST_FROM_FILE', 'LUMEN_CONFIG_TEST_ALREADY_SET'] as const;
  let cwd: string;

  beforeEach(() => {
    cwd = process.cwd();
  });

  afterEach(() => {
    process.chdir(cwd);
    for (const name of names) delete process.env[name];
  });

  it('reads .env in the working folder into the environment, without overriding what is set', () => {
    writeFileSync(
      join(dir, '.env'),
      '# settings\nLUMEN_CONFIG_TEST_FROM_FILE=4100\nLUMEN_CONFIG_TEST_ALREADY_SET=from-file\n',
    );
    process.env.LUMEN_CONFIG_TEST_ALREADY_SET = 'from-environment';
    process.chdir(dir);
    readEnvFile();
    expect(process.env.LUMEN_CONFIG_TEST_FROM_FILE).toBe('4100');
    expect(process.env.LUMEN_CONFIG_TEST_ALREADY_SET).toBe('from-environment');
  });

  it('does nothing when there is no .env', () => {
    process.chdir(dir);
    expect(() => readEnvFile()).not.toThrow();
    expect(process.env.LUMEN_CONFIG_TEST_FROM_FILE).toBeUndefined();
  });
});

describe('LUMEN_TRUST_PROXY', () => {
  it('takes a number of proxies or their addresses', () => {
    expect(loadConfig({}).trustProxy).toBeUndefined();
    expect(loadConfig({ LUMEN_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ LUMEN_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'loopback',
    ]);
  });

  it('refuses anything else, naming what it accepts', () => {
    for (const value of ['true', 'proxy.example.com', '10.0.0.0/33', '1,2']) {
      expect(() => loadConfig({ LUMEN_TRUST_PROXY: value })).toThrow(
        /LUMEN_TRUST_PROXY must be the number of proxies in front of Lumen/,
      );
    }
  });
});
