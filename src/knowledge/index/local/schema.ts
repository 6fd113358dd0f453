/** Tables of the local knowledge index; they live in their own SQLite file or beside the store's. */
export const LOCAL_INDEX_SCHEMA = `
CREATE TABLE IF NOT EXISTS kb_documents (
  id TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  hash TEXT NOT NULL,
  acl TEXT NOT NULL,
  chunk_count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS kb_chunks (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  document_id TEXT NOT NULL,
  data TEXT NOT NULL,
  tokens TEXT
);
CREATE INDEX IF NOT EXISTS kb_chunks_document ON kb_chunks (document_id);
CREATE VIRTUAL TABLE IF NOT EXISTS kb_fts USING fts5 (
  title, headings, body, acl,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE IF NOT EXISTS kb_vocab USING fts5vocab (kb_fts, 'row');
CREATE TABLE IF NOT EXISTS kb_words (
  word TEXT PRIMARY KEY,
  stem TEXT NOT NULL
) WITHOUT ROWID;
`;
