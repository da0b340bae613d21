import type { JsonLogic } from '../types/graph';
import { factFor, optionLabel, type FactKind } from './facts';

/**
 * The visual condition builder's model and its JSONLogic form. A condition is a group of rows
 * (fact / operator / value) that must all or any hold; `toJsonLogic` and `fromJsonLogic` are
 * inverse on everything the builder can produce, and `fromJsonLogic` returns null for any
 * expression it cannot show as rows (the inspector then offers the raw JSON).
 */

export const OPERATORS = ['is_true', 'is_false', 'eq', 'ne', 'contains', 'not_contains', 'gt', 'gte', 'lt', 'lte'] as const;
export type Operator = (typeof OPERATORS)[number];

export type ConditionValue = string | number;

export interface ConditionRule {
  fact: string;
  operator: Operator;
  value: ConditionValue;
}

export interface ConditionGroup {
  match: 'all' | 'any';
  rules: ConditionRule[];
}

export const OPERATOR_LABELS: Record<Operator, string> = {
  is_true: 'is yes',
  is_false: 'is no',
  eq: 'is',
  ne: 'is not',
  contains: 'contains',
  not_contains: 'does not contain',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
};

const OPERATORS_BY_KIND: Record<FactKind, Operator[]> = {
  boolean: ['is_true', 'is_false'],
  enum: ['eq', 'ne'],
  list: ['contains', 'not_contains'],
  text: ['eq', 'ne', 'contains', 'not_contains'],
  field: ['eq', 'ne', 'contains', 'not_contains', 'gt', 'gte', 'lt', 'lte'],
};

export function operatorsFor(factPath: string): Operator[] {
  return OPERATORS_BY_KIND[factFor(factPath).kind];
}

/** Whether an operator takes a value (the boolean ones do not). */
export function takesValue(operator: Operator): boolean {
  return operator !== 'is_true' && operator !== 'is_false';
}

/** A sensible first row for a fact: its first operator and first option. */
export function defaultRule(factPath: string): ConditionRule {
  const fact = factFor(factPath);
  const operator = operatorsFor(factPath)[0];
  return { fact: factPath, operator, value: takesValue(operator) ? (fact.options?.[0] ?? '') : '' };
}

const NUMERIC: Partial<Record<Operator, string>> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

function ruleToLogic({ fact, operator, value }: ConditionRule): JsonLogic {
  const variable = { var: fact };
  switch (operator) {
    case 'is_true':
      return { '==': [variable, true] };
    case 'is_false':
      return { '!=': [variable, true] };
    case 'eq':
      return { '==': [variable, value] };
    case 'ne':
      return { '!=': [variable, value] };
    case 'contains':
      return { in: [value, variable] };
    case 'not_contains':
      return { '!': { in: [value, variable] } };
    default:
      return { [NUMERIC[operator]!]: [variable, Number(value)] };
  }
}

export function toJsonLogic(group: ConditionGroup): JsonLogic {
  return { [group.match === 'all' ? 'and' : 'or']: group.rules.map(ruleToLogic) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** `{"op": args}` → [op, args], or null when the value is not a one-operator object. */
function single(value: unknown): [string, unknown] | null {
  if (!isObject(value)) return null;
  const keys = Object.keys(value);
  return keys.length === 1 ? [keys[0], value[keys[0]]] : null;
}

function varPath(value: unknown): string | null {
  const entry = single(value);
  return entry && entry[0] === 'var' && typeof entry[1] === 'string' ? entry[1] : null;
}

const isValue = (v: unknown): v is ConditionValue => typeof v === 'string' || typeof v === 'number';

function logicToRule(logic: unknown): ConditionRule | null {
  const entry = single(logic);
  if (!entry) return null;
  const [op, args] = entry;
  if (op === '!') {
    const inner = logicToRule(args);
    return inner?.operator === 'contains' ? { ...inner, operator: 'not_contains' } : null;
  }
  if (!Array.isArray(args) || args.length !== 2) return null;
  if (op === 'in') {
    const fact = varPath(args[1]);
    return fact && isValue(args[0]) ? { fact, operator: 'contains', value: args[0] } : null;
  }
  const fact = varPath(args[0]);
  const value = args[1];
  if (!fact) return null;
  if ((op === '==' || op === '!=') && value === true) {
    return { fact, operator: op === '==' ? 'is_true' : 'is_false', value: '' };
  }
  if (!isValue(value)) return null;
  if (op === '==') return { fact, operator: 'eq', value };
  if (op === '!=') return { fact, operator: 'ne', value };
  const numeric = (Object.entries(NUMERIC) as [Operator, string][]).find(([, symbol]) => symbol === op);
  return numeric ? { fact, operator: numeric[0], value } : null;
}

export function fromJsonLogic(logic: JsonLogic | undefined): ConditionGroup | null {
  const entry = single(logic);
  if (!entry) return null;
  const [op, args] = entry;
  if ((op === 'and' || op === 'or') && Array.isArray(args)) {
    const rules = args.map(logicToRule);
    if (rules.some((r) => r === null)) return null;
    return { match: op === 'and' ? 'all' : 'any', rules: rules as ConditionRule[] };
  }
  const rule = logicToRule(logic);
  return rule ? { match: 'all', rules: [rule] } : null;
}

/** One line for the node card: "Replied is yes", "Stage is replied and 1 more". */
export function describeCondition(logic: JsonLogic | undefined): string {
  const group = fromJsonLogic(logic);
  if (!group) return 'Custom condition';
  if (!group.rules.length) return 'No condition yet';
  const [first] = group.rules;
  const text = `${factFor(first.fact).label} ${OPERATOR_LABELS[first.operator]}${
    takesValue(first.operator) ? ` ${optionLabel(String(first.value))}` : ''
  }`;
  const more = group.rules.length - 1;
  return more ? `${text} ${group.match === 'all' ? 'and' : 'or'} ${more} more` : text;
}
