/**
 * Load: simulated employees asking questions at once over the web chat API, Slack events
 * and Teams activities, against one Lumen process (SQLite, local index, extractive model),
 * then two processes sharing one PostgreSQL. Lumen runs as `npm start` runs it, in its own
 * process; this one drives the load and plays Slack and Teams. Reports turn latency,
 * throughput, errors (no answer within 15 s, or an apology), errors in the server log, and
 * the servers' memory over the run.
 *
 * Run: npx tsx bench/load.ts [seconds] [employees]   (defaults: 60 s, 200 employees)
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startEmbeddedPostgres } from '../test/helpers/embedded-postgres.js';
import { type LumenProcess, startLumenProcess } from '../test/helpers/lumen-process.js';
import { signedSlackHeaders } from '../test/helpers/slack-signing.js';
import { FakeSlackApi } from '../test/integration/slack/fake-slack-api.js';
import { heading, ms, percentile, report } from './stats.js';
import { Connector } from './teams.js';

const SIGNING_SECRET = 'load-signing-secret-0123456789';
const TURN_TIMEOUT_MS = 15_000;
/**
 * The server's heap limit, as in a container with 1 GiB of memory. Without one, V8 on a
 * large machine lets garbage pile up past 1 GB before it collects, which hides a real trend.
 */
const SERVER_NODE_FLAGS = ['--max-old-space-size=512'];
const RAMP_UP_MS = 2_000;
const QUESTIONS = [
  'How many days of annual leave do I get?',
  'What is the per diem in Toronto?',
  'How do I reset my password?',
  'How do I connect to the VPN?',
  'How long is parental leave?',
  'How do I report a phishing email?',
  'Can I carry over unused vacation days?',
  'What is the capital of Australia?',
];

type Channel = 'web' | 'slack' | 'teams';
interface Sample {
  channel: Channel;
  ms: number;
  ok: boolean;
}

/** Resident memory samples of each server process, every 5 s of a run. */
const memoryOf = new Map<number, number[]>();

/** The first failure seen on each channel, to say what the errors were. */
const firstError = new Map<Channel, string>();

/** Keeps `employees` loops asking until `seconds` pass; each waits for its answer before asking again. */
async function drive(
  seconds: number,
  employees: number,
  servers: LumenProcess[],
  ask: (channel: Channel, employee: number, question: string) => Promise<void>,
  channels: Channel[],
): Promise<Sample[]> {
  const samples: Sample[] = [];
  const until = Date.now() + seconds * 1000;
  const sample = () => {
    for (const server of servers) {
      memoryOf.set(server.pid, [...(memoryOf.get(server.pid) ?? []), residentMemory(server.pid)]);
    }
  };
  sample();
  const sampler = setInterval(sample, 5_000);
  await Promise.all(
    Array.from({ length: employees }, async (_, employee) => {
      // Employees arrive over the first two seconds, as people do: a burst of hundreds of
      // new connections in the same millisecond measures the TCP stack, not Lumen.
      await new Promise((resolve) => setTimeout(resolve, (employee * RAMP_UP_MS) / employees));
      const channel = channels[employee % channels.length]!;
      for (let n = 0; Date.now() < until; n++) {
        const started = performance.now();
        let ok = true;
        try {
          await withTimeout(ask(channel, employee, QUESTIONS[(employee + n) % QUESTIONS.length]!));
        } catch (error) {
          ok = false;
          if (!firstError.has(channel)) firstError.set(channel, (error as Error).message);
        }
        samples.push({ channel, ms: performance.now() - started, ok });
      }
    }),
  );
  clearInterval(sampler);
  sample();
  return samples;
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), TURN_TIMEOUT_MS).unref()),
  ]);
}

function summarise(label: string, seconds: number, samples: Sample[], servers: LumenProcess[]): void {
  const done = samples.filter((s) => s.ok).map((s) => s.ms);
  const errors = samples.length - done.length;
  report(
    `${label}: turn latency p50 / p95`,
    `${ms(percentile(done, 0.5))} / ${ms(percentile(done, 0.95))} (${done.length} turns)`,
  );
  report(`${label}: throughput, errors`, `${(done.length / seconds).toFixed(0)} turns/s, ${errors} errors`);
  for (const channel of ['web', 'slack', 'teams'] as const) {
    const own = samples.filter((s) => s.channel === channel && s.ok).map((s) => s.ms);
    const failed = samples.filter((s) => s.channel === channel && !s.ok).length;
    if (own.length === 0 && failed === 0) continue;
    const why = failed > 0 ? ` (first: ${firstError.get(channel)})` : '';
    report(
      `  ${channel} p50 / p95, errors`,
      `${ms(percentile(own, 0.5))} / ${ms(percentile(own, 0.95))}, ${failed}${why}`,
    );
  }
  const logged = servers.flatMap((server) => server.loggedErrors);
  const first = logged[0] ? ` (first: ${logged[0].slice(0, 200)})` : '';
  report(`${label}: errors in the server log`, `${logged.length}${first}`);
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)}`;
  servers.forEach((server, i) => {
    const which = servers.length > 1 ? ` of process ${i + 1}` : '';
    report(`${label}: RSS${which} every 5 s`, `${(memoryOf.get(server.pid) ?? []).map(mb).join(', ')} MB`);
  });
}

/** Reads the web chat's NDJSON stream to its end. */
async function askWeb(baseUrl: string, employee: number, question: string): Promise<void> {
  const response = await fetch(`${baseUrl}/api/chat/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: `lumen_session=${`load-${employee}`.padEnd(32, '0')}`,
    },
    body: JSON.stringify({ conversationId: randomUUID(), text: question }),
  });
  const body = await response.text();
  // An apology is a failed turn even though the stream itself completed.
  if (response.status !== 200 || !body.includes('"type":"reply"') || body.includes('"kind":"error"')) {
    throw new Error(`web ${response.status}`);
  }
}

