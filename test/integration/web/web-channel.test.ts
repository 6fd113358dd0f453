import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebChannel, type DemoPersona } from '../../../src/channels/web/index.js';
import type { Copilot } from '../../../src/core/copilot.js';
import type { IndexedDocument, OutboxMessage, OutboxRepository } from '../../../src/core/ports.js';
import type { Reply, ReplyStream } from '../../../src/core/reply.js';
import { conversationKey, type Turn } from '../../../src/core/turn.js';

/** An in-memory outbox with the same contract as the store's. */
class MemoryOutbox implements OutboxRepository {
  private readonly messages: OutboxMessage[] = [];

  async append(key: string, reply: Reply, at: Date): Promise<OutboxMessage> {
    const message = { seq: this.messages.length + 1, conversationKey: key, reply, createdAt: at };
    this.messages.push(message);
    return message;
  }

  async after(key: string, afterSeq: number): Promise<OutboxMessage[]> {
    return this.messages.filter((m) => m.conversationKey === key && m.seq > afterSeq);
  }
}

function reply(kind: Reply['kind'], text: string, extra: Partial<Reply> = {}): Reply {
  return { kind, text, citations: [], actions: [], aiGenerated: false, visibility: 'conversation', ...extra };
}

/**
 * A deterministic stand-in for the core: it streams two partials for a question, thanks
 * for feedback, and on escalation delivers a human answer to the turn's outbox key.
 */
class ScriptedCopilot implements Copilot {
  readonly turns: Turn[] = [];

  constructor(private readonly outbox: OutboxRepository) {}

  async handle(turn: Turn, stream?: ReplyStream): Promise<Reply> {
    this.turns.push(turn);
    if (turn.action?.name === 'feedback') return reply('feedback_thanks', 'Thanks for the feedback.');
    if (turn.action?.name === 'escalate') {
      await this.outbox.append(
        conversationKey(turn),
        reply('escalation_answer', 'Answer from Dana: use the self-service portal.'),
        new Date('2025-01-02T03:04:05Z'),
      );
      return reply('escalated', 'A person will get back to you here.');
    }
    if (turn.text === 'fail early') throw new Error('secret database password in message');
    stream?.partial('Reset it');
    if (turn.text === 'fail late') throw new Error('secret failure after streaming');
    stream?.partial('Reset it in the portal [1].');
    return reply('answer', 'Reset it in the portal [1].', {
      aiGenerated: true,
      turnId: 'turn-1',
      citations: [
        {
          n: 1,
          title: 'Passwords',
          url: '/knowledge/it/passwords.md',
          location: 'it/passwords.md',
          snippet: 'Reset it in the portal.',
          sourceSystem: 'folder',
        },
        {
          n: 2,
          title: 'Evil',
          url: 'javascript:alert(1)',
          location: 'evil.md',
          snippet: '',
          sourceSystem: 'folder',
        },
      ],
    });
  }
}

const PERSONAS: DemoPersona[] = [
  { id: 'harper', name: 'Harper (HR)', email: 'Harper@Example.com', groups: ['HR', 'managers'] },
];

const DOCUMENTS: Record<string, string[]> = {
  'it/passwords.md': ['everyone'],
  'hr/salaries.md': ['group:hr'],
  'hr/harper.md': ['user:harper@example.com'],
  'guide.pdf': ['everyone'],
  'escape.md': ['everyone'],
  // A link inside the folder to an HR file, as an index built before links were refused holds it.
  'public-guide.md': ['everyone'],
};

interface Harness {
  url: string;
  copilot: ScriptedCopilot;
  outbox: MemoryOutbox;
  close(): Promise<void>;
}

async function startHarness(knowledgeRoot: string, identityMode: 'anonymous' | 'demo'): Promise<Harness> {
  const outbox = new MemoryOutbox();
  const copilot = new ScriptedCopilot(outbox);
  const app = express();
  app.use(
    createWebChannel({
      copilot,
      outbox,
      knowledgeRoot,
      findDocument: async (path): Promise<IndexedDocument | undefined> => {
        const acl = DOCUMENTS[path];
        return acl ? { id: `folder:${path}`, hash: 'h', chunkCount: 1, path, acl } : undefined;
      },
      identityMode,
      demoPersonas: PERSONAS,
      maxBodyBytes: 4096,
      clock: { now: () => new Date('2025-01-01T00:00:00Z') },
      log: () => undefined,
    }),
  );
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    copilot,
    outbox,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A fetch that keeps cookies like one browser does. */
function browser(base: string) {
  const jar = new Map<string, string>();
  return async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(base + path, { ...init, headers });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return res;
  };
}

