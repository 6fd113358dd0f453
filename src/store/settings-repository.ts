import type { Kysely } from 'kysely';
import type { RuntimeSetting, SettingsRepository } from '../core/ports.js';
import { fromEpochMs, fromJson, toEpochMs, toJson } from './columns.js';
import type { Database } from './database.js';

/** Run-time settings in SQL: one row per key, JSON values, last writer wins. */
export function createSettingsRepository(db: Kysely<Database>): SettingsRepository {
  return {
    async get(key: string): Promise<RuntimeSetting | undefined> {
      const row = await db.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
      if (!row) return undefined;
      return {
        key: row.key,
        value: fromJson<unknown>(row.value),
        updatedBy: row.updated_by,
        updatedAt: fromEpochMs(row.updated_at),
      };
    },

    async set(setting: RuntimeSetting): Promise<void> {
      const values = {
        key: setting.key,
        value: toJson(setting.value),
        updated_by: setting.updatedBy,
        updated_at: toEpochMs(setting.updatedAt),
      };
      await db
        .insertInto('settings')
        .values(values)
        .onConflict((conflict) =>
          conflict.column('key').doUpdateSet({
            value: values.value,
            updated_by: values.updated_by,
            updated_at: values.updated_at,
          }),
        )
        .execute();
    },
  };
}
