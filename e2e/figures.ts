/**
 * Figures the browser tests expect, worked out by hand from the demo prices (prisma/seed.ts), the order
 * planner's rules (lib/investing/plan.ts) and the simulated broker's (lib/brokerage/simulated.ts), not by the
 * code under test. They hold while nothing has moved the demo prices: the spec that syncs prices runs last.
 */

/** The holdings table's header row, as its rows below are written. */
export const HOLDINGS_HEADER = "Fund Shares Price Value Weight Target";

/**
 * $500 invested on the balanced model:
 * - each fund is bought for its weight of the $500.00, in cents rounded down: $175.00 of VTI (35%), $125.00 of
 *   BND (25%), $75.00 of VEA (15%), $25.00 of each of the five 5% funds; they add up to the $500.00 exactly;
 * - the broker fills a buy at the price plus half its 5 bp spread, rounded up to 1e-6 (VTI: 290.12 × 1.00025 =
 *   290.19253), shares rounded down to 1e-6 (175 / 290.19253 = 0.6030477…, so 0.603047), and charges shares ×
 *   fill price rounded up to the cent (174.99993… → $175.00): every order costs what it asked, no cash is left;
 * - a holding is worth its shares × the (mid) price, rounded down to the cent (0.603047 × 290.12 = 174.95599…
 *   → $174.95): $499.84 in all, $0.16 less than was paid, -0.03% of $500.
 * Rows: fund, shares, price, value, weight (of the $499.84), target.
 */
export const INVESTED_500 = [
  "VTI 0.603047 $290.12 $174.95 35.0% 35.0%", // 17,495 / 49,984 = 35.001%
  "BND 1.715425 $72.85 $124.96 25.0% 25.0%", // 125 / 72.868213 → 1.715425 × 72.85 = 124.96870…
  "VEA 1.456512 $51.48 $74.98 15.0% 15.0%", // 75 / 51.49287 → 1.456512 × 51.48 = 74.98123…
  "GLD 0.100842 $247.85 $24.99 5.0% 5.0%", // 25 / 247.911963 → 0.100842 × 247.85 = 24.99368…
  "IEF 0.267972 $93.27 $24.99 5.0% 5.0%", // 25 / 93.293318 → 0.267972 × 93.27 = 24.99375…
  "TIP 0.230272 $108.54 $24.99 5.0% 5.0%", // 25 / 108.567135 → 0.230272 × 108.54 = 24.99372…
  "VNQ 0.269736 $92.66 $24.99 5.0% 5.0%", // 25 / 92.683165 → 0.269736 × 92.66 = 24.99373…
  "VWO 0.547748 $45.63 $24.99 5.0% 5.0%", // 25 / 45.641408 → 0.547748 × 45.63 = 24.99374…
];

/**
 * $200 more for the same investor, invested on top of INVESTED_500 (the planner values what is held at the mid
 * price, unrounded: $499.87458467 + $200.00 = $699.87458467 in all):
 * - each fund's shortfall against its target, in cents rounded down, most underweight first: VTI $70.00
 *   (35% of 699.87458467 − 174.95599564 = 70.0001…), BND $49.99, VEA $29.99, GLD $10.00, TIP $10.00, VNQ $9.99,
 *   VWO $9.99, IEF $9.99: $199.95, and the $0.05 left is under the $1.00 that would top up an order, so stays;
 * - filled at the same spread and rounding as before, every order costs what it asked;
 * - the holdings are then worth $699.75 (VTI $244.93, BND $174.94, VEA $104.96, GLD and TIP $34.99, the rest $34.98), and
 *   $0.05 is cash: $699.80 against $700.00 paid in, -0.03%.
 */
export const INVESTED_500_THEN_200 = { invested: "$699.75", cash: "$0.05", total: "$699.80", gain: "-$0.20 (-0.03%)" };

/**
 * $200 invested on the balanced model, the same way as INVESTED_500: $70.00 of VTI, $50.00 of BND, $30.00 of
 * VEA, $10.00 of each 5% fund, each costing what it asked; worth $199.90, $0.10 (0.05%) under what was paid.
 */
export const INVESTED_200 = [
  "VTI 0.241219 $290.12 $69.98 35.0% 35.0%", // 70 / 290.19253 → 0.241219 × 290.12 = 69.98245…; 6,998 / 19,990 = 35.008%
  "BND 0.686170 $72.85 $49.98 25.0% 25.0%", // 50 / 72.868213 → 0.686170 × 72.85 = 49.98748…
  "VEA 0.582604 $51.48 $29.99 15.0% 15.0%", // 30 / 51.49287 → 0.582604 × 51.48 = 29.99245…
  "GLD 0.040336 $247.85 $9.99 5.0% 5.0%", // 10 / 247.911963 → 0.040336 × 247.85 = 9.99727…
  "IEF 0.107188 $93.27 $9.99 5.0% 5.0%", // 10 / 93.293318 → 0.107188 × 93.27 = 9.99742…
  "TIP 0.092108 $108.54 $9.99 5.0% 5.0%", // 10 / 108.567135 → 0.092108 × 108.54 = 9.99740…
  "VNQ 0.107894 $92.66 $9.99 5.0% 5.0%", // 10 / 92.683165 → 0.107894 × 92.66 = 9.99746…
  "VWO 0.219099 $45.63 $9.99 5.0% 5.0%", // 10 / 45.641408 → 0.219099 × 45.63 = 9.99749…
];
