/** Which SQL database a store runs on; migrations branch on it only where SQL differs. */
export type SqlDialect = 'sqlite' | 'postgresql';