function postJson(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function ndjson(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

let knowledgeRoot: string;
let outside: string;

beforeAll(async () => {
  knowledgeRoot = await mkdtemp(join(tmpdir(), 'lumen-web-kb-'));
  outside = await mkdtemp(join(tmpdir(), 'lumen-web-outside-'));
  await mkdir(join(knowledgeRoot, 'it'));
  await mkdir(join(knowledgeRoot, 'hr'));
  await writeFile(join(knowledgeRoot, 'it/passwords.md'), '# Passwords\nReset it in the portal.\n');
  await writeFile(join(knowledgeRoot, 'hr/salaries.md'), '# Salaries\nConfidential.\n');
  await writeFile(join(knowledgeRoot, 'hr/harper.md'), '# Harper only\n');
  await writeFile(join(knowledgeRoot, 'guide.pdf'), '%PDF-1.4\n%%EOF\n');
  await writeFile(join(outside, 'secret.md'), 'outside the knowledge folder\n');
  await symlink(join(outside, 'secret.md'), join(knowledgeRoot, 'escape.md'));
  await symlink('hr/salaries.md', join(knowledgeRoot, 'public-guide.md'));
});

afterAll(async () => {
  await rm(knowledgeRoot, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('createWebChannel', () => {
  describe('anonymous identity', () => {
    let harness: Harness;
    let get: ReturnType<typeof browser>;

    beforeEach(async () => {
      harness = await startHarness(knowledgeRoot, 'anonymous');
      get = browser(harness.url);
    });

    afterEach(async () => harness.close());

    it('serves the chat page with a session cookie when a browser first visits', async () => {
      const res = await get('/');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await res.text()).toContain('<h1>Lumen</h1>');
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('lumen_session='));
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect((await get('/app.js')).headers.get('content-type')).toMatch(/javascript/);
    });

    it('returns the identity mode without personas when anonymous', async () => {
      const res = await get('/api/chat/config');
      expect(await res.json()).toEqual({ identityMode: 'anonymous' });
    });

    it('streams partials then exactly one reply when a question is posted', async () => {
      const res = await get('/api/chat/messages', postJson({ conversationId: 'c-1', text: 'How?' }));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      const events = ndjson(await res.text());
      expect(events.map((e) => e.type)).toEqual(['partial', 'partial', 'reply']);
      expect(events[0]).toEqual({ type: 'partial', text: 'Reset it' });
      const final = events[2]!.reply as Reply;
      expect(final.text).toBe('Reset it in the portal [1].');
      expect(final.citations[0]!.url).toBe('/knowledge/it/passwords.md');
      expect(final.citations[1]!.url).toBe('');
    });

    it('maps the request to a web Turn scoped by the session cookie', async () => {
      await get('/');
      await get('/api/chat/messages', postJson({ conversationId: 'c-1', text: 'first' }));
      await get('/api/chat/messages', postJson({ conversationId: 'c-1', text: 'second' }));
      const [first, second] = harness.copilot.turns;
      const session = first!.conversation.id.split('.')[0]!;
      expect(session).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(first).toMatchObject({
        channel: 'web',
        text: 'first',
        user: { id: `web:${session}`, groups: [], anonymous: true },
        conversation: { id: `${session}.c-1`, kind: 'direct' },
        receivedAt: new Date('2025-01-01T00:00:00Z'),
      });
      expect(first!.id).not.toBe(second!.id);
      expect(second!.conversation.id).toBe(first!.conversation.id);

      const other = browser(harness.url);
      await other('/api/chat/messages', postJson({ conversationId: 'c-1', text: 'third' }));
      expect(harness.copilot.turns[2]!.conversation.id).not.toBe(first!.conversation.id);
    });

    it('passes the text to the core unjudged when it is empty', async () => {
      const res = await get('/api/chat/messages', postJson({ conversationId: 'c-1', text: '' }));
      expect(res.status).toBe(200);
      expect(harness.copilot.turns[0]!.text).toBe('');
    });

    it('answers 500 with a safe message when the core fails before streaming', async () => {
      const res = await get('/api/chat/messages', postJson({ conversationId: 'c-1', text: 'fail early' }));
      expect(res.status).toBe(500);
      const body = await res.text();
      expect(JSON.parse(body).error.code).toBe('internal');
      expect(body).not.toContain('secret');
    });

    it('ends the stream with an error line when the core fails after streaming', async () => {
      const res = await get('/api/chat/messages', postJson({ conversationId: 'c-1', text: 'fail late' }));
      const text = await res.text();
      expect(ndjson(text).map((e) => e.type)).toEqual(['partial', 'error']);
      expect(text).not.toContain('secret');
    });

    it('refuses malformed JSON with 400 invalid_json', async () => {
      const res = await get('/api/chat/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"conversationId": "c-1", "text": ',
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: { code: 'invalid_json', message: 'The request body is not valid JSON.' },
      });
    });

    it('refuses a body over the limit with 413', async () => {
      const res = await get(
        '/api/chat/messages',
        postJson({ conversationId: 'c-1', text: 'x'.repeat(5000) }),
      );
      expect(res.status).toBe(413);
      expect((await res.json()).error.code).toBe('payload_too_large');
      expect(harness.copilot.turns).toHaveLength(0);
    });

    it('refuses a body that is not JSON with 415', async () => {
      const res = await get('/api/chat/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'conversationId=c-1&text=hi',
      });
      expect(res.status).toBe(415);
      expect((await res.json()).error.code).toBe('unsupported_media_type');
    });

    it('refuses a conversation id outside [A-Za-z0-9_-]{1,100}', async () => {
      for (const conversationId of ['', 'a.b', 'x'.repeat(101), 42]) {
        const res = await get('/api/chat/messages', postJson({ conversationId, text: 'hi' }));
        expect(res.status).toBe(400);
        expect((await res.json()).error.code).toBe('invalid_request');
      }
      expect(harness.copilot.turns).toHaveLength(0);
    });

    it('answers unknown API routes with a JSON 404', async () => {
      const res = await get('/api/nothing-here');
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    });

    it('maps a feedback action to a Turn and returns the reply', async () => {
      const action = {
        name: 'feedback',
        turnId: 't-1',
        rating: 'not_helpful',
        reason: 'outdated',
        comment: 'Old',
      };
      const res = await get('/api/chat/actions', postJson({ conversationId: 'c-1', action }));
      expect(res.status).toBe(200);
      expect((await res.json()).reply.kind).toBe('feedback_thanks');
      expect(harness.copilot.turns[0]).toMatchObject({ channel: 'web', action });
      expect(harness.copilot.turns[0]!.text).toBeUndefined();
    });

    it('refuses unknown action names with 400 unknown_action', async () => {
      const res = await get(
        '/api/chat/actions',
        postJson({ conversationId: 'c-1', action: { name: 'delete_all' } }),
      );
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('unknown_action');
    });

    it('refuses malformed feedback actions', async () => {
      const bad = [
        { name: 'feedback', turnId: 't-1', rating: 'meh' },
        { name: 'feedback', rating: 'helpful' },
        { name: 'feedback', turnId: 't-1', rating: 'not_helpful', reason: 'boring' },
        { name: 'feedback', turnId: 't-1', rating: 'helpful', comment: 'x'.repeat(2001) },
        { name: 'feedback', turnId: 't-1', rating: 'helpful', extra: true },
        { name: 'escalate', note: 5 },
      ];
      for (const action of bad) {
        const res = await browser(harness.url)('/api/chat/actions', {
          ...postJson({ conversationId: 'c-1', action }),
        });
        expect(res.status, JSON.stringify(action)).toBe(400);
        expect((await res.json()).error.code).toBe('invalid_request');
      }
    });

    it('polls messages the outbox delivered later, after a sequence number', async () => {
      await get(
        '/api/chat/actions',
        postJson({ conversationId: 'c-1', action: { name: 'escalate', turnId: 't-1' } }),
      );
      const key = conversationKey(harness.copilot.turns[0]!);
      await harness.outbox.append(key, reply('notice', 'second'), new Date('2025-01-03T00:00:00Z'));

      const all = await (await get('/api/chat/conversations/c-1/messages')).json();
      expect(all.messages).toEqual([
        {
          seq: 1,
          reply: expect.objectContaining({ kind: 'escalation_answer' }),
          createdAt: '2025-01-02T03:04:05.000Z',
        },
        { seq: 2, reply: expect.objectContaining({ text: 'second' }), createdAt: '2025-01-03T00:00:00.000Z' },
      ]);
      const later = await (await get('/api/chat/conversations/c-1/messages?after=1')).json();
      expect(later.messages.map((m: { seq: number }) => m.seq)).toEqual([2]);
    });

    it('never shows one browser the outbox of another', async () => {
      await get('/api/chat/actions', postJson({ conversationId: 'c-1', action: { name: 'escalate' } }));
      const other = browser(harness.url);
      const res = await other('/api/chat/conversations/c-1/messages?after=0');
      expect((await res.json()).messages).toEqual([]);
    });

    it('refuses a malformed sequence number', async () => {
      const res = await get('/api/chat/conversations/c-1/messages?after=-1');
      expect(res.status).toBe(400);
    });

    it('serves a public Markdown file as a readable page with the cited passage highlighted, the original on request', async () => {
      const md = await get(`/knowledge/it/passwords.md?hl=${encodeURIComponent('Reset it in the portal.')}`);
      expect(md.status).toBe(200);
      expect(md.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(md.headers.get('content-security-policy')).toMatch(/^sandbox\b.*default-src 'none'/);
      expect(await md.text()).toMatch(/<p id="cited" class="cited">[^<]*Reset it in the portal\.<\/p>/);
      const raw = await get('/knowledge/it/passwords.md?raw=1');
      expect(raw.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await raw.text()).toContain('Reset it in the portal.');
      const pdf = await get('/knowledge/guide.pdf');
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
    });

    it('answers 404 for a restricted file, an unknown file and a traversal attempt alike', async () => {
      const paths = [
        '/knowledge/hr/salaries.md',
        '/knowledge/missing.md',
        '/knowledge/../package.json',
        '/knowledge/it/..%2F..%2Fetc%2Fpasswd',
        '/knowledge/%2e%2e/%2e%2e/etc/passwd',
        '/knowledge/it%5C..%5Cpasswords.md',
        '/knowledge/escape.md',
        '/knowledge/public-guide.md',
      ];
      for (const path of paths) {
        const res = await get(path);
        expect(res.status, path).toBe(404);
        const text = await res.text();
        expect(text, path).not.toContain('Confidential');
        expect(text, path).not.toContain('outside the knowledge folder');
      }
    });
  });

  describe('demo identity', () => {
    let harness: Harness;

    beforeAll(async () => {
      harness = await startHarness(knowledgeRoot, 'demo');
    });

    afterAll(async () => harness.close());

    it('lists personas by id, name and groups', async () => {
      const res = await fetch(`${harness.url}/api/chat/config`);
      expect(await res.json()).toEqual({
        identityMode: 'demo',
        personas: [{ id: 'harper', name: 'Harper (HR)', groups: ['HR', 'managers'] }],
      });
    });

    it('puts the chosen persona and its groups on the Turn', async () => {
      const get = browser(harness.url);
      await get(
        '/api/chat/messages',
        postJson({ conversationId: 'c-2', text: 'Salaries?', personaId: 'harper' }),
      );
      const turn = harness.copilot.turns.at(-1)!;
      expect(turn.user).toEqual({
        id: 'harper',
        name: 'Harper (HR)',
        email: 'Harper@Example.com',
        groups: ['HR', 'managers'],
      });
    });

    it('refuses an unknown persona with 400', async () => {
      const res = await fetch(
        `${harness.url}/api/chat/messages`,
        postJson({ conversationId: 'c-2', text: 'x', personaId: 'eve' }),
      );
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('unknown_persona');
    });

    it("serves restricted files to the persona of the browser's latest question only", async () => {
      const get = browser(harness.url);
      expect((await get('/knowledge/hr/salaries.md')).status).toBe(404);
      await get('/api/chat/messages', postJson({ conversationId: 'c-2', text: 'hi', personaId: 'harper' }));
      expect((await get('/knowledge/hr/salaries.md')).status).toBe(200);
      expect((await get('/knowledge/hr/harper.md')).status).toBe(200);
      await get('/api/chat/messages', postJson({ conversationId: 'c-2', text: 'hi' }));
      expect((await get('/knowledge/hr/salaries.md')).status).toBe(404);
    });
  });
});
