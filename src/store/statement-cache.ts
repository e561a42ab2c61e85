import type Database from 'better-sqlite3';

/**
 * Prepares each distinct SQL text once per connection: the list queries build their WHERE clause from
 * optional filters, which gives a handful of shapes, each reused.
 */
export function statementCache(
  db: Database.Database,
): <Row>(sql: string) => Database.Statement<unknown[], Row> {
  const cache = new Map<string, Database.Statement<unknown[], unknown>>();
  return <Row>(sql: string): Database.Statement<unknown[], Row> => {
    let stmt = cache.get(sql);
    if (!stmt) cache.set(sql, (stmt = db.prepare<unknown[], unknown>(sql)));
    return stmt as Database.Statement<unknown[], Row>;
  };
}
