import type { KnowledgeIndex } from '../../../src/core/ports.js';

/** The index, failing every write after `writes` successful ones, like a process dying mid-sync. */
export function failAfter(index: KnowledgeIndex, writes: number): KnowledgeIndex {
  let left = writes;
  return new Proxy(index, {
    get(target, property, receiver) {
      if (property === 'replaceDocument') {
        return async (...args: Parameters<KnowledgeIndex['replaceDocument']>) => {
          if (left-- <= 0) throw new Error('disk gone');
          return target.replaceDocument(...args);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
