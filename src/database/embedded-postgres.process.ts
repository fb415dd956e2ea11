// Child-process entry: runs PGlite off the API's event loop, so database work (WASM, CPU-bound)
// never stalls request handling. Exits when the parent goes away.
import { startEmbeddedPostgres } from './embedded-postgres';

async function main() {
  const dataDir = process.argv[2];
  const pg = await startEmbeddedPostgres(dataDir);
  const stop = async () => {
    await pg.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.send?.({ url: pg.url });
}

main().catch((err: unknown) => {
  process.send?.({ error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
