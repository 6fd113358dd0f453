import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERRUPTED_TURN_APOLOGY } from '../../../src/core/turn-journal.js';
import { openStore } from '../../../src/store/index.js';
import { AzureOpenAIStandIn, type RecordedRequest } from '../../helpers/azure-openai-stand-in.js';
import { type LumenProcess, startLumenProcess } from '../../helpers/lumen-process.js';
import { ConnectorStandIn } from '../teams/connector-stand-in.js';
import { personalMessage } from '../teams/teams-harness.js';

/** Questions about carrying days over reach a model that never answers: the turn is in flight until the kill. */
const STALLS = 'carry over';
/** A browser session cookie, so later requests read the same conversation. */
const WEB_SESSION = `lumen_session=${'kill-test-session'.padEnd(32, '0')}`;

/** The question the last user message asks (an answer request also carries the sources, which mention carrying over). */
function lastQuestion(request: RecordedRequest): string {
  const messages = (request.body.messages ?? []) as { role: string; content: string }[];
  const content = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  return /^Question: (.*)$/m.exec(content)?.[1] ?? content;
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the process killed mid-request, then restarted', () => {
  let dir: string;
  let dataDir: string;
  let knowledgeDir: string;
  let openai: AzureOpenAIStandIn;
  let connector: ConnectorStandIn;
  let lumen: LumenProcess | undefined;

  const env = () => ({
    LUMEN_KNOWLEDGE_DIR: knowledgeDir,
    LUMEN_INTERRUPTED_TURN_SECONDS: '1',
    AZURE_OPENAI_ENDPOINT: openai.url,
    AZURE_OPENAI_API_KEY: 'openai-key',
    AZURE_OPENAI_CHAT_DEPLOYMENT: 'gpt-4o',
  });

  const web = (path: string, body?: unknown) =>
    fetch(`${lumen!.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', cookie: WEB_SESSION },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** Messages delivered later to the web conversation that carry the apology. */
  const webApologies = async () => {
    const body = (await (await web('/api/chat/conversations/c-web/messages?after=0')).json()) as {
      messages: { reply: { text: string } }[];
    };
    return body.messages.filter((m) => m.reply.text === INTERRUPTED_TURN_APOLOGY);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lumen-kill-'));
    dataDir = join(dir, 'data');
    knowledgeDir = join(dir, 'kb');
    mkdirSync(knowledgeDir);
    writeFileSync(
      join(knowledgeDir, 'annual-leave.md'),
      '# Annual leave\n\nFull-time employees get 25 days of annual leave per year. Up to 5 unused days carry over to the next year.\n',
    );
    openai = await new AzureOpenAIStandIn((request) =>
      lastQuestion(request).includes(STALLS)
        ? { kind: 'hang' }
        : { kind: 'stream', deltas: ['You get ', '25 days of annual leave', ' per year [1].'] },
    ).start();
    connector = new ConnectorStandIn();
    await connector.start();
    lumen = await startLumenProcess(env(), { dataDir });
  });

  afterAll(async () => {
    await lumen?.stop();
    await openai?.stop();
    await connector?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps what was acknowledged, tells the people cut off once, and doubles nothing on retry', async () => {
    // Before the kill: an answer, its rating and a hand-off to a person, each acknowledged.
    const asked = await web('/api/chat/messages', {
      conversationId: 'c-web',
      text: 'How many days of annual leave do I get?',
    });
    const replyLine = (await asked.text()).split('\n').find((line) => line.includes('"type":"reply"'))!;
    const turnId = (JSON.parse(replyLine) as { reply: { turnId: string } }).reply.turnId;
    const rate = { conversationId: 'c-web', action: { name: 'feedback', turnId, rating: 'helpful' } };
    const escalate = { conversationId: 'c-web', action: { name: 'escalate', turnId } };
    expect((await web('/api/chat/actions', rate)).status).toBe(200);
    expect((await web('/api/chat/actions', escalate)).status).toBe(200);

    // Two questions in flight, one from the web chat and one from Teams, when the process dies.
    const webInFlight = web('/api/chat/messages', {
      conversationId: 'c-web',
      text: `Can unused days ${STALLS}?`,
    });
    const teamsActivity = personalMessage(connector.url, `Do unused days ${STALLS} to next year?`, {
      id: `msg-${randomUUID()}`,
    });
    const teamsInFlight = fetch(`${lumen!.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(teamsActivity),
    });
    await until('both questions to reach the model', () =>
      openai.chatRequests().filter((r) => lastQuestion(r).includes(STALLS)).length >= 2 ? true : undefined,
    );
    // Reading each response to its end: the web chat has usually sent its first line already.
    const outcome = (request: Promise<Response>) =>
      request.then(async (response) => `answered: ${await response.text()}`).catch(() => 'cut off');
    const webOutcome = outcome(webInFlight);
    const teamsOutcome = outcome(teamsInFlight);
    await lumen!.kill();
    expect([await webOutcome, await teamsOutcome]).toEqual(['cut off', 'cut off']);

    lumen = await startLumenProcess(env(), { dataDir });

    // Each person cut off is told, in the conversation they asked in.
    const webApology = await until('the web apology', async () => {
      const found = await webApologies();
      return found.length > 0 ? found : undefined;
    });
    const teamsApologies = () =>
      connector
        .activities()
        .filter(
          (call) =>
            call.conversationId === teamsActivity.conversation.id &&
            String(call.body.text ?? '').includes(INTERRUPTED_TURN_APOLOGY),
        );
    await until('the Teams apology', () => (teamsApologies().length > 0 ? true : undefined));

    // Retries of what was acknowledged before the kill change nothing.
    expect((await web('/api/chat/actions', rate)).status).toBe(200);
    expect((await web('/api/chat/actions', escalate)).status).toBe(200);

    // Several more recovery passes (every 0.5 s here) repeat nobody's apology.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(webApology).toHaveLength(1);
    expect(await webApologies()).toHaveLength(1);
    expect(teamsApologies()).toHaveLength(1);
    expect(lumen.loggedErrors).toEqual([]);

    await lumen.stop();
    lumen = undefined;
    const store = await openStore({ sqlitePath: join(dataDir, 'lumen.db') });
    try {
      expect((await store.feedback.list({})).map((f) => [f.turnId, f.rating])).toEqual([[turnId, 'helpful']]);
      expect((await store.escalations.list({})).map((e) => e.turnId)).toEqual([turnId]);
      const interrupted = (await store.audit.list({})).filter((e) => e.action === 'turn.interrupted');
      expect(interrupted.map((e) => e.details.channel).sort()).toEqual(['teams', 'web']);
      expect(await store.audit.verify()).toMatchObject({ ok: true });
    } finally {
      await store.close();
    }
  });
});
