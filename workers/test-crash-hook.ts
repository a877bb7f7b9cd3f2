/**
 * TEST-ONLY fault injection. When the environment variable `S2S_WORKER_TEST_CRASH_ON` is set to a non-empty marker,
 * a worker that picks up a line containing the marker kills its own process with SIGKILL before translating it —
 * a request that "keeps killing workers", as the poison-request spec needs. Never set it in production; with the
 * variable unset (the normal case) this is a no-op.
 */
export const TEST_CRASH_ENV = 'S2S_WORKER_TEST_CRASH_ON';

/** The marker from the environment, if the test hook is enabled. */
export function testCrashMarker(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const marker = env[TEST_CRASH_ENV];
  return marker === undefined || marker === '' ? undefined : marker;
}

/** Kills this process (SIGKILL, no cleanup) if `text` contains `marker`. */
export function crashIfMarked(text: string, marker: string | undefined): void {
  if (marker !== undefined && text.includes(marker)) process.kill(process.pid, 'SIGKILL');
}
