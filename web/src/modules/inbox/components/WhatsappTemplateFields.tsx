import { X } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { fillPlaceholders, placeholdersOf } from '@/modules/channels/lib/whatsappPlaceholders';
import type { WhatsappTemplate } from '@/modules/channels/types/whatsappTemplate';

/** The chosen approved WhatsApp template: one input per placeholder and the message as it will read. */
export function WhatsappTemplateFields({
  template,
  values,
  onChange,
  onClear,
  disabled,
}: {
  template: WhatsappTemplate;
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
  onClear: () => void;
  disabled?: boolean;
}) {
  const placeholders = placeholdersOf(template.body);
  return (
    <div className="grid gap-2 rounded-lg border border-border bg-surface px-3 py-2.5" data-testid="whatsapp-template-fields">
      <div className="flex items-center gap-2">
        <span className="truncate font-mono text-[13px] font-medium">{template.name}</span>
        <Badge variant="success">Approved</Badge>
        <Button size="icon-sm" variant="ghost" className="ml-auto" aria-label="Remove the template" onClick={onClear}>
          <X aria-hidden />
        </Button>
      </div>
      {placeholders.length > 0 && (
        <div className="grid gap-2 sm:grid-cols-2">
          {placeholders.map((n, i) => (
            <label key={n} className="grid gap-1 text-xs text-muted-foreground">
              <span>
                <span className="font-mono">{`{{${n}}}`}</span> {template.variables[i] ?? ''}
              </span>
              <Input value={values[n] ?? ''} disabled={disabled} onChange={(e) => onChange({ ...values, [n]: e.target.value })} aria-label={`Value for {{${n}}}${template.variables[i] ? ` (${template.variables[i]})` : ''}`} />
            </label>
          ))}
        </div>
      )}
      <p className="whitespace-pre-wrap break-words text-[13px] leading-5 text-muted-foreground" aria-label="Message preview">
        {fillPlaceholders(template.body, values)}
      </p>
    </div>
  );
}