async function oneProcess(seconds: number, employees: number): Promise<void> {
  const slackApi = new FakeSlackApi();
  await slackApi.start();
  const connector = new Connector();
  await connector.start();
  const slackWaiters = new Map<string, () => void>();
  slackApi.onCall = (call) => {
    if (call.method !== 'chat.postMessage') return;
    const channel = String(call.args.channel);
    slackWaiters.get(channel)?.();
    slackWaiters.delete(channel);
  };
  const running = await startLumenProcess(
    {
      LUMEN_RATE_LIMIT_PER_MINUTE: '0',
      SLACK_BOT_TOKEN: 'xoxb-load',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slackApi.url,
      SLACK_STREAMING: 'off',
      SLACK_POST_INTERVAL_MS: '0',
    },
    { nodeFlags: SERVER_NODE_FLAGS },
  );

  const askSlack = async (employee: number, question: string) => {
    const channel = `DLOAD${employee}`;
    const answered = new Promise<void>((resolve) => slackWaiters.set(channel, resolve));
    const body = JSON.stringify({
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: `Ev${randomUUID().replace(/-/g, '')}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
      event: {
        type: 'message',
        channel_type: 'im',
        channel,
        user: 'U_ALEX',
        text: question,
        ts: `${Date.now() / 1000}${Math.random().toString().slice(2, 6)}`,
      },
    });
    const response = await fetch(`${running.url}/slack/events`, {
      method: 'POST',
      headers: signedSlackHeaders(SIGNING_SECRET, body),
      body,
    });
    if (response.status !== 200) throw new Error(`slack ${response.status}`);
    await answered;
  };

  const askTeams = async (employee: number, question: string) => {
    const conversationId = `a:load-${employee}-${randomUUID()}`;
    const arrived = connector.finalMessage(conversationId);
    // A send that fails first leaves this wait behind; its own timeout must not crash the run.
    arrived.catch(() => undefined);
    const response = await fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: randomUUID(),
        channelId: 'msteams',
        serviceUrl: connector.url,
        from: { id: `29:load-${employee}`, aadObjectId: `aad-load-${employee}` },
        recipient: { id: '28:lumen', name: 'Lumen' },
        conversation: { id: conversationId, conversationType: 'personal', tenantId: 't' },
        text: question,
      }),
    });
    if (response.status !== 200) throw new Error(`teams ${response.status}`);
    await arrived;
  };

  const samples = await drive(
    seconds,
    employees,
    [running],
    (channel, employee, question) =>
      channel === 'web'
        ? askWeb(running.url, employee, question)
        : channel === 'slack'
          ? askSlack(employee, question)
          : askTeams(employee, question),
    ['web', 'slack', 'teams'],
  );
  summarise('one process, SQLite', seconds, samples, [running]);
  await running.stop();
  await connector.close();
  await slackApi.close();
}

/** Two `npm start` processes on one PostgreSQL, the web chat load split between them. */
async function twoProcessesOnPostgres(seconds: number, employees: number): Promise<void> {
  const postgres = await startEmbeddedPostgres();
  const servers: LumenProcess[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const env = { DATABASE_URL: postgres.url, LUMEN_RATE_LIMIT_PER_MINUTE: '0' };
      servers.push(await startLumenProcess(env, { nodeFlags: SERVER_NODE_FLAGS }));
    }
    const samples = await drive(
      seconds,
      employees,
      servers,
      (_channel, employee, question) => askWeb(servers[employee % 2]!.url, employee, question),
      ['web'],
    );
    summarise('two processes, PostgreSQL', seconds, samples, servers);
  } finally {
    for (const server of servers) await server.stop();
    await postgres.stop();
  }
}

/** A process's resident memory from /proc, in bytes (Linux). */
function residentMemory(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kilobytes ?? 0) * 1024;
}

export async function benchLoad(seconds = 60, employees = 200): Promise<void> {
  heading(`Load: ${employees} employees asking at once for ${seconds} s (extractive model, local index)`);
  await oneProcess(seconds, employees);
  await twoProcessesOnPostgres(seconds, employees);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchLoad(Number(process.argv[2] ?? 60), Number(process.argv[3] ?? 200));
}
