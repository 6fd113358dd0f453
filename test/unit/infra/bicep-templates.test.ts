import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { TEAMS_MANIFEST_DIR } from '../../../src/channels/teams/app-package.js';
import { AZURE_SETTINGS } from '../../../src/config/azure.js';
import {
  BUILT_IN_LESSONS_DIR,
  loadConfig,
  PACKAGE_ROOT,
  SAMPLE_KNOWLEDGE_DIR,
} from '../../../src/config/index.js';
import { PROMPTS_DIR } from '../../../src/llm/prompts.js';

/**
 * No Bicep compiler installs from the registries this project uses (the npm `bicep-node`
 * wrapper downloads the CLI at run time), so these tests check what a compile would not
 * catch anyway plus what it would: the parameters file against the declared parameters,
 * module parameters against each module, and the app's settings against Lumen's config.
 */

const INFRA = join(PACKAGE_ROOT, 'infra');

interface BicepParam {
  name: string;
  type: string;
  hasDefault: boolean;
  secure: boolean;
  allowed?: unknown[];
  minValue?: number;
  maxValue?: number;
  minLength?: number;
  maxLength?: number;
}

function parseParams(source: string): Map<string, BicepParam> {
  const params = new Map<string, BicepParam>();
  let decorators: string[] = [];
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trim();
    if (line.startsWith('@')) {
      // A decorator may span lines, e.g. a multi-line @allowed([...]).
      while (count(line, '(') > count(line, ')') && i + 1 < lines.length) line += ` ${lines[++i]!.trim()}`;
      decorators.push(line);
      continue;
    }
    const m = /^param (\w+) (\w+)(\s*=\s*.+)?$/.exec(line);
    if (m) {
      const decorator = (name: string) => decorators.find((d) => d.startsWith(`@${name}(`));
      const number = (name: string) => {
        const d = decorator(name);
        return d ? Number(/\((-?\d+)\)/.exec(d)![1]) : undefined;
      };
      const allowed = decorator('allowed');
      params.set(m[1]!, {
        name: m[1]!,
        type: m[2]!,
        hasDefault: Boolean(m[3]),
        secure: Boolean(decorator('secure')),
        ...(allowed
          ? {
              allowed: JSON.parse(
                allowed
                  .slice('@allowed('.length, -1)
                  .replace(/'/g, '"')
                  .replace(/,\s*]/, ']')
                  .replace(/"\s+"/g, '", "'),
              ),
            }
          : {}),
        ...(number('minValue') !== undefined ? { minValue: number('minValue')! } : {}),
        ...(number('maxValue') !== undefined ? { maxValue: number('maxValue')! } : {}),
        ...(number('minLength') !== undefined ? { minLength: number('minLength')! } : {}),
        ...(number('maxLength') !== undefined ? { maxLength: number('maxLength')! } : {}),
      });
    }
    if (line !== '' && !line.startsWith('//')) decorators = [];
  }
  return params;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** Modules a template uses: path and the names of the params it passes. */
function parseModules(source: string): { name: string; path: string; params: string[] }[] {
  const modules: { name: string; path: string; params: string[] }[] = [];
  for (const m of source.matchAll(/^module (\w+) '([^']+)' = (?:if \([^)]*\) )?\{/gm)) {
    const start = source.indexOf('params: {', m.index);
    const params: string[] = [];
    let depth = 0;
    for (const line of source.slice(start).split('\n')) {
      if (depth === 1) {
        const key = /^\s*(\w+):/.exec(line);
        if (key) params.push(key[1]!);
      }
      depth += count(line, '{') + count(line, '[') - count(line, '}') - count(line, ']');
      if (depth <= 0 && line.includes('}')) break;
    }
    modules.push({ name: m[1]!, path: m[2]!, params });
  }
  return modules;
}

const main = readFileSync(join(INFRA, 'main.bicep'), 'utf8');
const mainParams = parseParams(main);
const parametersFile = JSON.parse(readFileSync(join(INFRA, 'main.parameters.json'), 'utf8')) as {
  parameters: Record<string, { value: unknown }>;
};

