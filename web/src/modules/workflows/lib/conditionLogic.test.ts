import { describe, expect, test } from 'vitest';
import { describeCondition, fromJsonLogic, toJsonLogic, type ConditionGroup } from './conditionLogic';

describe('condition builder ↔ JSONLogic', () => {
  const every: ConditionGroup = {
    match: 'all',
    rules: [
      { fact: 'events.replied', operator: 'is_true', value: '' },
      { fact: 'events.opened', operator: 'is_false', value: '' },
      { fact: 'reply.intent', operator: 'eq', value: 'interested' },
      { fact: 'lead.stage', operator: 'ne', value: 'lost' },
      { fact: 'lead.tags', operator: 'contains', value: 'vip' },
      { fact: 'lead.tags', operator: 'not_contains', value: 'churned' },
      { fact: 'lead.fields.score', operator: 'gte', value: 80 },
      { fact: 'lead.fields.seats', operator: 'lt', value: 5 },
      { fact: 'run.variant.split_1', operator: 'eq', value: 'B' },
    ],
  };

  test('every operator the builder offers round-trips exactly', () => {
    expect(fromJsonLogic(toJsonLogic(every))).toEqual(every);
    const any = { ...every, match: 'any' as const };
    expect(fromJsonLogic(toJsonLogic(any))).toEqual(any);
  });

  test('writes standard JSONLogic the engine evaluates', () => {
    expect(
      toJsonLogic({
        match: 'any',
        rules: [
          { fact: 'events.replied', operator: 'is_true', value: '' },
          { fact: 'lead.tags', operator: 'contains', value: 'vip' },
          { fact: 'lead.fields.score', operator: 'gt', value: '70' },
        ],
      }),
    ).toEqual({
      or: [{ '==': [{ var: 'events.replied' }, true] }, { in: ['vip', { var: 'lead.tags' }] }, { '>': [{ var: 'lead.fields.score' }, 70] }],
    });
  });

  test('a bare comparison (as templates write it) reads as a one-row group', () => {
    expect(fromJsonLogic({ '==': [{ var: 'reply.sentiment' }, 'positive'] })).toEqual({
      match: 'all',
      rules: [{ fact: 'reply.sentiment', operator: 'eq', value: 'positive' }],
    });
  });

  test('expressions the rows cannot show are refused, not mangled', () => {
    expect(fromJsonLogic({ if: [true, 1, 2] })).toBeNull();
    expect(fromJsonLogic({ and: [{ '==': [{ var: 'a' }, 1] }, { max: [1, 2] }] })).toBeNull();
    expect(fromJsonLogic({ '==': [1, { var: 'a' }] })).toBeNull();
    expect(fromJsonLogic(true)).toBeNull();
    expect(describeCondition({ if: [] })).toBe('Custom condition');
  });

  test('describes the condition in words for the node card', () => {
    expect(describeCondition(toJsonLogic(every))).toBe('Replied is yes and 8 more');
    expect(describeCondition({ '==': [{ var: 'reply.intent' }, 'not_interested'] })).toBe('Reply intent is not interested');
  });
});
