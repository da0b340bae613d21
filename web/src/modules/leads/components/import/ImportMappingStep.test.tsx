import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useMemo, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { initialMapping, validateMapping } from '../../lib/importMapping';
import type { ColumnMapping, ImportPreview } from '../../types/importJob';
import { ImportMappingStep } from './ImportMappingStep';

const preview: ImportPreview = {
  headers: ['Full Name', 'Work Email', 'Lead Score'],
  suggested_mapping: { 'Full Name': 'full_name', 'Work Email': 'email', 'Lead Score': null },
  sample_rows: [
    ['Ada Lovelace', 'ada@x.io', '91'],
    ['Grace Hopper', 'grace@x.io', '88'],
  ],
  total_rows: 2,
  fields: [
    { key: 'full_name', label: 'Full name' },
    { key: 'email', label: 'Email' },
    { key: 'phone', label: 'Phone' },
  ],
};

let latest: ColumnMapping = {};

function Harness() {
  const [mapping, setMapping] = useState(() => initialMapping(preview));
  const validation = useMemo(() => validateMapping(mapping, preview.fields), [mapping]);
  return (
    <ImportMappingStep
      preview={preview}
      mapping={mapping}
      onChange={(next) => {
        latest = next;
        setMapping(next);
      }}
      validation={validation}
    />
  );
}

function row(header: string) {
  return screen.getAllByTestId('mapping-row').find((r) => r.getAttribute('data-header') === header)!;
}

async function choose(header: string, option: string) {
  await userEvent.click(within(row(header)).getByRole('combobox'));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('ImportMappingStep', () => {
  it('prefills from the suggestion and shows sample values', () => {
    render(<Harness />);
    expect(within(row('Full Name')).getByRole('combobox')).toHaveTextContent('Full name');
    expect(within(row('Work Email')).getByRole('combobox')).toHaveTextContent('Email');
    expect(within(row('Lead Score')).getByRole('combobox')).toHaveTextContent('Ignore this column');
    expect(row('Full Name')).toHaveTextContent('Ada Lovelace · Grace Hopper');
    expect(screen.getByText('2 of 3 columns mapped')).toBeInTheDocument();
  });

  it('ignoring the only contact column raises the email-or-phone error', async () => {
    render(<Harness />);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await choose('Work Email', 'Ignore this column');
    expect(latest['Work Email']).toBeNull();
    expect(screen.getByRole('alert')).toHaveTextContent('Map a column to Email or Phone');
  });

  it('maps a column to a named custom field', async () => {
    render(<Harness />);
    await choose('Lead Score', 'Custom field…');
    const name = screen.getByLabelText('Custom field name for Lead Score');
    expect(name).toHaveValue('lead_score');
    await userEvent.clear(name);
    await userEvent.type(name, 'score');
    expect(latest['Lead Score']).toBe('custom:score');
  });

  it('flags two columns mapped to the same field', async () => {
    render(<Harness />);
    await choose('Full Name', 'Email');
    expect(within(row('Full Name')).getByText('Email is also mapped from "Work Email".')).toBeInTheDocument();
    expect(within(row('Work Email')).getByText('Email is also mapped from "Full Name".')).toBeInTheDocument();
    expect(within(row('Full Name')).getByRole('combobox')).toHaveAttribute('aria-invalid', 'true');
    await choose('Work Email', 'Ignore this column');
    expect(within(row('Full Name')).getByRole('combobox')).not.toHaveAttribute('aria-invalid');
  });
});
