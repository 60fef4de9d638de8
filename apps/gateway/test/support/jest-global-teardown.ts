export default async function globalTeardown(): Promise<void> {
  const db = (globalThis as { __switchyardTestDb?: { stop(): Promise<void> } }).__switchyardTestDb;
  await db?.stop();
}
