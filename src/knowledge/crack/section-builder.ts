import type { Section } from '../document.js';

/**
 * Collects text into sections while tracking the heading path: a heading of level n
 * closes every open heading of level n or deeper. Text before the first heading goes to
 * a section with an empty heading path. Paragraphs are separated by a blank line, lines
 * within a paragraph (list items, table rows) by a single newline.
 */
export class SectionBuilder {
  private readonly sections: Section[] = [];
  private readonly stack: { level: number; text: string }[] = [];
  private paragraphs: string[] = [];
  private lines: string[] = [];

  /** Starts a new section under a heading of the given level (1 = top). */
  heading(level: number, text: string): void {
    const title = collapseSpaces(text);
    if (title.length === 0) return;
    this.flushSection();
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.level >= level) this.stack.pop();
    this.stack.push({ level, text: title });
  }

  /** Adds one line (a sentence run, list item or table row) to the current paragraph. */
  line(text: string): void {
    const cleaned = text
      .split('\n')
      .map(collapseSpaces)
      .filter((part) => part.length > 0);
    this.lines.push(...cleaned);
  }

  /** Ends the current paragraph. */
  paragraphBreak(): void {
    if (this.lines.length > 0) this.paragraphs.push(this.lines.join('\n'));
    this.lines = [];
  }

  /** The sections collected so far, without empty ones. */
  finish(): Section[] {
    this.flushSection();
    return this.sections;
  }

  private flushSection(): void {
    this.paragraphBreak();
    const text = this.paragraphs.join('\n\n');
    this.paragraphs = [];
    if (text.length > 0) this.sections.push({ headingPath: this.stack.map((entry) => entry.text), text });
  }
}

function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
