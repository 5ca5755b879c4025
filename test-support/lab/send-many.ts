/** Sends `total` requests, `concurrency` at a time, and counts the answers by status. */
export async function sendMany(
  request: () => Promise<Response>,
  total: number,
  concurrency: number,
): Promise<Map<number | 'error', number>> {
  const counts = new Map<number | 'error', number>();
  let sent = 0;
  const worker = async (): Promise<void> => {
    while (sent < total) {
      sent++;
      let key: number | 'error';
      try {
        const res = await request();
        await res.arrayBuffer();
        key = res.status;
      } catch {
        key = 'error';
      }
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return counts;
}
