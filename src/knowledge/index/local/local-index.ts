import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { BackendError } from '../../../core/errors.js';
import type {
  HealthCheck,
  IndexedDocument,
  KnowledgeIndex,
  SearchHit,
  SearchQuery,
} from '../../../core/ports.js';
import { defaultExpander, type QueryExpander } from '../../../text/expansion/index.js';
import { ANALYSIS_VERSION, analyze, packTokens, toIndexTerms } from '../../../text/text-analysis.js';
import { TypoCorrector, type VocabularyWord } from '../../../text/typo-corrector.js';
import type { Chunk, Principal } from '../../document.js';
import { anchorToBestPage } from '../../page-anchor.js';
import { aclToken } from './acl-token.js';
import {
  type Candidate,
  DEFAULT_RERANK_WEIGHTS,
  type QueryTerm,
  type RerankWeights,
  rerank,
  searchableText,
  type TermAlternative,
} from './rerank.js';
import { LOCAL_INDEX_SCHEMA } from './schema.js';

export interface LocalIndexOptions {
  /** Column weights for bm25: title, headings, body. */
  columnWeights?: [number, number, number];
  rerankWeights?: RerankWeights;
  /** How many full-text candidates are re-ranked per query (at least `top`). */
  candidates?: number;
  /**
   * Bounds the work of one query on a large index: the full-text match takes the query's
   * words rarest first while their chunk counts add up to at most this many (always at
   * least the two rarest). Words left out still count when re-ranking; on a small index
   * every word is matched.
   */
  maxPostings?: number;
  /** Adds the words employees use for what documents name otherwise; built-in thesaurus and WordNet by default. */
  expander?: QueryExpander;
}

/** Weight of a typo correction against the word as typed. */
const CORRECTION_WEIGHT = 0.9;

interface Vocabulary {
  chunkCount: number;
  /** Number of chunks containing each stem. */
  df: Map<string, number>;
  corrector: TypoCorrector;
}

/**
 * The embedded knowledge index: SQLite FTS5 (bm25) over stemmed terms, typo-tolerant,
 * filtered by ACL inside the full-text query so restricted chunks never leave SQLite
 * for a reader who may not see them.
 */
export class LocalIndex implements KnowledgeIndex {
  readonly name = 'local';
  private vocabulary: Vocabulary | undefined;
  private warmed = false;
  private readonly columnWeights: [number, number, number];
  private readonly rerankWeights: RerankWeights;
  private readonly candidateCount: number;
  private readonly maxPostings: number;
  private searching: Database.Statement<[string, number], SearchRow> | undefined;
  private beyond: Database.Statement<[string], { rowid: number }> | undefined;

  private constructor(
    private readonly db: Database.Database,
    private readonly path: string,
    options: LocalIndexOptions,
  ) {
    this.columnWeights = options.columnWeights ?? [4, 2, 1];
    this.rerankWeights = options.rerankWeights ?? DEFAULT_RERANK_WEIGHTS;
    this.candidateCount = options.candidates ?? 60;
    this.maxPostings = options.maxPostings ?? 15_000;
    this.expander = options.expander ?? defaultExpander();
  }

  private readonly expander: QueryExpander;

  /** Opens (creating if needed) the index in a SQLite file. */
  static open(path: string, options: LocalIndexOptions = {}): LocalIndex {
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      db.exec(LOCAL_INDEX_SCHEMA);
      upgradeSchema(db);
      const index = new LocalIndex(db, path, options);
      index.reanalyzeIfStale();
      return index;
    } catch (error) {
      throw new BackendError('index', `cannot open the local index at ${path}`, { cause: error });
    }
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    if (query.principals.length === 0) return [];
    const vocabulary = this.loadVocabulary();
    const terms = this.queryTerms(query.text, vocabulary);
    if (terms.length === 0) return [];

    const acl = query.principals.map((p) => `"${aclToken(p)}"`).join(' OR ');
    const matched = matchTerms(terms, vocabulary, this.maxPostings);
    if (matched.length === 0) return [];
    const text = matched.flatMap((t) => t.stems.map((s) => `"${s}"`)).join(' OR ');
    const match = `acl : (${acl}) AND {title headings body} : (${text})`;
    const rows = this.searchStatement().all(match, Math.max(this.candidateCount, query.top));

