import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Doc, parseFilter } from './odata-filter.js';

/** A request the stand-in received. */
export interface SearchRequestRecord {
  method: string;
  /** Path with the index name, e.g. `/indexes('lumen')/docs/search.post.search`. */
  path: string;
  apiVersion: string | null;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** A synonym map as the service stores it: Solr rules, one a line, in one string. */
export interface SynonymMapState {
  name: string;
  format: string;
  synonyms: string;
}

interface IndexState {
  definition: Record<string, unknown>;
  docs: Map<string, Doc>;
}

/**
 * A local HTTP server speaking the Azure AI Search REST API the real `SearchClient` and
 * `SearchIndexClient` use: index create/update/get, synonym map create/update/get (an index
 * may reference only synonym maps that exist), `docs/search.post.search` (filter
 * evaluated, keyword scoring, vector similarity, semantic reranker score and captions),
 * `docs/search.index` batches, document lookup and `$count`. Requests are recorded.
 */
export class AzureSearchStandIn {
  readonly requests: SearchRequestRecord[] = [];
  readonly indexes = new Map<string, IndexState>();
  readonly synonymMaps = new Map<string, SynonymMapState>();
  /** Per-key status codes to answer index actions with once (e.g. 503 to test retries). */
  readonly failOnce = new Map<string, number>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer(
      (req, res) => void this.handle(req, res).catch((error) => this.fail(res, error)),
    );
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  searches(): SearchRequestRecord[] {
    return this.requests.filter((r) => r.path.endsWith('/docs/search.post.search'));
  }

  batches(): SearchRequestRecord[] {
    return this.requests.filter((r) => r.path.endsWith('/docs/search.index'));
  }

