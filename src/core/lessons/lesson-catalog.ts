import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { isLessonFor, type Lesson } from './lesson.js';
import { checkLesson, LessonFileError } from './parse-lesson.js';

/** Every lesson Lumen can teach, in curriculum order. */
export interface LessonCatalog {
  readonly lessons: readonly Lesson[];
  get(id: string): Lesson | undefined;
}

/** A catalog over already parsed lessons; checks ids are unique and prerequisites exist without cycles. */
export function createLessonCatalog(lessons: Lesson[]): LessonCatalog {
  const errors = checkCatalog(lessons);
  if (errors.length > 0) throw errors[0];
  const sorted = [...lessons].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const byId = new Map(sorted.map((l) => [l.id, l]));
  return { lessons: sorted, get: (id) => byId.get(id) };
}

/** Cross-file problems: duplicate ids, unknown prerequisites, prerequisite cycles. */
export function checkCatalog(lessons: Lesson[]): LessonFileError[] {
  const errors: LessonFileError[] = [];
  const byId = new Map<string, Lesson>();
  for (const lesson of lessons) {
    const earlier = byId.get(lesson.id);
    if (earlier) {
      errors.push(
        new LessonFileError(lesson.file, 2, 'id', `"${lesson.id}" is already used by ${earlier.file}`),
      );
    } else byId.set(lesson.id, lesson);
  }
  for (const lesson of lessons) {
    for (const [i, pre] of lesson.prerequisites.entries()) {
      if (!byId.has(pre)) {
        errors.push(
          new LessonFileError(lesson.file, 2, `prerequisites[${i}]`, `no lesson has the id "${pre}"`),
        );
      }
    }
  }
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (lesson: Lesson): boolean => {
    if (done.has(lesson.id)) return false;
    if (visiting.has(lesson.id)) return true;
    visiting.add(lesson.id);
    const cyclic = lesson.prerequisites.some((p) => {
      const next = byId.get(p);
      return next ? visit(next) : false;
    });
    visiting.delete(lesson.id);
    done.add(lesson.id);
    return cyclic;
  };
  for (const lesson of byId.values()) {
    done.clear();
    if (visit(lesson)) {
      errors.push(new LessonFileError(lesson.file, 2, 'prerequisites', `"${lesson.id}" depends on itself`));
    }
  }
  return errors;
}

/** The result of reading lesson folders: the lessons that parsed and every problem found. */
export interface LessonLoadResult {
  lessons: Lesson[];
  errors: LessonFileError[];
}

/**
 * Lessons already checked, by `checkedLessonKey` of their text and place, each with its
 * `file` left empty: checking a lesson does not depend on anything else. The build checks
 * the built-in lessons and writes them beside the compiled catalog (CHECKED_LESSONS), which
 * saves every command and start-up parsing their YAML, the slowest part of starting on the
 * local defaults. A lesson whose text changed is checked again.
 */
export type CheckedLessons = ReadonlyMap<string, Lesson>;

/** Written by the build beside the compiled catalog; absent beside the TypeScript. */
const CHECKED_LESSONS = new URL('./checked-lessons.json', import.meta.url);

/** What a checked lesson is known by: its file's text and its place in the curriculum. */
export function checkedLessonKey(source: string, order: number): string {
  return createHash('sha256').update(`${order}\n${source}`).digest('hex');
}

let builtChecked: CheckedLessons | undefined;

/** The lessons the build checked, or none when running from the sources or the file is unreadable. */
function checkedByBuild(): CheckedLessons {
  if (!builtChecked) {
    try {
      builtChecked = new Map(Object.entries(JSON.parse(readFileSync(CHECKED_LESSONS, 'utf8'))));
    } catch {
      builtChecked = new Map();
    }
  }
  return builtChecked;
}

/** The folders' lessons as `readLessonFolders` reuses them, when every lesson in them is sound (else none). */
export function checkLessonFolders(folders: string[]): Record<string, Lesson> {
  const checked = new Map<string, Lesson>();
  const { errors } = readLessonFolders(folders, { known: new Map(), checked });
  return errors.length === 0 ? Object.fromEntries(checked) : {};
}

/** Reads every `*.md` lesson in the folders (in order), collecting problems instead of stopping. */
export function readLessonFolders(
  folders: string[],
  options: { known?: CheckedLessons; checked?: Map<string, Lesson> } = {},
): LessonLoadResult {
  const known = options.known ?? checkedByBuild();
  const lessons: Lesson[] = [];
  const errors: LessonFileError[] = [];
  let order = 0;
  for (const folder of folders) {
    const dir = resolve(folder);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      errors.push(new LessonFileError(dir, 0, '', 'lesson folder does not exist'));
      continue;
    }
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.md'))
      .sort()) {
      const file = join(dir, name);
      order += 10;
      const unsafe = unsafeLessonFile(dir, file);
      if (unsafe) {
        errors.push(new LessonFileError(file, 0, '', unsafe));
        continue;
      }
      const source = readFileSync(file, 'utf8');
      const key = checkedLessonKey(source, order);
      const already = known.get(key);
      if (already) {
        lessons.push({ ...structuredClone(already), file });
        continue;
      }
      const { lesson, problems } = checkLesson(source, file, order);
      if (lesson) {
        lessons.push(lesson);
        options.checked?.set(key, { ...lesson, file: '' });
      }
      errors.push(...problems);
    }
  }
  errors.push(...checkCatalog(lessons));
  return { lessons, errors };
}

/**
 * Why a lesson file must not be read, if it must not: a link that leaves its folder (it
 * could show any file of the server, such as `/proc/self/environ`), or something other than
 * a regular file (reading a FIFO would hang start-up).
 */
function unsafeLessonFile(dir: string, file: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(file);
  } catch (error) {
    return `cannot be read: ${error instanceof Error ? error.message : String(error)}`;
  }
  const inside = relative(realpathSync(dir), real);
  if (!inside || inside.startsWith('..') || isAbsolute(inside)) {
    return `is a link to ${real}, outside the lesson folder; copy the lesson into the folder instead`;
  }
  return statSync(real).isFile()
    ? undefined
    : 'is not a regular file (a folder, device, FIFO or socket); remove it';
}

/** Loads a catalog from folders; throws the first problem so a broken lesson never ships silently. */
export function loadLessonCatalog(folders: string[]): LessonCatalog {
  const { lessons, errors } = readLessonFolders(folders);
  if (errors.length > 0) throw errors[0];
  return createLessonCatalog(lessons);
}

/** The lesson a learner should take next: one in progress, else the first unlocked one for them. */
export function nextLesson(
  catalog: LessonCatalog,
  groups: readonly string[],
  completed: ReadonlySet<string>,
  inProgress?: string,
): Lesson | undefined {
  const current = inProgress ? catalog.get(inProgress) : undefined;
  if (current && !completed.has(current.id)) return current;
  return catalog.lessons.find(
    (l) => !completed.has(l.id) && isLessonFor(l, groups) && l.prerequisites.every((p) => completed.has(p)),
  );
}
