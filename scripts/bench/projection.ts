/**
 * npm run bench:projection [-- --json]
 *
 * A goal's Monte Carlo projection as the goals page runs it on the request path: 10,000 paths × 30 years of
 * monthly steps on a balanced portfolio (lib/planning/monte-carlo.ts). Two cases: a goal on track (the 30 years
 * only) and one that is not (the 30 years, then up to 20 more looking for a later date, and two riskier models).
 * Prints wall and CPU milliseconds per projection (median and worst of the runs); the aim is under 150 ms wall on
 * an idle machine. CPU time is printed too because a shared machine's wall time says more about its neighbours.
 * With --json, one JSON object is the last line.
 */
import { performance } from "node:perf_hooks";
import { DEFAULT_PATHS, projectGoal, type ProjectionInput } from "../../lib/planning/monte-carlo";
import { percentile, round, wantsJson } from "./report";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const onTrack: ProjectionInput = {
  startingValue: 50_000,
  monthlyContribution: 500,
  months: 360,
  target: 400_000,
  expectedReturn: 0.06,
  volatility: 0.1,
  annualFee: 0.0025,
  seed: 20_261_202,
};
const behind: ProjectionInput = {
  ...onTrack,
  target: 1_500_000,
  alternatives: [
    { expectedReturn: 0.065, volatility: 0.13 },
    { expectedReturn: 0.072, volatility: 0.16 },
  ],
};

function measure(input: ProjectionInput) {
  const wall: number[] = [];
  const cpu: number[] = [];
  let result = projectGoal(input);
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const usage = process.cpuUsage();
    result = projectGoal(input);
    const used = process.cpuUsage(usage);
    wall.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    wallMsMedian: round(percentile(wall, 50)),
    wallMsMax: round(wall.at(-1)!),
    cpuMsMedian: round(percentile(cpu, 50)),
    probability: result.probability,
    onTrack: result.advice.onTrack,
  };
}

function main() {
  const log = wantsJson() ? () => {} : console.log;
  log(`Projection: ${DEFAULT_PATHS.toLocaleString("en-US")} paths × 360 months, ${RUNS} runs each (after one warm-up).`);
  const result = { paths: DEFAULT_PATHS, months: 360, runs: RUNS, onTrack: measure(onTrack), behind: measure(behind) };
  for (const name of ["onTrack", "behind"] as const) {
    const r = result[name];
    log(`${name.padEnd(8)} wall median ${r.wallMsMedian} ms (max ${r.wallMsMax} ms), CPU median ${r.cpuMsMedian} ms; P = ${r.probability}, on track: ${r.onTrack}`);
  }
  if (wantsJson()) console.log(JSON.stringify(result));
}

main();
