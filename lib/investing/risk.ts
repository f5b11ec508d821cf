/**
 * The risk questionnaire: answers → a score from 1 (protect what I have) to 10 (maximum growth), with the
 * reasons in plain words. Pure: no I/O. Willingness (goal, reaction to losses) is capped by capacity (how
 * soon the money is needed): a short horizon keeps the score low however brave the other answers are.
 */
export interface Question {
  id: string;
  text: string;
  options: { value: string; label: string; points: number }[];
}

export const QUESTIONS: readonly Question[] = [
  {
    id: "horizon",
    text: "When do you expect to start using this money?",
    options: [
      { value: "lt3", label: "Within 3 years", points: 0 },
      { value: "3to5", label: "In 3 to 5 years", points: 1 },
      { value: "6to10", label: "In 6 to 10 years", points: 2 },
      { value: "11to20", label: "In 11 to 20 years", points: 3 },
      { value: "gt20", label: "In more than 20 years", points: 4 },
    ],
  },
  {
    id: "goal",
    text: "What is your main goal for this money?",
    options: [
      { value: "preserve", label: "Keep it safe, even if it barely grows", points: 0 },
      { value: "income", label: "Steady income with little risk", points: 1 },
      { value: "balanced", label: "A balance of growth and safety", points: 2 },
      { value: "growth", label: "Long-term growth", points: 3 },
      { value: "max_growth", label: "As much growth as possible", points: 4 },
    ],
  },
  {
    id: "drop",
    text: "Your portfolio falls 20% in a month. What do you do?",
    options: [
      { value: "sell_all", label: "Sell everything", points: 0 },
      { value: "sell_some", label: "Sell some of it", points: 1 },
      { value: "hold", label: "Do nothing and wait", points: 2 },
      { value: "buy_some", label: "Invest a little more", points: 3 },
      { value: "buy_more", label: "Invest a lot more", points: 4 },
    ],
  },
  {
    id: "income",
    text: "How stable is your income?",
    options: [
      { value: "none", label: "I have no regular income", points: 0 },
      { value: "unstable", label: "It varies a lot", points: 1 },
      { value: "stable", label: "Stable", points: 3 },
      { value: "very_stable", label: "Very stable, with more than one source", points: 4 },
    ],
  },
  {
    id: "experience",
    text: "How much investing experience do you have?",
    options: [
      { value: "none", label: "None", points: 0 },
      { value: "savings", label: "Savings accounts and bonds", points: 1 },
      { value: "funds", label: "Some stock funds", points: 2 },
      { value: "years", label: "Several years in stocks", points: 3 },
      { value: "extensive", label: "Extensive, through several downturns", points: 4 },
    ],
  },
  {
    id: "need",
    text: "If an emergency came up, would you need this money?",
    options: [
      { value: "yes", label: "Yes, it is my emergency fund", points: 0 },
      { value: "probably", label: "Probably", points: 1 },
      { value: "maybe", label: "Maybe", points: 2 },
      { value: "unlikely", label: "Unlikely", points: 3 },
      { value: "no", label: "No, I have separate savings for emergencies", points: 4 },
    ],
  },
  {
    id: "loss",
    text: "What is the largest loss in one bad year you could accept?",
    options: [
      { value: "lt5", label: "Less than 5%", points: 0 },
      { value: "5to10", label: "5% to 10%", points: 1 },
      { value: "10to20", label: "10% to 20%", points: 2 },
      { value: "20to30", label: "20% to 30%", points: 3 },
      { value: "gt30", label: "More than 30%", points: 4 },
    ],
  },
];

export type Answers = Record<string, string>;

export interface RiskResult {
  score: number;
  /** Plain words: what the score means and why. */
  explanation: string[];
}

const MAX_POINTS = QUESTIONS.reduce((sum, question) => sum + Math.max(...question.options.map((o) => o.points)), 0);

export class IncompleteAnswers extends Error {
  constructor(readonly missing: string[]) {
    super(`Answer every question (${missing.join(", ")}).`);
  }
}

/**
 * The capacity answers' caps on the score: how soon the money is needed. They cap the recommendation, and they are
 * the hard ceiling on a portfolio the investor chooses themselves (portfolio-choice.ts).
 */
export function capacityCaps(answers: Answers): { max: number; reason: string }[] {
  const caps: { max: number; reason: string }[] = [];
  if (answers.horizon === "lt3") caps.push({ max: 3, reason: "you expect to use the money within 3 years" });
  if (answers.horizon === "3to5") caps.push({ max: 5, reason: "you expect to use the money within 5 years" });
  if (answers.need === "yes") caps.push({ max: 3, reason: "this money is your emergency fund" });
  return caps;
}

export function scoreRisk(answers: Answers): RiskResult {
  const missing: string[] = [];
  let points = 0;
  for (const question of QUESTIONS) {
    const option = question.options.find((o) => o.value === answers[question.id]);
    if (!option) missing.push(question.id);
    else points += option.points;
  }
  if (missing.length) throw new IncompleteAnswers(missing);

  // 0 points → 1, all points → 10, linear in between (rounded half up).
  const willingness = 1 + Math.floor((points * 9) / MAX_POINTS + 0.5);
  const caps = capacityCaps(answers);
  const cap = capacityOf(answers);
  const score = Math.min(willingness, cap);

  const explanation = [describe(score)];
  if (score < willingness) {
    explanation.push(
      `Your answers about risk alone point to ${willingness}, but we cap it at ${cap} because ${caps
        .filter((c) => c.max === cap)
        .map((c) => c.reason)
        .join(" and ")}: money needed soon should not ride out a deep fall.`,
    );
  }
  return { score, explanation };
}


/** The highest score the investor's capacity for risk allows (how soon the money is needed), whatever their willingness. */
export function capacityOf(answers: Answers): number {
  return capacityCaps(answers).reduce((lowest, c) => Math.min(lowest, c.max), 10);
}

function describe(score: number): string {
  if (score <= 2) return `Your risk score is ${score} of 10: conservative. Most of your money goes to bonds and cash-like funds, which move little; expect modest growth.`;
  if (score <= 4) return `Your risk score is ${score} of 10: moderately conservative. Mostly bonds with some stocks; smaller swings, slower growth.`;
  if (score <= 6) return `Your risk score is ${score} of 10: balanced. A mix of stocks and bonds; expect some years with losses in exchange for steady growth.`;
  if (score <= 8) return `Your risk score is ${score} of 10: growth. Mostly stocks; expect bigger swings, including years with losses of 20% or more, for higher long-term growth.`;
  return `Your risk score is ${score} of 10: aggressive. Almost all stocks; the value can fall by a third or more in a bad year, for the highest long-term growth.`;
}

/** The model portfolio slug for a score (advisors own the models; the mapping is by risk band). */
export function modelSlugFor(score: number): string {
  if (score <= 2) return "conservative";
  if (score <= 4) return "moderately-conservative";
  if (score <= 6) return "balanced";
  if (score <= 8) return "growth";
  return "aggressive";
}
