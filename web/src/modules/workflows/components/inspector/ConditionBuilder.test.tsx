import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { JsonLogic } from '../../types/graph';
import { ConditionBuilder } from './ConditionBuilder';

/** The builder wired to state, the way the inspector holds it; the current JSONLogic is shown. */
function Harness({ initial }: { initial: JsonLogic }) {
  const [value, setValue] = useState<JsonLogic>(initial);
  return (
    <>
      <ConditionBuilder nodeId="decision_1" value={value} onChange={setValue} readOnly={false} />
      <output data-testid="logic">{JSON.stringify(value)}</output>
    </>
  );
}

const logic = () => JSON.parse(screen.getByTestId('logic').textContent!);

describe('ConditionBuilder', () => {
  it('adds and removes rows, keeping the JSONLogic in step with what is shown', async () => {
    const user = userEvent.setup();
    render(<Harness initial={{ '==': [{ var: 'reply.sentiment' }, 'positive'] }} />);
    expect(screen.getAllByTestId('condition-row')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Remove condition 1' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    expect(screen.getAllByTestId('condition-row')).toHaveLength(2);
    expect(logic()).toEqual({ and: [{ '==': [{ var: 'reply.sentiment' }, 'positive'] }, { '==': [{ var: 'events.replied' }, true] }] });

    await user.click(screen.getByRole('button', { name: 'Remove condition 1' }));
    expect(logic()).toEqual({ and: [{ '==': [{ var: 'events.replied' }, true] }] });
  });

  it('edits a free-text value in place', async () => {
    const user = userEvent.setup();
    render(<Harness initial={{ and: [{ in: ['vip', { var: 'lead.tags' }] }] }} />);
    const value = screen.getByRole('textbox', { name: 'Condition 1: value' });
    await user.clear(value);
    await user.type(value, 'partner');
    expect(logic()).toEqual({ and: [{ in: ['partner', { var: 'lead.tags' }] }] });
  });

  it('shows a condition it cannot draw as JSON, and refuses JSON that does not parse', async () => {
    const user = userEvent.setup();
    render(<Harness initial={{ if: [{ var: 'events.opened' }, true, false] }} />);
    expect(screen.queryByTestId('condition-row')).toBeNull();
    const editor = screen.getByRole('textbox', { name: 'Condition (JSONLogic)' });
    fireEvent.change(editor, { target: { value: '{"and": [' } });
    fireEvent.blur(editor);
    expect(screen.getByRole('alert')).toHaveTextContent('not valid JSON');
    expect(logic()).toEqual({ if: [{ var: 'events.opened' }, true, false] });

    await user.click(screen.getByRole('button', { name: 'Use the visual builder' }));
    expect(screen.getAllByTestId('condition-row')).toHaveLength(1);
  });
});