describe('infra/main.parameters.json', () => {
  const given = parametersFile.parameters;

  it('sets only parameters main.bicep declares', () => {
    expect(mainParams.size).toBeGreaterThan(10);
    for (const name of Object.keys(given))
      expect(mainParams.has(name), `undeclared parameter ${name}`).toBe(true);
  });

  it('sets every required parameter except secrets, and no secret', () => {
    for (const param of mainParams.values()) {
      if (param.secure) expect(given[param.name], `secret ${param.name} in the file`).toBeUndefined();
      else if (!param.hasDefault) expect(given[param.name], `missing ${param.name}`).toBeDefined();
    }
    expect(mainParams.get('postgresAdminPassword')).toMatchObject({ secure: true, hasDefault: false });
  });

  it('gives values of the declared type within the declared limits', () => {
    for (const [name, { value }] of Object.entries(given)) {
      const param = mainParams.get(name)!;
      const type = { string: 'string', int: 'number', bool: 'boolean', object: 'object', array: 'object' }[
        param.type
      ];
      expect(typeof value, name).toBe(type);
      if (param.allowed) expect(param.allowed, name).toContain(value);
      if (typeof value === 'number') {
        if (param.minValue !== undefined) expect(value, name).toBeGreaterThanOrEqual(param.minValue);
        if (param.maxValue !== undefined) expect(value, name).toBeLessThanOrEqual(param.maxValue);
      }
      if (typeof value === 'string') {
        if (param.minLength !== undefined) expect(value.length, name).toBeGreaterThanOrEqual(param.minLength);
        if (param.maxLength !== undefined) expect(value.length, name).toBeLessThanOrEqual(param.maxLength);
      }
    }
  });
});

describe('infra modules', () => {
  const modules = parseModules(main);

  it('pass each module exactly the parameters it declares, all required ones included', () => {
    expect(modules.map((m) => m.name).sort()).toEqual(
      ['app', 'bot', 'keyVault', 'monitoring', 'openai', 'postgres', 'registry', 'search'].sort(),
    );
    for (const module of modules) {
      const path = resolve(INFRA, module.path);
      expect(existsSync(path), module.path).toBe(true);
      const declared = parseParams(readFileSync(path, 'utf8'));
      for (const name of module.params)
        expect(declared.has(name), `${module.path} has no param ${name}`).toBe(true);
      for (const param of declared.values()) {
        if (!param.hasDefault)
          expect(module.params, `${module.path} needs ${param.name}`).toContain(param.name);
      }
    }
  });

  it('use only parameters that exist in main.bicep', () => {
    const used = new Set([...main.matchAll(/\b(\w+)\b/g)].map((m) => m[1]!));
    for (const name of mainParams.keys()) expect(used.has(name)).toBe(true);
    for (const module of modules) {
      const source = readFileSync(resolve(INFRA, module.path), 'utf8');
      for (const name of parseParams(source).keys()) {
        const uses = source.match(new RegExp(`\\b${name}\\b`, 'g'))?.length ?? 0;
        expect(uses, `${module.path}: param ${name} is never used`).toBeGreaterThan(1);
      }
    }
  });

  it('grant the managed identity the roles Lumen needs instead of keys', () => {
    const all = modules.map((m) => readFileSync(resolve(INFRA, m.path), 'utf8')).join('\n');
    for (const role of [
      '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd', // Cognitive Services OpenAI User
      '8ebe5a00-799e-43f5-93ac-243d3dce84a7', // Search Index Data Contributor
      '4633458b-17de-408a-b874-0445c86b69e6', // Key Vault Secrets User
      '7f951dda-4ed3-4680-a7ca-43fe172d538d', // AcrPull
    ]) {
      expect(all).toContain(role);
    }
    expect(all.match(/disableLocalAuth: true/g)).toHaveLength(2);
  });
});

