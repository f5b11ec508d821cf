/**
 * A counter bumped whenever daily bars or splits change in this process, so caches of derived history (the
 * benchmark's index) know to recompute; other app instances rely on those caches' short lifetimes.
 */
let version = 0;

export function markHistoryChanged(): void {
  version++;
}

export function historyVersion(): number {
  return version;
}
