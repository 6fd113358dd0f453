import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_LESSONS_DIR } from '../../../src/config/index.js';
import { loadLessonCatalog } from '../../../src/core/lessons/lesson-catalog.js';
import type { ActionPayload, Reply } from '../../../src/core/reply.js';
import { createTestCore, makeAction, makeTurn, type TestCore } from '../../helpers/builders.js';

const catalog = loadLessonCatalog([BUILT_IN_LESSONS_DIR]);

/** Limits of the strictest surface (Slack Block Kit): section text, button text and value, buttons per block. */
const MAX_TEXT = 3_000;
const MAX_LABEL = 75;
const MAX_VALUE = 2_000;
const MAX_BUTTONS = 25;

function checkFits(reply: Reply, where: string) {
  expect(reply.text.length, where).toBeLessThanOrEqual(MAX_TEXT);
  expect(reply.actions.length, where).toBeLessThanOrEqual(MAX_BUTTONS);
  for (const action of reply.actions) {
    expect(action.label.length, where).toBeLessThanOrEqual(MAX_LABEL);
    expect(JSON.stringify(action.payload).length, where).toBeLessThanOrEqual(MAX_VALUE);
  }
}

describe('the built-in curriculum through the core', () => {
  let core: TestCore;
  beforeEach(async () => {
    core = await createTestCore();
  });
  afterEach(async () => core.close());

  it('takes every lesson for every role in order, each reply fitting a chat message', async () => {
    const user = { id: 'all-roles', groups: ['managers', 'engineers', 'customer-facing'] };
    const press = async (payload: ActionPayload) => {
      const reply = await core.copilot.handle(makeAction(payload, { user, receivedAt: core.clock.now() }));
      checkFits(reply, JSON.stringify(payload));
      return reply;
    };
    const taken: string[] = [];
    let reply = await core.copilot.handle(makeTurn('lesson', { user }));
    for (let guard = 0; guard < 500; guard++) {
      checkFits(reply, reply.text.slice(0, 60));
      const first = reply.actions[0]?.payload;
      if (!first) break;
      if (first.name === 'confidence') {
        if (first.stage === 'before') taken.push(first.lessonId);
        reply = await press({ ...first, value: 3 });
      } else if (first.name === 'quiz_answer') {
        // Answer with the last choice: sometimes right, sometimes not.
        reply = await press(reply.actions.at(-1)!.payload);
      } else if (first.name === 'lesson_feedback') {
        reply = await press(reply.actions.at(-1)!.payload); // Next lesson
      } else {
        reply = await press(first);
      }
    }
    expect(reply.text).toContain("You've completed all");
    expect([...taken].sort()).toEqual(catalog.lessons.map((l) => l.id).sort());
    for (const [i, id] of taken.entries()) {
      for (const pre of catalog.get(id)!.prerequisites)
        expect(taken.indexOf(pre), `${id} after ${pre}`).toBeLessThan(i);
    }
  });
});
