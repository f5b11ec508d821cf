/** Where `seed:large` puts its database and `bench:read` finds it: beside the development database. */
import pg from "pg";
import { openDatabase, type OpenDatabase } from "../lib/database";

export const LARGE_DATABASE = process.env.LARGE_DATABASE ?? "autovest_large";
/** Every seeded investor's password, for trying the large database by hand. */
export const LARGE_SEED_PASSWORD = "autovest-large-seed";

/** The development server (embedded, or DATABASE_URL's), and the large database's URL on it. */
export async function openLargeDatabase(log?: (line: string) => void): Promise<OpenDatabase & { largeUrl: string; serverUrl: (database: string) => string }> {
  const database = await openDatabase(log);
  const serverUrl = (name: string) => {
    const url = new URL(database.url);
    url.pathname = `/${name}`;
    return url.toString();
  };
  return { ...database, largeUrl: serverUrl(LARGE_DATABASE), serverUrl };
}

/** Runs `work` with a connection to the server's maintenance database (to create or drop databases). */
export async function withServer<T>(serverUrl: (database: string) => string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl("postgres") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
