/**
 * The little dense linear algebra the model builder needs (a dozen or so assets): float64 estimates, never money.
 */
export type Vector = number[];
export type Matrix = number[][];

export function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

export function matVec(m: Matrix, v: readonly number[]): Vector {
  return m.map((row) => dot(row, v));
}

/** wᵀ M w. */
export function quadratic(m: Matrix, w: readonly number[]): number {
  return dot(w, matVec(m, w));
}

/** The rows and columns `indices` of a square matrix. */
export function subMatrix(m: Matrix, indices: readonly number[]): Matrix {
  return indices.map((i) => indices.map((j) => m[i]![j]!));
}

/** Solves A x = b by Gaussian elimination with partial pivoting; null when A is (numerically) singular. */
export function solve(a: Matrix, b: readonly number[]): Vector | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  const scale = Math.max(1e-300, ...a.flat().map(Math.abs));
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) <= scale * 1e-14) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]!;
    for (let r = col + 1; r < n; r++) {
      const row = m[r]!;
      const factor = row[col]! / p[col]!;
      if (factor === 0) continue;
      for (let c = col; c <= n; c++) row[c]! -= factor * p[c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const row = m[r]!;
    let sum = row[n]!;
    for (let c = r + 1; c < n; c++) sum -= row[c]! * x[c]!;
    x[r] = sum / row[r]!;
  }
  return x;
}
