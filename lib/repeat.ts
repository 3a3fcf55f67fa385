/**
 * A background task a service repeats on a timer of its own (the daily retention run, the grade
 * tracker): one run at a time, the next one armed only when the last has finished, the timer never
 * keeping the process alive. `task` handles its own errors and says how long to wait before the next
 * run (should it throw anyway, the schedule goes on after `firstDelayMs`).
 */
export function repeat(firstDelayMs: number, task: () => Promise<number>): () => Promise<void> {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const arm = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      let next = firstDelayMs;
      running = task().then((ms) => { next = ms; }, () => { /* the task logs its own failures */ }).finally(() => arm(next));
    }, delayMs);
    timer.unref();
  };
  arm(firstDelayMs);
  /** Stops the schedule; a run in progress finishes first. */
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