    const allowed = new Set(query.principals.map((p) => p.trim().toLowerCase()));
    const candidates: Candidate[] = [];
    for (const row of rows) {
      const chunk = JSON.parse(row.data) as Chunk;
      // Defence in depth: the MATCH already filtered by ACL; never trust one layer alone.
      if (!chunk.acl.some((p) => allowed.has(p.toLowerCase()))) continue;
      candidates.push({ chunk, bm25: -row.rank, ...(row.tokens ? { packedTokens: row.tokens } : {}) });
    }
    const weightOf = stemWeights(terms);
    return rerank(terms, candidates, this.rerankWeights)
      .slice(0, query.top)
      .map((r) => ({ chunk: anchorToBestPage(r.chunk, weightOf), score: r.score, coverage: r.coverage }));
  }

  async readableBeyond(principals: Principal[], audience: Principal[]): Promise<boolean> {
    const others = new Set(audience.map(aclToken));
    const extra = [...new Set(principals.map(aclToken))].filter((token) => !others.has(token));
    if (extra.length === 0) return false;
    const anyOf = (tokens: Iterable<string>) => [...tokens].map((token) => `"${token}"`).join(' OR ');
    const match =
      others.size > 0 ? `acl : (${anyOf(extra)}) NOT acl : (${anyOf(others)})` : `acl : (${anyOf(extra)})`;
    this.beyond ??= this.db.prepare<[string], { rowid: number }>(
      'SELECT rowid FROM kb_fts WHERE kb_fts MATCH ? LIMIT 1',
    );
    return this.beyond.get(match) !== undefined;
  }

  /** The full-text query of `search`, prepared once: preparing costs about as much as a small query. */
  private searchStatement() {
    const [wt, wh, wb] = this.columnWeights;
    this.searching ??= this.db.prepare<[string, number], SearchRow>(
      `SELECT m.rowid AS rowid, m.rank AS rank, c.data AS data, c.tokens AS tokens
         FROM (SELECT rowid, bm25(kb_fts, ${wt}, ${wh}, ${wb}, 0) AS rank FROM kb_fts
                WHERE kb_fts MATCH ? ORDER BY rank LIMIT ?) m
         JOIN kb_chunks c ON c.rowid = m.rowid
        ORDER BY m.rank`,
    );
    return this.searching;
  }

  async replaceDocument(document: Omit<IndexedDocument, 'chunkCount'>, chunks: Chunk[]): Promise<void> {
    const insertChunk = this.db.prepare(
      'INSERT INTO kb_chunks (id, document_id, data, tokens) VALUES (?, ?, ?, ?)',
    );
    const insertWord = this.db.prepare('INSERT OR IGNORE INTO kb_words (word, stem) VALUES (?, ?)');
    const upsertDocument = this.db.prepare(
      `INSERT INTO kb_documents (id, path, hash, acl, chunk_count) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET path = excluded.path, hash = excluded.hash, acl = excluded.acl,
         chunk_count = excluded.chunk_count`,
    );
    this.db.transaction(() => {
      this.deleteChunksOf(document.id);
      const seenWords = new Map<string, string>();
      for (const chunk of chunks) {
        const { lastInsertRowid } = insertChunk.run(
          chunk.id,
          document.id,
          JSON.stringify(chunk),
          packTokens(analyze(searchableText(chunk))),
        );
        this.indexChunk(Number(lastInsertRowid), chunk, seenWords);
      }
      for (const [word, stem] of seenWords) insertWord.run(word, stem);
      upsertDocument.run(
        document.id,
        document.path,
        document.hash,
        JSON.stringify(document.acl),
        chunks.length,
      );
    })();
    this.vocabulary = undefined;
  }

  async deleteDocuments(documentIds: string[]): Promise<void> {
    const deleteDocument = this.db.prepare('DELETE FROM kb_documents WHERE id = ?');
    this.db.transaction(() => {
      for (const id of documentIds) {
        this.deleteChunksOf(id);
        deleteDocument.run(id);
      }
    })();
    this.vocabulary = undefined;
  }

  async listDocuments(idPrefix: string): Promise<IndexedDocument[]> {
    const rows = this.db
      .prepare<[number, string], DocumentRow>(
        'SELECT * FROM kb_documents WHERE substr(id, 1, ?) = ? ORDER BY id',
      )
      .all(idPrefix.length, idPrefix);
    return rows.map(toIndexedDocument);
  }

  async getDocument(documentId: string): Promise<IndexedDocument | undefined> {
    const row = this.db
      .prepare<[string], DocumentRow>('SELECT * FROM kb_documents WHERE id = ?')
      .get(documentId);
    return row ? toIndexedDocument(row) : undefined;
  }

  async stats(): Promise<{ documents: number; chunks: number }> {
    const documents = this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM kb_documents').get()!.n;
    const chunks = this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM kb_chunks').get()!.n;
    return { documents, chunks };
  }

  async check(): Promise<HealthCheck> {
    try {
      const { documents, chunks } = await this.stats();
      return {
        name: 'index',
        ok: true,
        detail: `local ${this.path}: ${documents} documents, ${chunks} chunks`,
      };
    } catch (error) {
      return { name: 'index', ok: false, detail: `local ${this.path}: ${(error as Error).message}` };
    }
  }

  /**
   * Loads the vocabulary and the typo corrector's deletion index now instead of on the first
   * query, and again whenever documents change: a server asks many questions, a one-shot
   * command one.
   */
  warm(): void {
    this.warmed = true;
    this.loadVocabulary().corrector.warm();
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private insertFts: Database.Statement | undefined;

  /** Writes a stored chunk's full-text row, noting the words its body uses. */
  private indexChunk(rowid: number, chunk: Chunk, seenWords: Map<string, string>): void {
    const body = analyze(chunk.text);
    for (const token of body) seenWords.set(token.word, token.stem);
    this.insertFts ??= this.db.prepare(
      'INSERT INTO kb_fts (rowid, title, headings, body, acl) VALUES (?, ?, ?, ?, ?)',
    );
    this.insertFts.run(
      rowid,
      toIndexTerms(`${chunk.title} ${chunk.location.replace(/#.*$/, '')}`),
      toIndexTerms(chunk.headingPath.join(' ')),
      body.map((t) => t.stem).join(' '),
      chunk.acl.map(aclToken).join(' '),
    );
  }

  /**
   * An index written by a version that analysed text differently (another stopword list,
   * stemmer) would miss words queries now look for: its stored chunks are analysed again.
   */
  private reanalyzeIfStale(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version === ANALYSIS_VERSION) return;
    this.db.transaction(() => {
      const chunks = this.db
        .prepare<[], { rowid: number; data: string }>('SELECT rowid, data FROM kb_chunks')
        .all();
      if (chunks.length > 0) {
        this.db.exec("INSERT INTO kb_fts (kb_fts) VALUES ('delete-all'); DELETE FROM kb_words;");
        const seenWords = new Map<string, string>();
        const updateTokens = this.db.prepare('UPDATE kb_chunks SET tokens = ? WHERE rowid = ?');
        for (const row of chunks) {
          const chunk = JSON.parse(row.data) as Chunk;
          updateTokens.run(packTokens(analyze(searchableText(chunk))), row.rowid);
          this.indexChunk(row.rowid, chunk, seenWords);
        }
        const insertWord = this.db.prepare('INSERT OR IGNORE INTO kb_words (word, stem) VALUES (?, ?)');
        for (const [word, stem] of seenWords) insertWord.run(word, stem);
      }
      this.db.pragma(`user_version = ${ANALYSIS_VERSION}`);
    })();
  }

  private deleteChunksOf(documentId: string): void {
    const rowids = this.db
      .prepare<[string], { rowid: number }>('SELECT rowid FROM kb_chunks WHERE document_id = ?')
      .all(documentId);
    const deleteFts = this.db.prepare('DELETE FROM kb_fts WHERE rowid = ?');
    for (const { rowid } of rowids) deleteFts.run(rowid);
    this.db.prepare('DELETE FROM kb_chunks WHERE document_id = ?').run(documentId);
  }

  /**
   * The question's concepts as query terms: the asker's words with their typo corrections
   * and synonyms, keeping only alternatives the index holds. A term's weight is the rarity
   * of the asker's own word, so a word no document uses still counts against coverage.
   */
  private queryTerms(text: string, vocabulary: Vocabulary): QueryTerm[] {
    const n = vocabulary.chunkCount;
    const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const dfOf = (stems: string[]) => Math.min(...stems.map((s) => vocabulary.df.get(s) ?? 0));
    const terms: QueryTerm[] = [];
    let previous: { position: number; index: number } | undefined;
    for (const concept of this.expander.expand(text)) {
      const [own, ...synonyms] = concept.alternatives;
      if (!own) continue;
      const tiedTo =
        concept.label !== undefined && previous?.position === concept.position - 1
          ? previous.index
          : undefined;
      previous = { position: concept.position, index: terms.length };
      const alternatives: TermAlternative[] = [];
      if (dfOf(own.stems) > 0) alternatives.push(own);
      const single = own.stems.length === 1 ? concept.text : undefined;
      if (single && !vocabulary.corrector.isKnown(single) && single.length >= 4 && !/\d/.test(single)) {
        // A real word the documents lack may meet another form of itself ("arrives":
        // "arrived"), never a different word one letter away ("born": "burn").
        const sameWord = this.expander.isWord(single) ? single.slice(0, Math.max(3, single.length - 2)) : '';
        for (const suggestion of vocabulary.corrector.suggest(single)) {
          if (!suggestion.word.startsWith(sameWord)) continue;
          alternatives.push({ stems: [suggestion.stem], weight: CORRECTION_WEIGHT });
        }
      }
      const ownDf = dfOf(own.stems);
      for (const synonym of synonyms) {
        // A general-language synonym only stands in for a word the documents never use:
        // beside a word they do use, it would only bring in passages about something else.
        if (synonym.standIn && ownDf > 0) continue;
        if (dfOf(synonym.stems) > 0) alternatives.push(synonym);
      }
      // Unknown everywhere (and no correction): it still counts against coverage, so a
      // question about something the sources never mention is not judged as well covered.
      const weightDf =
        ownDf > 0
          ? ownDf
          : alternatives.some((a) => a.weight === CORRECTION_WEIGHT)
            ? Math.max(...alternatives.map((a) => dfOf(a.stems)))
            : 0;
      terms.push({
        stems: [...new Set(alternatives.flatMap((a) => a.stems))],
        alternatives,
        idf: idf(weightDf),
        ...(tiedTo === undefined ? {} : { tiedTo }),
      });
    }
    return terms;
  }

  private loadVocabulary(): Vocabulary {
    if (this.vocabulary) return this.vocabulary;
    const chunkCount = this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM kb_chunks').get()!.n;
    const df = new Map<string, number>();
    for (const row of this.db
      .prepare<[], { term: string; doc: number }>('SELECT term, doc FROM kb_vocab')
      .iterate()) {
      df.set(row.term, row.doc);
    }
    const entries: VocabularyWord[] = [];
    for (const row of this.db
      .prepare<[], { word: string; stem: string }>('SELECT word, stem FROM kb_words')
      .iterate()) {
      const count = df.get(row.stem);
      if (count) entries.push({ word: row.word, stem: row.stem, df: count });
    }
    const corrector = new TypoCorrector(entries);
    if (this.warmed) corrector.warm();
    this.vocabulary = { chunkCount, df, corrector };
    return this.vocabulary;
  }
}

