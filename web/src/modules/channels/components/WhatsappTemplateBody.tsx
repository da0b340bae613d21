import { splitPlaceholders } from '../lib/whatsappPlaceholders';
import type { WhatsappTemplate } from '../types/whatsappTemplate';

/** A template's text with each `{{n}}` shown as a chip naming what it stands for. */
export function WhatsappTemplateBody({ template }: { template: Pick<WhatsappTemplate, 'body' | 'variables'> }) {
  return (
    <p className="whitespace-pre-wrap break-words rounded-lg bg-muted/60 px-3 py-2 text-[13px] leading-6">
      {splitPlaceholders(template.body).map((part, i) =>
        part.placeholder ? (
          <span key={i} className="mx-0.5 inline-flex items-center gap-1 rounded bg-primary-tint px-1 font-mono text-xs text-primary-text" title={template.variables[Number(part.placeholder) - 1] ?? undefined}>
            {part.text}
            {template.variables[Number(part.placeholder) - 1] && <span className="font-sans">{template.variables[Number(part.placeholder) - 1]}</span>}
          </span>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}