describe('infra app settings', () => {
  const app = readFileSync(join(INFRA, 'modules/app.bicep'), 'utf8');
  const env = [...app.matchAll(/\{ name: '(\w+)', (value|secretRef): ([^}]+) \}/g)].map((m) => m[1]!);

  it('probes the health route on the port Lumen listens on', () => {
    expect(app).toMatch(/var port = 3978/);
    expect(loadConfig({}).port).toBe(3978);
    const probes = Object.fromEntries(
      [...app.matchAll(/type: '(\w+)'\s+httpGet: \{ path: '([^']+)', port: port \}/g)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    // Started once indexed and serving; in rotation while its backends answer; restarted only when it stops answering.
    expect(probes).toEqual({ Startup: '/healthz', Readiness: '/readyz', Liveness: '/livez' });
    const server = readFileSync(join(PACKAGE_ROOT, 'src/app/start-lumen.ts'), 'utf8');
    for (const path of Object.values(probes)) expect(server).toContain(`app.get('${path}'`);
  });

  it('runs the image this repository builds', () => {
    const main = readFileSync(join(INFRA, 'main.bicep'), 'utf8');
    expect(main).toMatch(/module app 'modules\/app\.bicep'[\s\S]*?image: containerImage/);
    expect(app).toMatch(/^param image string$/m);
    expect(app).toMatch(/^\s+image: image$/m);
    // The README builds that image from the repository root, with its Dockerfile.
    expect(readFileSync(join(INFRA, 'README.md'), 'utf8')).toMatch(
      /az acr build [^\n]*--image lumen:[^\s]+ \.$/m,
    );
  });

  it('sets only Azure settings Lumen reads, and they switch both ports to Azure', () => {
    const known = new Set([...Object.keys(AZURE_SETTINGS), 'AZURE_CLIENT_ID']);
    for (const name of env.filter((n) => n.startsWith('AZURE_'))) expect(known.has(name), name).toBe(true);
    const sample: Record<string, string> = {
      PORT: '3978',
      HOST: '0.0.0.0',
      LUMEN_DATA_DIR: '/tmp/lumen-infra-test',
      LUMEN_INGEST_ON_START: 'false',
      DATABASE_URL: 'postgres://u:p@db.example:5432/lumen',
      AZURE_OPENAI_ENDPOINT: 'https://lumen-oai.openai.azure.com/',
      AZURE_OPENAI_CHAT_DEPLOYMENT: 'gpt-4o',
      AZURE_OPENAI_EMBEDDING_DEPLOYMENT: 'text-embedding-3-small',
      AZURE_SEARCH_ENDPOINT: 'https://lumen-srch.search.windows.net',
      AZURE_SEARCH_INDEX: 'lumen-knowledge',
      AZURE_SEARCH_SEMANTIC_RANKER: 'true',
      AZURE_SEARCH_EMBEDDING_DIMENSIONS: '1536',
    };
    for (const name of Object.keys(sample)) expect(env, name).toContain(name);
    const config = loadConfig(sample);
    expect(config.azure?.openai).toMatchObject({ chatDeployments: [{ name: 'gpt-4o' }] });
    expect(config.azure?.openai?.apiKey).toBeUndefined();
    expect(config.azure?.search).toMatchObject({ index: 'lumen-knowledge', embeddingDimensions: 1536 });
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(PACKAGE_ROOT, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^(?=FROM )/m).filter((stage) => stage.startsWith('FROM '));
  const build = stages[0]!;
  const run = stages.at(-1)!;
  const dockerignore = readFileSync(join(PACKAGE_ROOT, '.dockerignore'), 'utf8').split('\n');

  it('copies what exists and what the build context holds', () => {
    for (const m of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const path of m[1]!.split(' ')) {
        expect(existsSync(join(PACKAGE_ROOT, path)), path).toBe(true);
        const top = path.split('/')[0]!;
        if (dockerignore.includes(top)) expect(dockerignore, path).toContain(`!${path}`);
      }
    }
  });

  it('compiles in one stage and runs only the compiled output on Node 24 LTS in another', () => {
    expect(stages).toHaveLength(2);
    for (const stage of stages) expect(stage).toMatch(/^FROM node:24-bookworm-slim\b/);
    expect(build).toMatch(/^FROM \S+ AS build$/m);
    expect(build).toMatch(/^RUN npm run build && npm prune --omit=dev\b/m);
    expect(run).toContain('COPY --from=build /app/node_modules ./node_modules');
    expect(run).toContain('COPY --from=build /app/dist ./dist');
    expect(run).not.toMatch(/^COPY (?!--from).*\bsrc\b/m);
    expect(run).not.toContain('tsx');
    expect(run).toMatch(/^CMD \["node", "dist\/bundle\/main\.js"\]$/m);
    // dist/bundle/main.js is what `npm run build` makes of src/app/main.ts, and what `npm start` runs.
    expect(existsSync(join(PACKAGE_ROOT, 'src/app/main.ts'))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.start).toMatch(/node dist\/bundle\/main\.js$/);
    expect(semver.satisfies('24.0.0', pkg.engines.node)).toBe(true);
  });

  it('brings the files the app reads beside its code: prompts, lessons, the sample knowledge, the Teams manifest', () => {
    const copied = [...run.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(' '));
    const inImage = (path: string) => copied.some((c) => path === c || path.startsWith(`${c}/`));
    for (const dir of [PROMPTS_DIR, BUILT_IN_LESSONS_DIR, SAMPLE_KNOWLEDGE_DIR, TEAMS_MANIFEST_DIR]) {
      expect(inImage(relative(PACKAGE_ROOT, dir)), dir).toBe(true);
    }
  });

  it('runs as a non-root user in production mode, and checks liveness on /livez', () => {
    const user = run.match(/^USER (\S+)$/m)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(run).toMatch(/^ENV NODE_ENV=production\b/m);
    expect(run).toMatch(
      /^HEALTHCHECK [\s\S]*?CMD node -e "fetch\('http:\/\/127\.0\.0\.1:'\+\(process\.env\.PORT\|\|3978\)\+'\/livez'\)/m,
    );
  });
});
