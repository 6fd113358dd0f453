import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_LESSONS_DIR } from '../../../src/config/index.js';
import { MAX_SCREEN_CHARS } from '../../../src/core/lessons/lesson.js';
import { checkLessonFolders, readLessonFolders } from '../../../src/core/lessons/lesson-catalog.js';
import { LessonFileError, parseLesson } from '../../../src/core/lessons/parse-lesson.js';

const GOOD = `---
id: sample
title: A sample lesson
track: foundations
audience: [everyone]
minutes: 2
prerequisites: []
quiz:
  - question: Which is right?
    choices:
      - text: This one
        correct: true
        explanation: Because it is.
      - text: That one
        explanation: Because it is not.
---
First paragraph.

Second paragraph.
<!-- screen -->
Third paragraph.
`;

function errorOf(source: string): LessonFileError {
  try {
    parseLesson(source, 'lessons/sample.md');
  } catch (error) {
    if (error instanceof LessonFileError) return error;
    throw error;
  }
  throw new Error('expected the lesson to be rejected');
}

describe('parseLesson', () => {
  it('reads front matter, quiz and screens split at screen markers', () => {
    const lesson = parseLesson(GOOD, 'lessons/sample.md');
    expect(lesson).toMatchObject({
      id: 'sample',
      title: 'A sample lesson',
      track: 'foundations',
      audience: ['everyone'],
      minutes: 2,
      prerequisites: [],
    });
    expect(lesson.screens).toEqual(['First paragraph.\n\nSecond paragraph.', 'Third paragraph.']);
    expect(lesson.quiz[0]!.choices.map((c) => c.correct)).toEqual([true, false]);
  });

  it('names the file, line and field when a required field is missing', () => {
    const error = errorOf(GOOD.replace('minutes: 2\n', ''));
    expect(error.field).toBe('minutes');
    expect(error.message).toMatch(/^lessons\/sample\.md:\d+: minutes: /);
  });

  it('names the line of a quiz question without a correct choice', () => {
    const error = errorOf(GOOD.replace('        correct: true\n', ''));
    expect(error.field).toBe('quiz[0].choices');
    expect(error.line).toBe(11);
    expect(error.message).toContain('exactly one choice');
  });

  it('names a choice missing its explanation', () => {
    const error = errorOf(GOOD.replace('        explanation: Because it is not.\n', ''));
    expect(error.field).toBe('quiz[0].choices[1].explanation');
    expect(error.line).toBe(14);
  });

  it('rejects unknown fields, so typos do not pass silently', () => {
    const error = errorOf(GOOD.replace('minutes: 2', 'minutes: 2\nminuts: 3'));
    expect(error.message).toContain('minuts');
  });

  it('rejects more than three questions', () => {
    const question = GOOD.slice(GOOD.indexOf('  - question'), GOOD.lastIndexOf('---'));
    const error = errorOf(GOOD.replace(question, question.repeat(4)));
    expect(error.field).toBe('quiz');
  });

  it('reports invalid YAML with its line', () => {
    const error = errorOf(GOOD.replace('title: A sample lesson', 'title: [unclosed'));
    expect(error.line).toBeGreaterThanOrEqual(3);
    expect(error.message).toContain('not valid YAML');
  });

  it('refuses a paragraph longer than a chat bubble, naming its line', () => {
    const error = errorOf(GOOD.replace('Third paragraph.', 'x'.repeat(MAX_SCREEN_CHARS + 1)));
    expect(error.field).toBe('body');
    expect(error.line).toBe(21);
  });

  it('packs long bodies into several screens under the limit', () => {
    const paragraph = `${'word '.repeat(100).trim()}.`;
    const lesson = parseLesson(
      GOOD.replace('Third paragraph.', Array(6).fill(paragraph).join('\n\n')),
      'x.md',
    );
    expect(lesson.screens.length).toBeGreaterThan(2);
    for (const screen of lesson.screens) expect(screen.length).toBeLessThanOrEqual(MAX_SCREEN_CHARS);
  });
});

