export { LocalIndex, type LocalIndexOptions } from './local-index.js';