  private fail(res: ServerResponse, error: unknown): void {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: { code: 'InvalidRequestParameter', message: (error as Error).message } }),
    );
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json; odata.metadata=minimal' });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    const record: SearchRequestRecord = {
      method: req.method ?? '',
      path,
      apiVersion: url.searchParams.get('api-version'),
      headers: req.headers,
      body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
    };
    this.requests.push(record);
    if (!record.apiVersion) return this.json(res, 400, { error: { message: 'api-version is required' } });
    if (req.headers['api-key'] === undefined && req.headers.authorization === undefined) {
      return this.json(res, 401, { error: { message: 'no credentials' } });
    }

    let m = /^\/synonymmaps(?:\('([^']+)'\)|\/([^/]+))?$/.exec(path);
    if (m) return this.synonymMap(req.method ?? '', m[1] ?? m[2], record.body, res);
    if (/^\/indexes(\(|\/|$)/.test(path) && (req.method === 'POST' || req.method === 'PUT')) {
      const missing = missingSynonymMaps(record.body, this.synonymMaps);
      if (missing)
        return this.json(res, 400, { error: { code: 'InvalidRequestParameter', message: missing } });
    }
    m = /^\/indexes(?:\('([^']+)'\)|\/([^/]+))?$/.exec(path);
    if (m) {
      const name = m[1] ?? m[2];
      if (req.method === 'POST' && !name) {
        const definition = record.body;
        if (this.indexes.has(String(definition.name))) {
          return this.json(res, 409, { error: { code: 'ResourceNameAlreadyInUse', message: 'exists' } });
        }
        this.indexes.set(String(definition.name), { definition, docs: new Map() });
        return this.json(res, 201, definition);
      }
      if (req.method === 'PUT' && name) {
        const existing = this.indexes.get(name);
        this.indexes.set(name, { definition: record.body, docs: existing?.docs ?? new Map() });
        return this.json(res, existing ? 200 : 201, record.body);
      }
      if (req.method === 'GET' && name) {
        const index = this.indexes.get(name);
        if (!index) return this.json(res, 404, { error: { message: `No index with the name '${name}'` } });
        return this.json(res, 200, index.definition);
      }
    }
    m = /^\/indexes\('([^']+)'\)\/docs(.*)$/.exec(path);
    const index = m ? this.indexes.get(m[1]!) : undefined;
    if (!m || !index) return this.json(res, 404, { error: { message: 'index not found' } });
    const rest = m[2]!;
    if (rest === '/search.post.search' && req.method === 'POST') return this.search(res, index, record.body);
    if (rest === '/search.index' && req.method === 'POST') return this.indexBatch(res, index, record.body);
    if (rest === '/$count') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(String(index.docs.size));
      return;
    }
    const key = /^\('(.+)'\)$/.exec(rest)?.[1];
    if (key !== undefined && req.method === 'GET') {
      const doc = index.docs.get(key);
      if (!doc) return this.json(res, 404, { error: { message: 'not found' } });
      return this.json(res, 200, withoutVector(doc));
    }
    return this.json(res, 404, { error: { message: `unsupported ${req.method} ${path}` } });
  }

  /** Synonym maps: `PUT` creates or replaces one by name, `POST` creates one, `GET` reads one. */
  private synonymMap(
    method: string,
    name: string | undefined,
    body: Record<string, unknown>,
    res: ServerResponse,
  ) {
    if (method === 'GET' && name) {
      const map = this.synonymMaps.get(name);
      if (!map) return this.json(res, 404, { error: { message: `No synonym map with the name '${name}'` } });
      return this.json(res, 200, map);
    }
    if ((method === 'PUT' && name) || (method === 'POST' && !name)) {
      const problem =
        body.format !== 'solr'
          ? `format must be 'solr', got ${JSON.stringify(body.format)}`
          : typeof body.synonyms !== 'string'
            ? 'synonyms must be a string of rules separated by new lines'
            : name !== undefined && body.name !== name
              ? `the name in the body (${String(body.name)}) differs from the one in the URL (${name})`
              : undefined;
      if (problem)
        return this.json(res, 400, { error: { code: 'InvalidRequestParameter', message: problem } });
      const key = String(body.name);
      const existed = this.synonymMaps.has(key);
      if (method === 'POST' && existed) {
        return this.json(res, 409, { error: { code: 'ResourceNameAlreadyInUse', message: 'exists' } });
      }
      const map: SynonymMapState = { name: key, format: 'solr', synonyms: String(body.synonyms) };
      this.synonymMaps.set(key, map);
      return this.json(res, existed ? 200 : 201, { ...map, '@odata.etag': `"${Date.now()}"` });
    }
    return this.json(res, 404, { error: { message: `unsupported ${method} synonym map request` } });
  }

  private search(res: ServerResponse, index: IndexState, body: Record<string, unknown>): void {
    const filter = body.filter ? parseFilter(String(body.filter)) : () => true;
    const text = String(body.search ?? '*');
    const words = text === '*' ? [] : (text.toLowerCase().match(/[a-z0-9]+/g) ?? []);
    const vectorQuery = (body.vectorQueries as { vector: number[] }[] | undefined)?.[0];
    const semantic = body.queryType === 'semantic';
    const scored: { doc: Doc; score: number }[] = [];
    for (const doc of index.docs.values()) {
      if (!filter(doc)) continue;
      const haystack = `${doc.title ?? ''} ${doc.content ?? ''}`.toLowerCase();
      const keyword = words.filter((w) => haystack.includes(w)).length;
      const vector =
        vectorQuery && Array.isArray(doc.contentVector)
          ? cosine(vectorQuery.vector, doc.contentVector as number[])
          : 0;
      if (text !== '*' && keyword === 0 && vector <= 0.2) continue;
      scored.push({ doc, score: keyword + vector });
    }
    const orderBy = body.orderby ? String(body.orderby).split(' ') : undefined;
    if (orderBy) {
      const [field = '', direction = 'asc'] = orderBy;
      const sign = direction === 'desc' ? -1 : 1;
      scored.sort((a, b) => sign * String(a.doc[field]).localeCompare(String(b.doc[field])));
    } else {
      scored.sort((a, b) => b.score - a.score);
    }
    const top = body.top === undefined ? 50 : Number(body.top);
    const select = body.select ? String(body.select).split(',') : undefined;
    const value = scored.slice(0, top).map(({ doc, score }) => {
      const picked = select ? Object.fromEntries(select.map((f) => [f, doc[f] ?? null])) : withoutVector(doc);
      const extra: Record<string, unknown> = { '@search.score': score };
      if (semantic && words.length > 0) {
        extra['@search.rerankerScore'] = Math.min(
          4,
          (4 * words.filter((w) => String(doc.content).toLowerCase().includes(w)).length) / words.length,
        );
        const sentence = String(doc.content)
          .split(/(?<=[.!?])\s+/)
          .find((s) => words.some((w) => s.toLowerCase().includes(w)));
        extra['@search.captions'] = sentence ? [{ text: sentence, highlights: '' }] : [];
      }
      return { ...extra, ...picked };
    });
    this.json(res, 200, {
      ...(body.count ? { '@odata.count': scored.length } : {}),
      value,
    });
  }

  private indexBatch(res: ServerResponse, index: IndexState, body: Record<string, unknown>): void {
    const actions = body.value as Doc[];
    const keyField =
      ((index.definition.fields as { name: string; key?: boolean }[]) ?? []).find((f) => f.key)?.name ?? 'id';
    const results = actions.map((action) => {
      const key = String(action[keyField]);
      const failure = this.failOnce.get(key);
      if (failure) {
        this.failOnce.delete(key);
        return { key, status: false, errorMessage: 'Service busy', statusCode: failure };
      }
      const { '@search.action': kind, ...doc } = action;
      if (kind === 'delete') {
        const existed = index.docs.delete(key);
        return { key, status: true, errorMessage: null, statusCode: existed ? 200 : 404 };
      }
      const previous = index.docs.get(key);
      index.docs.set(key, kind === 'upload' || !previous ? doc : { ...previous, ...doc });
      return { key, status: true, errorMessage: null, statusCode: previous ? 200 : 201 };
    });
    const anyFailed = results.some((r) => !r.status);
    this.json(res, anyFailed ? 207 : 200, { value: results });
  }
}

/** Azure refuses an index whose fields reference a synonym map that does not exist. */
function missingSynonymMaps(
  definition: Record<string, unknown>,
  maps: ReadonlyMap<string, SynonymMapState>,
): string | undefined {
  for (const field of (definition.fields as { name: string; synonymMaps?: string[] }[] | undefined) ?? []) {
    const missing = (field.synonymMaps ?? []).find((name) => !maps.has(name));
    if (missing) return `Field '${field.name}' references synonym map '${missing}', which does not exist.`;
  }
  return undefined;
}

function withoutVector(doc: Doc): Doc {
  const { contentVector: _vector, ...rest } = doc;
  return rest;
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) dot += a[i]! * b[i]!;
  return dot;
}