describe('readLessonFolders', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads the built-in curriculum: at least 12 valid lessons, every screen fits a chat bubble', () => {
    const { lessons, errors } = readLessonFolders([BUILT_IN_LESSONS_DIR]);
    expect(errors).toEqual([]);
    expect(lessons.length).toBeGreaterThanOrEqual(12);
    for (const lesson of lessons) {
      expect(lesson.quiz.length).toBeGreaterThanOrEqual(1);
      for (const screen of lesson.screens) expect(screen.length).toBeLessThanOrEqual(MAX_SCREEN_CHARS);
    }
    expect(new Set(lessons.map((l) => l.track))).toEqual(
      new Set(['foundations', 'safety', 'managers', 'engineers', 'customer-facing']),
    );
  });

  it('reports duplicate ids and unknown prerequisites across an extra folder', () => {
    dir = mkdtempSync(join(tmpdir(), 'lumen-lessons-'));
    mkdirSync(join(dir, 'extra'));
    writeFileSync(join(dir, 'extra', 'a.md'), GOOD.replace('id: sample', 'id: hallucinations'));
    writeFileSync(
      join(dir, 'extra', 'b.md'),
      GOOD.replace('id: sample', 'id: other').replace('prerequisites: []', 'prerequisites: [missing-one]'),
    );
    const { errors } = readLessonFolders([BUILT_IN_LESSONS_DIR, join(dir, 'extra')]);
    expect(errors.map((e) => e.field)).toEqual(['id', 'prerequisites[0]']);
    expect(errors[0]!.message).toContain('04-hallucinations.md');
    expect(errors[1]!.message).toContain('missing-one');
  });

  it('refuses lesson files that link out of their folder or are not regular files, and reads the rest', () => {
    dir = mkdtempSync(join(tmpdir(), 'lumen-lessons-'));
    mkdirSync(join(dir, 'extra'));
    writeFileSync(join(dir, 'extra', 'a.md'), GOOD);
    symlinkSync('/proc/self/environ', join(dir, 'extra', 'environment.md'));
    execFileSync('mkfifo', [join(dir, 'extra', 'pipe.md')]);
    const { lessons, errors } = readLessonFolders([join(dir, 'extra')]);
    expect(lessons.map((l) => l.id)).toEqual(['sample']);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /environment\.md:0: is a link to \/proc\/(self|\d+)\/environ, outside the lesson folder/,
      ),
      expect.stringMatching(/pipe\.md:0: is not a regular file/),
    ]);
  });

  it('reuses lessons checked before (as the build checks the built-in ones) exactly as it reads them', () => {
    const known = new Map(Object.entries(checkLessonFolders([BUILT_IN_LESSONS_DIR])));
    const read = readLessonFolders([BUILT_IN_LESSONS_DIR], { known: new Map() });
    expect(known.size).toBe(read.lessons.length);
    const reused = readLessonFolders([BUILT_IN_LESSONS_DIR], { known });
    expect(JSON.stringify(reused)).toBe(JSON.stringify(read));
    // Each read gets its own lessons: changing one changes nothing that was checked before.
    reused.lessons[0]!.quiz.length = 0;
    expect(readLessonFolders([BUILT_IN_LESSONS_DIR], { known }).lessons[0]!.quiz).toEqual(
      read.lessons[0]!.quiz,
    );
  });

  it('checks a lesson again when its text or place changed, and keeps nothing from a folder with a problem', () => {
    dir = mkdtempSync(join(tmpdir(), 'lumen-lessons-'));
    mkdirSync(join(dir, 'extra'));
    writeFileSync(join(dir, 'extra', 'b.md'), GOOD);
    const known = new Map(Object.entries(checkLessonFolders([join(dir, 'extra')])));
    expect(known.size).toBe(1);
    writeFileSync(join(dir, 'extra', 'b.md'), GOOD.replace('title: A sample lesson', 'title: Changed'));
    expect(readLessonFolders([join(dir, 'extra')], { known }).lessons[0]!.title).toBe('Changed');
    writeFileSync(join(dir, 'extra', 'b.md'), GOOD.replace('minutes: 2', 'minutes: 20'));
    expect(readLessonFolders([join(dir, 'extra')], { known }).errors.map((e) => e.field)).toEqual([
      'minutes',
    ]);
    writeFileSync(join(dir, 'extra', 'b.md'), GOOD);
    writeFileSync(join(dir, 'extra', 'a.md'), GOOD.replace('id: sample', 'id: first'));
    // b.md is now second in the curriculum: a different place, checked again.
    expect(readLessonFolders([join(dir, 'extra')], { known }).lessons.map((l) => [l.id, l.order])).toEqual([
      ['first', 10],
      ['sample', 20],
    ]);
    expect(Object.keys(checkLessonFolders([join(dir, 'extra')]))).toHaveLength(2);
    writeFileSync(join(dir, 'extra', 'c.md'), GOOD.replace('minutes: 2', 'minutes: 20'));
    expect(checkLessonFolders([join(dir, 'extra')])).toEqual({});
  });
});
