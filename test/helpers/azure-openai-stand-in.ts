import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the stand-in received, for assertions. */
export interface RecordedRequest {
  method: string;
  path: string;
  deployment: string;
  operation: 'chat' | 'embeddings' | 'other';
  apiVersion: string | null;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** What the stand-in answers one request with. */
export type Behaviour =
  | {
      kind: 'stream';
      /** Content deltas, streamed in order. */
      deltas: string[];
      finishReason?: 'stop' | 'length' | 'content_filter';
      usage?: { prompt_tokens: number; completion_tokens: number };
      /** Pause before each delta, ms. */
      delayMs?: number;
      /** Pause before the first delta instead of `delayMs` (time to first token), ms. */
      firstDelayMs?: number;
      /** Told as each delta is written, with its position. */
      onDelta?: (index: number) => void;
    }
  | { kind: 'json'; content: string; finishReason?: string }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  /** Accepts the request and never answers (timeouts). */
  | { kind: 'hang' };

export type Script = (request: RecordedRequest) => Behaviour;

const SAFE = {
  hate: { filtered: false, severity: 'safe' },
  self_harm: { filtered: false, severity: 'safe' },
  sexual: { filtered: false, severity: 'safe' },
  violence: { filtered: false, severity: 'safe' },
};

/** The 400 body Azure returns when the prompt trips the content filter. */
export const PROMPT_FILTERED_BODY = {
  error: {
    message:
      "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
    type: null,
    param: 'prompt',
    code: 'content_filter',
    status: 400,
    innererror: {
      code: 'ResponsibleAIPolicyViolation',
      content_filter_result: {
        ...SAFE,
        violence: { filtered: true, severity: 'high' },
        jailbreak: { filtered: false, detected: false },
      },
    },
  },
};

/** The 429 body Azure returns when a deployment's rate limit is exceeded. */
export const THROTTLED_BODY = {
  error: {
    code: '429',
    message:
      'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 1 second.',
  },
};

/** A deterministic embedding: words hashed into a unit vector, so similar texts are near. */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const digest = createHash('sha1').update(word).digest();
    vector[digest.readUInt32BE(0) % dimensions]! += digest[4]! & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}

/**
 * A local HTTP server speaking the Azure OpenAI REST format the real `AzureOpenAI` client
 * uses: `POST /openai/deployments/{deployment}/chat/completions?api-version=…` answered with
 * server-sent events (a first chunk with only `prompt_filter_results`, content chunks with
 * `content_filter_results`, a usage chunk, `data: [DONE]`), error bodies and headers as
 * Azure sends them, and `/embeddings`.
 */
export class AzureOpenAIStandIn {
  readonly requests: RecordedRequest[] = [];
  private server: Server | undefined;
  url = '';

  constructor(
    public script: Script,
    private readonly embeddingDimensions = 16,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  chatRequests(deployment?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.operation === 'chat' && (!deployment || r.deployment === deployment),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/.exec(url.pathname);
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      deployment: match ? decodeURIComponent(match[1]!) : '',
      operation: match?.[2] === 'embeddings' ? 'embeddings' : match ? 'chat' : 'other',
      apiVersion: url.searchParams.get('api-version'),
      headers: req.headers,
      body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
    };
    this.requests.push(recorded);
    if (!match || req.method !== 'POST' || !recorded.apiVersion) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: '404', message: 'Resource not found' } }));
      return;
    }
    if (recorded.operation === 'embeddings') {
      const input = recorded.body.input as string[] | string;
      const texts = Array.isArray(input) ? input : [input];
      const dimensions = (recorded.body.dimensions as number | undefined) ?? this.embeddingDimensions;
      const behaviour = this.script(recorded);
      if (behaviour.kind === 'status') return this.status(res, behaviour);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          model: 'text-embedding-3-small',
          // The openai client asks for base64 (little-endian float32) unless told otherwise.
          data: texts.map((t, index) => {
            const vector = fakeEmbedding(t, dimensions);
            const embedding =
              recorded.body.encoding_format === 'base64'
                ? Buffer.from(new Float32Array(vector).buffer).toString('base64')
                : vector;
            return { object: 'embedding', index, embedding };
          }),
          usage: { prompt_tokens: texts.length * 10, total_tokens: texts.length * 10 },
        }),
      );
      return;
    }
    let behaviour = this.script(recorded);
    // A scripted stream answers a non-streamed request as one JSON completion.
    if (behaviour.kind === 'stream' && recorded.body.stream !== true) {
      behaviour = {
        kind: 'json',
        content: behaviour.deltas.join(''),
        finishReason: behaviour.finishReason ?? 'stop',
      };
    }
    switch (behaviour.kind) {
      case 'status':
        return this.status(res, behaviour);
      case 'hang':
        return;
      case 'json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: 'chatcmpl-1',
            object: 'chat.completion',
            created: 1_700_000_000,
            model: 'gpt-4o-2024-08-06',
            prompt_filter_results: [{ prompt_index: 0, content_filter_results: SAFE }],
            choices: [
              {
                index: 0,
                finish_reason: behaviour.finishReason ?? 'stop',
                message: { role: 'assistant', content: behaviour.content },
                content_filter_results: SAFE,
              },
            ],
            usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 },
          }),
        );
        return;
      case 'stream':
        return this.stream(res, behaviour);
    }
  }

  private status(res: ServerResponse, behaviour: Extract<Behaviour, { kind: 'status' }>): void {
    res.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers });
    res.end(
      JSON.stringify(behaviour.body ?? { error: { code: String(behaviour.status), message: 'error' } }),
    );
  }

  private async stream(
    res: ServerResponse,
    behaviour: Extract<Behaviour, { kind: 'stream' }>,
  ): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    const base = {
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'gpt-4o-2024-08-06',
      system_fingerprint: 'fp_1',
    };
    send({
      choices: [],
      created: 0,
      id: '',
      model: '',
      object: '',
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: SAFE }],
    });
    for (const [i, delta] of behaviour.deltas.entries()) {
      const pause = i === 0 ? (behaviour.firstDelayMs ?? behaviour.delayMs) : behaviour.delayMs;
      if (pause) await new Promise((r) => setTimeout(r, pause));
      behaviour.onDelta?.(i);
      send({
        ...base,
        choices: [
          {
            index: 0,
            delta: i === 0 ? { role: 'assistant', content: delta } : { content: delta },
            finish_reason: null,
            logprobs: null,
            content_filter_results: SAFE,
          },
        ],
      });
    }
    const finishReason = behaviour.finishReason ?? 'stop';
    send({
      ...base,
      choices: [
        {
          index: 0,
          delta: {},
          finish_reason: finishReason,
          logprobs: null,
          content_filter_results:
            finishReason === 'content_filter'
              ? { ...SAFE, violence: { filtered: true, severity: 'medium' } }
              : {},
        },
      ],
    });
    const usage = behaviour.usage ?? {
      prompt_tokens: 100,
      completion_tokens: behaviour.deltas.length,
    };
    send({
      ...base,
      choices: [],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
    res.write('data: [DONE]\n\n');
    res.end();
  }
}
