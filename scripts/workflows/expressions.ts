import { celEnv, isCelError, parse, plan, type CelValue } from "@bufbuild/cel";

/**
 * Inngest's expressions (trigger `if`s, `cancelOn` and `waitForEvent` conditions, concurrency keys) are CEL,
 * evaluated here by Buf's CEL implementation. Inngest reads an attribute that is absent as null instead of
 * failing (pkg/expressions/expressions.go: "handles unknowns similarly to null values"), so every attribute
 * an expression names is filled with null where the data lacks it; `has()` still sees the data as it is.
 * Anything else CEL refuses (a type error, a result of the wrong kind) is an error, never a guess.
 */
export class InvalidExpression extends Error {
  override name = "InvalidExpression";
}

type Expr = ReturnType<typeof parse>["expr"];
type Bindings = Record<string, unknown>;

export interface CompiledExpression {
  source: string;
  /** The value of the expression for these variables (e.g. `event`, `async`), or an InvalidExpression. */
  evaluate(bindings: Bindings): CelValue | InvalidExpression;
  /** True or false; anything else is an InvalidExpression. */
  test(bindings: Bindings): boolean | InvalidExpression;
}

const env = celEnv();

export function compileExpression(source: string): CompiledExpression {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (error) {
    throw new InvalidExpression(`cannot parse "${source}": ${error instanceof Error ? error.message : String(error)}`);
  }
  const program = plan(env, parsed);
  const paths = attributePaths(parsed.expr);
  const evaluate = (bindings: Bindings) => {
    const result = program(withNullsFor(paths, bindings) as Parameters<typeof program>[0]);
    return isCelError(result) ? new InvalidExpression(`"${source}": ${result.message}`) : result;
  };
  return {
    source,
    evaluate,
    test(bindings) {
      const result = evaluate(bindings);
      if (result instanceof InvalidExpression || typeof result === "boolean") return result;
      return new InvalidExpression(`"${source}" gave ${String(result)}, not true or false`);
    },
  };
}

/** Every chain of field selections that starts at a variable, e.g. ["event", "data", "accountId"]. */
function attributePaths(root: Expr): string[][] {
  const paths: string[][] = [];
  const visit = (expr: Expr | undefined): void => {
    if (!expr) return;
    const kind = expr.exprKind;
    switch (kind.case) {
      case "selectExpr": {
        const path = selectPath(expr);
        // has(a.b) tests presence: filling `b` would make it true.
        if (path && !kind.value.testOnly) paths.push(path);
        else if (path) paths.push(path.slice(0, -1));
        else visit(kind.value.operand);
        return;
      }
      case "callExpr":
        visit(kind.value.target);
        kind.value.args.forEach(visit);
        return;
      case "listExpr":
        kind.value.elements.forEach(visit);
        return;
      case "structExpr":
        kind.value.entries.forEach((entry) => {
          if (entry.keyKind.case === "mapKey") visit(entry.keyKind.value);
          visit(entry.value);
        });
        return;
      case "comprehensionExpr":
        [kind.value.iterRange, kind.value.accuInit, kind.value.loopCondition, kind.value.loopStep, kind.value.result].forEach(visit);
        return;
      default:
        return;
    }
  };
  visit(root);
  return paths;
}

function selectPath(expr: Expr): string[] | null {
  const kind = expr.exprKind;
  if (kind.case === "identExpr") return [kind.value.name];
  if (kind.case !== "selectExpr" || !kind.value.operand) return null;
  const operand = selectPath(kind.value.operand);
  return operand ? [...operand, kind.value.field] : null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A copy of the bindings in which each named attribute exists: as the data has it, or null. */
function withNullsFor(paths: string[][], bindings: Bindings): Bindings {
  const filled: Bindings = structuredClone(bindings);
  for (const [variable, ...fields] of paths) {
    if (!variable || !(variable in filled) || fields.length === 0) continue;
    let node = filled[variable];
    fields.forEach((field, index) => {
      if (!isRecord(node)) return;
      if (!(field in node)) node[field] = index === fields.length - 1 ? null : {};
      node = node[field];
    });
  }
  return filled;
}

/** A concurrency key's value as Inngest writes it into the key (Go's %v; an absent value is "<nil>"). */
export function keyValue(value: CelValue | InvalidExpression): string {
  if (value instanceof InvalidExpression || value === null) return "<nil>";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === "bigint" ? inner.toString() : inner));
}
