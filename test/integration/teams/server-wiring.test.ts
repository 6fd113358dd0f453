import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningLumen, startLumen } from '../../../src/app/start-lumen.js';
import { loadConfig } from '../../../src/config/index.js';
import type { LogFields, Logger } from '../../../src/core/ports.js';
import { ConnectorStandIn } from './connector-stand-in.js';
import { personalMessage, TENANT } from './teams-harness.js';
import { wire } from './wire.js';

class RecordingLogger implements Logger {
  readonly lines: { level: string; message: string; fields?: LogFields }[] = [];
  info(message: string, fields?: LogFields) {
    this.lines.push({ level: 'info', message, ...(fields ? { fields } : {}) });
  }
  warn(message: string, fields?: LogFields) {
    this.lines.push({ level: 'warn', message, ...(fields ? { fields } : {}) });
  }
  error(message: string, fields?: LogFields) {
    this.lines.push({ level: 'error', message, ...(fields ? { fields } : {}) });
  }
}

describe('startLumen with Teams', () => {
  let dir: string;
  let connector: ConnectorStandIn;
  let running: RunningLumen;
  let log: RecordingLogger;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lumen-teams-server-'));
    await writeFile(
      join(dir, 'per-diem.md'),
      '# Per diem rates\n\nThe daily meal allowance (per diem) is 75 CAD in Toronto and 60 EUR in Lisbon.\n',
    );
    connector = new ConnectorStandIn();
    await connector.start();
    log = new RecordingLogger();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LUMEN_DATA_DIR: join(dir, 'data'),
      LUMEN_KNOWLEDGE_DIR: dir,
      LUMEN_ADMINS: 'user:aad-dana',
    });
    running = await startLumen(config, { log });
    await running.ready;
  });
  afterEach(async () => {
    await running.close();
    await connector.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const post = (activity: object) =>
    fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });

  it('warns loudly at start that the Teams endpoint is unauthenticated without an app id', () => {
    const warning = log.lines.find(
      (l) => l.level === 'warn' && l.message.includes('TEAMS ENDPOINT UNAUTHENTICATED'),
    );
    expect(warning?.message).toContain('MICROSOFT_APP_ID');
    expect(warning?.message).toContain('not relayed by a proxy');
    expect(warning?.message).toContain('with a serviceUrl on this machine');
    expect(warning?.message).toContain('nobody calling it gets admin rights');
  });

  it('answers on /api/messages and relays a person’s answer to an escalation back into the Teams chat', async () => {
    expect((await post(personalMessage(connector.url, 'What is the per diem in Toronto?'))).status).toBe(200);
    const answer = connector
      .activities()
      .map(wire)
      .find((a) => a.type === 'message');
    expect(answer?.text).toContain('75 CAD');

    await post(personalMessage(connector.url, 'talk to a human'));
    const [escalation] = await running.lumen.copilot.escalations.list('open');
    expect(escalation).toMatchObject({
      channel: 'teams',
      conversationKey: `teams:${TENANT}:a:personal-alex:`,
    });

    const before = connector.activities().length;
    await running.lumen.copilot.escalations.answer(escalation!.id, 'It is 80 CAD from December.', 'Dana');
    const relayed = connector.activities().slice(before);
    expect(relayed.map((c) => wire(c).type)).toEqual(['message']);
    expect(relayed[0]!.conversationId).toBe('a:personal-alex');
    expect(JSON.stringify(wire(relayed[0]))).toContain('It is 80 CAD from December.');
  });
});
