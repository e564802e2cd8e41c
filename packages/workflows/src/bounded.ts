/**
 * Runs `work` for every item with at most `size` in flight, so one event with thousands of
 * registrants never has thousands of children pending at once. Deterministic in a workflow: the
 * order of completions comes from history.
 */
export async function inBoundedWindow<T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<unknown>,
) {
  const running = new Set<Promise<unknown>>();
  for (const item of items) {
    const task: Promise<unknown> = work(item).finally(() => running.delete(task));
    running.add(task);
    if (running.size >= size) await Promise.race(running);
  }
  await Promise.all(running);
}