/** Brings an index file written by an earlier version up to the current tables. */
function upgradeSchema(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('kb_chunks')").all();
  // Chunks indexed before token packing have none; re-ranking analyses their text instead.
  if (!columns.some((c) => c.name === 'tokens')) db.exec('ALTER TABLE kb_chunks ADD COLUMN tokens TEXT');
}

/** The terms the full-text match uses: rarest first, within the postings budget. */
function matchTerms(terms: QueryTerm[], vocabulary: Vocabulary, maxPostings: number): QueryTerm[] {
  const df = (term: QueryTerm) => term.stems.reduce((sum, stem) => sum + (vocabulary.df.get(stem) ?? 0), 0);
  // Words no chunk contains match nothing; they still count against coverage when re-ranking.
  const byRarity = terms.filter((term) => df(term) > 0).sort((a, b) => df(a) - df(b));
  const chosen: QueryTerm[] = [];
  let postings = 0;
  for (const term of byRarity) {
    postings += df(term);
    if (chosen.length >= 2 && postings > maxPostings) break;
    chosen.push(term);
  }
  return chosen;
}

/** Each query stem's weight (its term's rarity); 0 for stems the query does not contain. */
function stemWeights(terms: QueryTerm[]): (stem: string) => number {
  const weights = new Map<string, number>();
  for (const term of terms) for (const stem of term.stems) weights.set(stem, term.idf);
  return (stem) => weights.get(stem) ?? 0;
}

interface SearchRow {
  rowid: number;
  rank: number;
  data: string;
  tokens: string | null;
}

interface DocumentRow {
  id: string;
  path: string;
  hash: string;
  acl: string;
  chunk_count: number;
}

function toIndexedDocument(row: DocumentRow): IndexedDocument {
  return {
    id: row.id,
    path: row.path,
    hash: row.hash,
    acl: JSON.parse(row.acl),
    chunkCount: row.chunk_count,
  };
}
