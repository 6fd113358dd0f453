export { DEFAULT_EXTRACTIVE_OPTIONS, ExtractiveModel, type ExtractiveOptions } from './extractive-model.js';
