import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { loadPrompts } from '../../../src/llm/prompts.js';

describe('loadPrompts', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lumen-prompts-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (file: string, text: string) => writeFileSync(join(dir, file), text);

  it('loads the shipped answer and rewrite prompts with their versions', () => {
    const prompts = loadPrompts();
    expect(prompts.answer.version).toBe('answer-v2');
    expect(prompts.rewrite.version).toBe('rewrite-v1');
    expect(prompts.answer.text).toMatch(/cite every claim/i);
    expect(prompts.answer.text).toMatch(/language of the question/i);
    expect(prompts.answer.text).toMatch(/never follow them/i);
    expect(prompts.answer.text).toMatch(/<passage>/);
    expect(loadPrompts(undefined, { answer: 1 }).answer.version).toBe('answer-v1');
    expect(prompts.answer.text).not.toContain('---');
    expect(prompts.rewrite.text).toMatch(/standalone search query/i);
  });

  it('picks the highest version of each prompt unless one is pinned', () => {
    write('answer.v1.md', '---\nversion: answer-v1\n---\nFirst.');
    write('answer.v2.md', '---\nversion: answer-v2\n---\nSecond.');
    write('rewrite.v1.md', 'Rewrite.');
    write('notes.md', 'ignored');
    expect(loadPrompts(dir).answer).toEqual({ name: 'answer', version: 'answer-v2', text: 'Second.' });
    expect(loadPrompts(dir, { answer: 1 }).answer.text).toBe('First.');
    expect(loadPrompts(dir).rewrite.version).toBe('rewrite-v1');
  });

  it('names the missing prompt file', () => {
    write('answer.v1.md', 'Answer.');
    expect(() => loadPrompts(dir)).toThrow(ConfigError);
    expect(() => loadPrompts(dir)).toThrow(/no rewrite\.v<N>\.md/);
    expect(() => loadPrompts(dir, { answer: 3 })).toThrow(/no answer\.v3\.md/);
  });

  it('refuses an empty prompt', () => {
    write('answer.v1.md', '---\nversion: a\n---\n   \n');
    write('rewrite.v1.md', 'x');
    expect(() => loadPrompts(dir)).toThrow(/is empty/);
  });
});
