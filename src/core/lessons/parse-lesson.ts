import { isMap, isNode, LineCounter, parseDocument } from 'yaml';
import * as z from 'zod';
import { LumenError } from '../errors.js';
import { type Lesson, MAX_SCREEN_CHARS } from './lesson.js';

/** A lesson file that cannot be used as it is; the message names the file, line and field. */
export class LessonFileError extends LumenError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    problem: string,
  ) {
    super('lessons.invalid_file', `${file}:${line}: ${field ? `${field}: ` : ''}${problem}`);
  }
}

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'must be lowercase letters, digits and "-"');
const text = z.string().trim().min(1, 'must not be empty');

const choiceSchema = z.strictObject({
  text,
  correct: z.boolean().default(false),
  explanation: text,
});

const questionSchema = z
  .strictObject({
    question: text,
    choices: z
      .array(choiceSchema)
      .min(2, 'must list at least 2 choices')
      .max(5, 'must list at most 5 choices'),
  })
  .refine((q) => q.choices.filter((c) => c.correct).length === 1, {
    message: 'exactly one choice must have `correct: true`',
    path: ['choices'],
  });

const frontMatterSchema = z.strictObject({
  id,
  title: text,
  track: id,
  // `audience: everyone` reads naturally and means the same as `audience: [everyone]`.
  audience: z
    .preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(text))
    .pipe(z.array(text).min(1, 'must name at least one role (or `everyone`)'))
    .default(['everyone']),
  minutes: z.number().int().min(1).max(10),
  prerequisites: z.array(id).default([]),
  order: z.number().int().optional(),
  quiz: z.array(questionSchema).min(1, 'must have 1 to 3 questions').max(3, 'must have 1 to 3 questions'),
});

const SCREEN_BREAK = /^<!--\s*screen\s*-->\s*$/;

/**
 * Parses one lesson file: YAML front matter (id, title, track, audience, minutes,
 * prerequisites, quiz) between `---` lines, then a Markdown body. The body is split into
 * screens at `<!-- screen -->` lines, and paragraphs are packed into screens of at most
 * MAX_SCREEN_CHARS. Throws LessonFileError naming the line and field of the first problem.
 */
export function parseLesson(source: string, file: string, order = 0): Lesson {
  const { lesson, problems } = checkLesson(source, file, order);
  if (!lesson) throw problems[0]!;
  return lesson;
}

/**
 * Checks one lesson file and reports every problem found in it (each with its line and
 * field), with the lesson when there are none.
 */
export function checkLesson(
  source: string,
  file: string,
  order = 0,
): { lesson?: Lesson; problems: LessonFileError[] } {
  const fail = (...problems: LessonFileError[]) => ({ problems });
  const opening = /^---[ \t]*\r?\n/.exec(source);
  if (!opening)
    return fail(new LessonFileError(file, 1, '', 'must start with a `---` line opening the front matter'));
  const rest = source.slice(opening[0].length);
  const closing = /^---[ \t]*$/m.exec(rest);
  if (!closing) return fail(new LessonFileError(file, 1, '', 'front matter has no closing `---` line'));
  const raw = rest.slice(0, closing.index);
  const bodyStartLine = lineOf(source, opening[0].length + closing.index);
  const body = rest.slice(closing.index + closing[0].length);

  const problems: LessonFileError[] = [];
  const screens: string[] = [];
  screens.push(...splitScreens(body, file, bodyStartLine, problems));
  if (screens.length === 0 && problems.length === 0) {
    problems.push(new LessonFileError(file, bodyStartLine, 'body', 'the lesson has no text'));
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(raw, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const yamlProblems = doc.errors.map(
      (yamlError) =>
        new LessonFileError(
          file,
          lineCounter.linePos(yamlError.pos[0]).line + 1,
          '',
          `front matter is not valid YAML: ${yamlError.message.split('\n')[0]}`,
        ),
    );
    return fail(...yamlProblems, ...problems);
  }
  if (!isMap(doc.contents)) {
    return fail(new LessonFileError(file, 2, '', 'front matter must be a YAML mapping'), ...problems);
  }
  const parsed = frontMatterSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const fieldProblems = parsed.error.issues.map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      const field = path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
        .join('')
        .replace(/^\./, '');
      return new LessonFileError(file, yamlLine(doc, lineCounter, path), field, issue.message);
    });
    return fail(...[...fieldProblems, ...problems].sort((a, b) => a.line - b.line));
  }
  if (problems.length > 0) return fail(...problems);
  const meta = parsed.data;
  return {
    lesson: {
      id: meta.id,
      title: meta.title,
      track: meta.track,
      audience: meta.audience,
      minutes: meta.minutes,
      prerequisites: meta.prerequisites,
      screens,
      quiz: meta.quiz,
      file,
      order: meta.order ?? order,
    },
    problems: [],
  };
}

/** The 1-based line (within the whole file) of the YAML node at `path`, or its nearest parent. */
function yamlLine(
  doc: ReturnType<typeof parseDocument>,
  counter: LineCounter,
  path: (string | number)[],
): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line + 1;
  }
  return 1;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** Packs paragraphs into screens of at most MAX_SCREEN_CHARS; `<!-- screen -->` lines always split. */
function splitScreens(body: string, file: string, firstLine: number, problems: LessonFileError[]): string[] {
  const screens: string[] = [];
  let current = '';
  let paragraph: string[] = [];
  let paragraphLine = firstLine;
  const flushParagraph = () => {
    const text = paragraph.join('\n').trim();
    paragraph = [];
    if (!text) return;
    if (text.length > MAX_SCREEN_CHARS) {
      problems.push(
        new LessonFileError(
          file,
          paragraphLine,
          'body',
          `a paragraph is ${text.length} characters; keep each under ${MAX_SCREEN_CHARS} so it fits a chat bubble`,
        ),
      );
      return;
    }
    if (current && current.length + 2 + text.length > MAX_SCREEN_CHARS) {
      screens.push(current);
      current = '';
    }
    current = current ? `${current}\n\n${text}` : text;
  };
  const lines = body.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (SCREEN_BREAK.test(line)) {
      flushParagraph();
      if (current) screens.push(current);
      current = '';
    } else if (line.trim() === '') {
      flushParagraph();
    } else {
      if (paragraph.length === 0) paragraphLine = firstLine + i;
      paragraph.push(line);
    }
  });
  flushParagraph();
  if (current) screens.push(current);
  return screens;
}
