import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLumen } from '../../src/app/start-lumen.js';
import { loadConfig } from '../../src/config/index.js';
import { makeAction, makeTurn } from './builders.js';

export const ADMIN_TOKEN = 'local-admin-token-for-tests-0123';

export type RunningLumen = Awaited<ReturnType<typeof startLumen>>;

/**
 * The real server on a free loopback port with an admin token, a one-document knowledge
 * folder, and some history: answered and unanswered questions, ratings and an escalation.
 */
export async function startAdminApp(): Promise<{
  running: RunningLumen;
  escalationId: string;
  close(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'lumen-admin-'));
  const knowledge = join(dir, 'knowledge');
  await import('node:fs/promises').then((fs) => fs.mkdir(knowledge));
  await writeFile(
    join(knowledge, 'vpn.md'),
    '# VPN\n\nConnect to the VPN with the Brightwater Connect app before opening the intranet.\n',
  );
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LUMEN_DATA_DIR: join(dir, 'data'),
    LUMEN_KNOWLEDGE_DIR: knowledge,
    LUMEN_ADMIN_TOKEN: ADMIN_TOKEN,
  });
  const running = await startLumen(config);
  await running.ready;
  const { copilot } = running.lumen;
  const now = new Date();
  const turn = (text: string, user: string) =>
    makeTurn(text, {
      user: { id: user, name: user },
      conversation: { id: `c-${user}`, kind: 'direct' },
      receivedAt: now,
    });
  const answered = await copilot.handle(turn('How do I connect to the VPN?', 'ana'));
  await copilot.handle(
    makeAction(
      { name: 'feedback', turnId: answered.turnId!, rating: 'not_helpful', reason: 'outdated' },
      turn('', 'ana'),
    ),
  );
  const again = await copilot.handle(turn('How do I connect to the VPN app?', 'ben'));
  await copilot.handle(
    makeAction({ name: 'feedback', turnId: again.turnId!, rating: 'helpful' }, turn('', 'ben')),
  );
  const unanswered = await copilot.handle(turn('Where can I park at the Lisbon office?', 'cy'));
  await copilot.handle(makeAction({ name: 'escalate', turnId: unanswered.turnId! }, turn('', 'cy')));
  const [escalation] = await copilot.escalations.list();
  return {
    running,
    escalationId: escalation!.id,
    async close() {
      await running.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
