import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { splitSentences } from '../src/text/index.js';

/** The public benchmark corpus next to the repository, read in place and never copied. */
export const ZAVA_DIR = resolve(import.meta.dirname, '../../shared/bench/zava');

/** The handbook development set (questions phrased as employees phrase them), read in place. */
export const HANDBOOK_DIR = resolve(import.meta.dirname, '../../shared/bench/sourcegraph-handbook');

/** The repository's own sample knowledge base. */
export const SAMPLE_DIR = resolve(import.meta.dirname, '../samples/knowledge');

/** Sentences of real-looking policy text to build synthetic corpora from. */
export function policySentences(): string[] {
  const sources = join(import.meta.dirname, '../samples/sources');
  const sentences: string[] = [];
  for (const file of readdirSync(sources)) {
    if (!file.endsWith('.md')) continue;
    const text = readFileSync(join(sources, file), 'utf8').replace(/^---[\s\S]*?---/, '');
    for (const sentence of splitSentences(text.replace(/[#*`>|-]+/g, ' '))) {
      if (sentence.split(/\s+/).length >= 6) sentences.push(sentence.replace(/\s+/g, ' ').trim());
    }
  }
  return sentences;
}

/** Questions to time queries with: the Zava question set when present, else sample questions. */
export function benchmarkQuestions(): string[] {
  const truth = join(ZAVA_DIR, 'ground_truth.jsonl');
  if (existsSync(truth)) {
    return readFileSync(truth, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => (JSON.parse(line) as { question: string }).question);
  }
  return [
    'How many days of annual leave do I get?',
    'How do I reset my password?',
    'What is the per diem for travel?',
    'Who approves expense reports?',
    'How do I report a phishing email?',
  ];
}

/** A deterministic pseudo-random generator, so every run builds the same corpus. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
