import { readFile } from 'node:fs/promises';

/** One evaluation question: the reference answer ends with `[file#page=N]` citations. */
export interface EvalQuestion {
  question: string;
  truth: string;
  /** Citations parsed from `truth`, e.g. `Northwind_Standard_Benefits_Details.pdf#page=7`. */
  citations: string[];
  /** True when the answer is not in the corpus, so Lumen must abstain. */
  expectAbstain: boolean;
}

const CITATION = /\[([^\]\s][^\]]*?\.[a-z0-9]{1,5}(?:#page=\d+)?)\]/gi;

/** Reads a JSONL question set; a bad line is an error naming its line number. */
export async function readQuestionSet(path: string): Promise<EvalQuestion[]> {
  const text = await readFile(path, 'utf8');
  const questions: EvalQuestion[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new Error(`${path}:${i + 1} is not valid JSON`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error(`${path}:${i + 1} is not a JSON object like {"question", "truth"}`);
    }
    const record = parsed as { question?: unknown; truth?: unknown; abstain?: unknown };
    if (typeof record.question !== 'string' || !record.question.trim()) {
      throw new Error(`${path}:${i + 1} has no "question" string`);
    }
    const truth = typeof record.truth === 'string' ? record.truth : '';
    const citations = [...truth.matchAll(CITATION)].map((m) => m[1]!);
    questions.push({ question: record.question, truth, citations, expectAbstain: record.abstain === true });
  });
  return questions;
}

/** Normalises a citation label for comparison: file name (no folders), lowercase, page anchor kept. */
export function citationKey(label: string): string {
  const [path = '', anchor] = label.split('#');
  const file = path.split('/').pop()!.toLowerCase();
  return anchor ? `${file}#${anchor.toLowerCase()}` : file;
}
