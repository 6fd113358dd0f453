import { readFile } from 'node:fs/promises';

/**
 * One evaluation item: a question (or a conversation whose last turn is scored) with the
 * sources that answer it and, where the set gives them, the facts a correct answer holds.
 */
export interface EvalQuestion {
  /** The item's id from the file, or its line number. */
  id: string;
  /** The scored message: the question, or a conversation's last turn. */
  question: string;
  /** Every message of the conversation, in order; one for a single question. */
  turns: string[];
  truth: string;
  /**
   * Expected sources: the `sources` field (paths like `benefits/leave.md`), or the
   * `[file#page=N]` tags at the end of `truth`.
   */
  citations: string[];
  /** Regular expressions (case-insensitive) that a correct answer must all match. */
  facts: string[];
  /** The set's label for the kind of question (`easy`, `para`, `typo`...), if any. */
  kind?: string;
  /** True when the sources do not answer it, so Lumen must abstain. */
  expectAbstain: boolean;
}

const CITATION = /\[([^\]\s][^\]]*?\.[a-z0-9]{1,5}(?:#page=\d+)?)\]/gi;

/**
 * Reads a JSONL question set. A line is `{"question", "truth"?, "sources"?, "facts"?,
 * "kind"?, "abstain"?, "id"?}` or a conversation `{"turns": [...], ...}`. A bad line is an
 * error naming its line number.
 */
export async function readQuestionSet(path: string): Promise<EvalQuestion[]> {
  const text = await readFile(path, 'utf8');
  const questions: EvalQuestion[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${path}:${i + 1}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new Error(`${where} is not valid JSON`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error(`${where} is not a JSON object like {"question", "truth"}`);
    }
    questions.push(toQuestion(parsed as Record<string, unknown>, where, i + 1));
  });
  return questions;
}

function toQuestion(record: Record<string, unknown>, where: string, line: number): EvalQuestion {
  const turns = conversationOf(record, where);
  const truth = typeof record.truth === 'string' ? record.truth : '';
  const sources = stringList(record.sources, 'sources', where);
  const facts = stringList(record.facts, 'facts', where);
  for (const fact of facts) {
    try {
      new RegExp(fact, 'i');
    } catch {
      throw new Error(`${where} has a fact that is not a valid regular expression: ${fact}`);
    }
  }
  return {
    id: typeof record.id === 'string' && record.id ? record.id : `line ${line}`,
    question: turns.at(-1)!,
    turns,
    truth,
    citations: sources.length > 0 ? sources : [...truth.matchAll(CITATION)].map((m) => m[1]!),
    facts,
    ...(typeof record.kind === 'string' ? { kind: record.kind } : {}),
    expectAbstain: record.abstain === true || record.kind === 'unanswerable',
  };
}

function conversationOf(record: Record<string, unknown>, where: string): string[] {
  if (record.turns !== undefined) {
    const turns = stringList(record.turns, 'turns', where);
    if (turns.length === 0 || turns.some((t) => !t.trim()))
      throw new Error(`${where} has "turns" that is empty or holds an empty message`);
    return turns;
  }
  if (typeof record.question !== 'string' || !record.question.trim()) {
    throw new Error(`${where} has no "question" string (or "turns" list)`);
  }
  return [record.question];
}

function stringList(value: unknown, field: string, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw new Error(`${where} has "${field}" that is not a list of strings`);
  return value as string[];
}

/** Normalises a citation label for comparison: lowercase path without `./`, page anchor kept. */
export function citationKey(label: string): string {
  const [path = '', anchor] = label.split('#');
  const clean = path
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .toLowerCase();
  return anchor ? `${clean}#${anchor.toLowerCase()}` : clean;
}

/**
 * Whether a cited or retrieved location is the expected source. A bare file name matches
 * that file in any folder; a path must match whole trailing folders (`leave/index.md` is
 * not `pay/index.md`); a page anchor, when expected, must match too.
 */
export function isSource(expected: string, location: string): boolean {
  const [wantPath = '', wantAnchor] = citationKey(expected).split('#');
  const [gotPath = '', gotAnchor] = citationKey(location).split('#');
  if (wantAnchor !== undefined && wantAnchor !== gotAnchor) return false;
  return gotPath === wantPath || gotPath.endsWith(`/${wantPath}`) || wantPath.endsWith(`/${gotPath}`);
}
