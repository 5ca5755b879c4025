// Waits until a URL answers 2xx, or fails after a timeout naming what did not come up.
// Usage: node scripts/demo/wait-for-http.mjs URL LABEL [TIMEOUT_SECONDS]
const [url, label, timeoutSeconds = '20'] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutSeconds) * 1000;
for (;;) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    if (res.ok) process.exit(0);
  } catch {
    // not listening yet
  }
  if (Date.now() > deadline) {
    console.error(`demo: ${label} did not answer ${url} within ${timeoutSeconds} s`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}
