import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import {
  defaultRule,
  fromJsonLogic,
  OPERATOR_LABELS,
  operatorsFor,
  takesValue,
  toJsonLogic,
  type ConditionGroup,
  type ConditionRule,
} from '../../lib/conditionLogic';
import { CUSTOM_FIELD_PREFIX, factFor, FACTS, optionLabel, VARIANT_PREFIX } from '../../lib/facts';
import { useBuilderStore } from '../../stores/useBuilderStore';
import type { JsonLogic } from '../../types/graph';
import { OptionSelect } from './OptionSelect';

const CUSTOM_FIELD = '__custom_field';

interface ConditionBuilderProps {
  nodeId: string;
  value: JsonLogic;
  onChange: (condition: JsonLogic, typingIn?: string) => void;
  readOnly: boolean;
}

/**
 * The decision's condition as rows of fact / operator / value joined by all or any, stored as
 * JSONLogic. A condition the rows cannot show (written by hand or imported) is edited as JSON.
 */
export function ConditionBuilder({ nodeId, value, onChange, readOnly }: ConditionBuilderProps) {
  const group = fromJsonLogic(value);
  const splits = useBuilderStore(useShallow((s) => s.nodes.filter((n) => n.type === 'ab_split').map((n) => n.id)));
  if (!group) return <RawCondition key={nodeId} value={value} onChange={onChange} readOnly={readOnly} />;

  const factOptions = [
    ...FACTS.map((f) => ({ value: f.path, label: f.label, description: f.group })),
    ...splits.map((id) => ({ value: `${VARIANT_PREFIX}${id}`, label: `Variant of ${id}`, description: 'A/B split' })),
    { value: CUSTOM_FIELD, label: 'Custom field…', description: 'Lead' },
  ];
  const save = (next: ConditionGroup, typingIn?: string) => onChange(toJsonLogic(next), typingIn);
  const setRule = (i: number, rule: ConditionRule, typingIn?: string) => save({ ...group, rules: group.rules.map((r, j) => (j === i ? rule : r)) }, typingIn);

  return (
    <div className="grid gap-3" data-testid="condition-builder">
      <div className="flex flex-wrap items-center gap-1.5 text-[13px]">
        <span>Take “Yes” when</span>
        <OptionSelect
          id={`${nodeId}-match`}
          aria-label="All or any"
          size="sm"
          value={group.match}
          disabled={readOnly}
          onChange={(match) => save({ ...group, match })}
          options={[
            { value: 'all', label: 'all' },
            { value: 'any', label: 'any' },
          ]}
        />
        <span>of these hold:</span>
      </div>
      <ol className="grid gap-2">
        {group.rules.map((rule, i) => {
          const fact = factFor(rule.fact);
          const custom = rule.fact.startsWith(CUSTOM_FIELD_PREFIX);
          return (
            <li key={i} className="grid gap-1.5 rounded-lg border border-border bg-surface p-2" data-testid="condition-row">
              <div className="flex items-center gap-1.5">
                <div className="min-w-0 flex-1">
                  <OptionSelect
                    id={`${nodeId}-fact-${i}`}
                    aria-label={`Condition ${i + 1}: what to check`}
                    size="sm"
                    value={custom ? CUSTOM_FIELD : rule.fact}
                    disabled={readOnly}
                    options={factOptions}
                    onChange={(path) => setRule(i, defaultRule(path === CUSTOM_FIELD ? `${CUSTOM_FIELD_PREFIX}score` : path))}
                  />
                </div>
                <Button
                  variant="ghost"
                  size="icon-sm"
                  aria-label={`Remove condition ${i + 1}`}
                  disabled={readOnly || group.rules.length <= 1}
                  onClick={() => save({ ...group, rules: group.rules.filter((_, j) => j !== i) })}
                >
                  <Trash2 aria-hidden />
                </Button>
              </div>
              {custom && (
                <Input
                  aria-label={`Condition ${i + 1}: field name`}
                  className="h-7"
                  value={rule.fact.slice(CUSTOM_FIELD_PREFIX.length)}
                  readOnly={readOnly}
                  onChange={(e) => setRule(i, { ...rule, fact: `${CUSTOM_FIELD_PREFIX}${e.target.value.replace(/\s+/g, '_')}` }, `field-${i}`)}
                />
              )}
              <div className="flex items-center gap-1.5">
                <div className="w-36 shrink-0">
                  <OptionSelect
                    id={`${nodeId}-op-${i}`}
                    aria-label={`Condition ${i + 1}: comparison`}
                    size="sm"
                    value={rule.operator}
                    disabled={readOnly}
                    options={operatorsFor(rule.fact).map((op) => ({
                      value: op,
                      label: OPERATOR_LABELS[op],
                    }))}
                    onChange={(operator) => setRule(i, { ...rule, operator, value: takesValue(operator) ? rule.value : '' })}
                  />
                </div>
                {takesValue(rule.operator) &&
                  (fact.options ? (
                    <div className="min-w-0 flex-1">
                      <OptionSelect
                        id={`${nodeId}-value-${i}`}
                        aria-label={`Condition ${i + 1}: value`}
                        size="sm"
                        value={String(rule.value)}
                        disabled={readOnly}
                        options={fact.options.map((o) => ({ value: o, label: optionLabel(o) }))}
                        onChange={(v) => setRule(i, { ...rule, value: v })}
                      />
                    </div>
                  ) : (
                    <Input
                      aria-label={`Condition ${i + 1}: value`}
                      className="h-7 min-w-0 flex-1"
                      value={String(rule.value)}
                      readOnly={readOnly}
                      onChange={(e) => setRule(i, { ...rule, value: e.target.value }, `value-${i}`)}
                    />
                  ))}
              </div>
            </li>
          );
        })}
      </ol>
      <Button size="sm" className="justify-self-start" disabled={readOnly} onClick={() => save({ ...group, rules: [...group.rules, defaultRule('events.replied')] })}>
        <Plus aria-hidden />
        Add condition
      </Button>
    </div>
  );
}

/** A condition the rows cannot show: edit its JSONLogic, or start over with the builder. */
function RawCondition({ value, onChange, readOnly }: Omit<ConditionBuilderProps, 'nodeId'>) {
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [error, setError] = useState<string | null>(null);
  function apply() {
    try {
      onChange(JSON.parse(text) as JsonLogic);
      setError(null);
    } catch {
      setError('This is not valid JSON. Check the brackets and quotes.');
    }
  }
  return (
    <div className="grid gap-2">
      <p className="text-xs leading-5 text-muted-foreground">This condition uses JSONLogic the visual builder can't show. Edit it here, or start again with the builder.</p>
      <Textarea
        aria-label="Condition (JSONLogic)"
        rows={8}
        className="font-mono text-xs"
        value={text}
        readOnly={readOnly}
        aria-invalid={!!error}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
      />
      {error && (
        <p role="alert" className="text-xs text-danger">
          {error}
        </p>
      )}
      <Button size="sm" className="justify-self-start" disabled={readOnly} onClick={() => onChange(toJsonLogic({ match: 'all', rules: [defaultRule('events.replied')] }))}>
        Use the visual builder
      </Button>
    </div>
  );
}
