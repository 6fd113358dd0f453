import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildTeamsAppPackage, renderTeamsManifest } from '../../../src/channels/teams/index.js';
import { ConfigError } from '../../../src/core/errors.js';

const input = {
  appId: '6F1C2A9E-0B7D-4C3A-9E55-2D8B1F0A7C44',
  publicUrl: 'https://lumen.brightwater.example/',
  version: '1.2.0',
};

function pngSize(bytes: Uint8Array): { width: number; height: number; colourType: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(new TextDecoder().decode(bytes.slice(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20), colourType: bytes[25]! };
}

describe('buildTeamsAppPackage', () => {
  it('zips the filled manifest and both icons at the root, at the sizes Teams requires', () => {
    const files = unzipSync(buildTeamsAppPackage(input));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(manifest).toMatchObject({
      manifestVersion: '1.22',
      version: '1.2.0',
      id: '6f1c2a9e-0b7d-4c3a-9e55-2d8b1f0a7c44',
      validDomains: ['lumen.brightwater.example'],
      developer: { websiteUrl: 'https://lumen.brightwater.example' },
      icons: { color: 'color.png', outline: 'outline.png' },
    });
    expect(JSON.stringify(manifest)).not.toMatch(/\{\{\w+\}\}/);
    const [bot] = manifest.bots;
    expect(bot.botId).toBe(manifest.id);
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat', 'copilot']);
    for (const list of bot.commandLists) {
      for (const command of list.commands) {
        expect(command.title.length).toBeLessThanOrEqual(32);
        expect(command.description.length).toBeLessThanOrEqual(128);
      }
    }

    expect(pngSize(files['color.png']!)).toMatchObject({ width: 192, height: 192 });
    const outline = pngSize(files['outline.png']!);
    expect(outline).toEqual({ width: 32, height: 32, colourType: 6 });
  });

  it('passes Microsoft’s own manifest validation, with the schema bundled in @microsoft/app-manifest (offline)', async () => {
    const manifest = JSON.parse(
      new TextDecoder().decode(unzipSync(buildTeamsAppPackage(input))['manifest.json']),
    );
    // The schema the manifest names is in the package, so validation never goes online.
    const bundled = join(
      dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest')),
      'json-schemas/teams/v1.22/MicrosoftTeams.schema.json',
    );
    expect(manifest.$schema).toMatch(/\/json-schemas\/teams\/v1\.22\/MicrosoftTeams\.schema\.json$/);
    expect(existsSync(bundled)).toBe(true);
    expect(await validate(manifest)).toEqual([]);

    // The validator does catch a broken manifest.
    const broken = {
      ...manifest,
      copilotAgents: {
        customEngineAgents: [{ id: manifest.id, type: 'bot', disclaimer: { text: 'x'.repeat(501) } }],
      },
    };
    expect((await validate(broken)).join('\n')).toMatch(
      /customEngineAgents\/0\/disclaimer\/text must NOT have more than 500/,
    );
  });

  it('declares Lumen as the custom engine agent of Microsoft 365 Copilot Chat, on its personal-scope bot', () => {
    const manifest = renderTeamsManifest(input) as {
      id: string;
      name: { short: string };
      description: { short: string };
      bots: { botId: string; scopes: string[] }[];
      copilotAgents: { customEngineAgents: { id: string; type: string; disclaimer?: { text: string } }[] };
    };
    const [agent, ...others] = manifest.copilotAgents.customEngineAgents;
    expect(others).toHaveLength(0);
    expect(agent).toMatchObject({ id: manifest.id, type: 'bot' });
    expect(agent!.disclaimer!.text.length).toBeLessThanOrEqual(500);
    const bot = manifest.bots.find((b) => b.botId === agent!.id);
    expect(bot?.scopes).toEqual(expect.arrayContaining(['personal', 'copilot']));
    expect(manifest.name.short).toBeTruthy();
    expect(manifest.description.short).toBeTruthy();
  });

  it('builds byte-identical packages from the same input', () => {
    expect(Buffer.from(buildTeamsAppPackage(input)).equals(Buffer.from(buildTeamsAppPackage(input)))).toBe(
      true,
    );
  });

  it.each([
    [{ appId: 'lumen-bot' }, /not a GUID.*MICROSOFT_APP_ID/],
    [{ publicUrl: 'http://lumen.example' }, /not an https URL.*LUMEN_PUBLIC_URL/],
    [{ publicUrl: 'lumen.example' }, /not an https URL/],
    [{ version: 'v1' }, /not of the form 1\.2\.3/],
  ])('refuses %o with a ConfigError naming the setting', (change, message) => {
    const attempt = () => renderTeamsManifest({ ...input, ...change });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });
});

/** Writes the manifest to a file and validates it as the Teams toolkit does. */
async function validate(manifest: unknown): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'lumen-teams-manifest-'));
  try {
    const file = join(dir, 'manifest.json');
    await writeFile(file, JSON.stringify(manifest));
    const [, errors] = await AppManifestUtils.readAndValidateTeamsManifest(file);
    return errors;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
