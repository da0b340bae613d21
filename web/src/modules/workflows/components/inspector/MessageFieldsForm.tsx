import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { SegmentedControl } from '@/components/ui/segmented-control';
import { Textarea } from '@/components/ui/textarea';
import { useMessageTemplates, useWhatsappTemplates } from '../../hooks/usePickerOptions';
import type { MessageChannel, MessageFields, MessageSource } from '../../types/graph';
import { OptionSelect } from './OptionSelect';

const VARIABLES = ['first_name', 'last_name', 'company', 'title', 'booking_link', 'sender_name'];

const SOURCES: { value: MessageSource; label: string }[] = [
  { value: 'text', label: 'Write' },
  { value: 'template', label: 'Template' },
  { value: 'previous_draft', label: 'AI draft' },
];

interface MessageFieldsFormProps {
  idPrefix: string;
  /** The channel the message goes out on (for a fallback: the first one). */
  channel: MessageChannel;
  value: MessageFields;
  onChange: (value: MessageFields, typingIn?: string) => void;
  readOnly: boolean;
}

/** Where a message's text comes from: written here, a template, or the AI step's draft. */
export function MessageFieldsForm({ idPrefix, channel, value, onChange, readOnly }: MessageFieldsFormProps) {
  const whatsapp = channel === 'whatsapp';
  const usesTemplate = value.source === 'template';
  const templates = useMessageTemplates(channel, usesTemplate && !whatsapp);
  const whatsappTemplates = useWhatsappTemplates(usesTemplate && whatsapp);
  const options = whatsapp
    ? (whatsappTemplates.data ?? []).map((t) => ({
        value: t.id,
        label: t.name,
        description: t.status === 'approved' ? t.language : `${t.language} · not approved yet (${t.status})`,
      }))
    : (templates.data ?? []).map((t) => ({ value: t.id, label: t.name, description: t.body.slice(0, 60) }));
  const chosenWhatsapp = whatsappTemplates.data?.find((t) => t.id === value.template_id);

  function insertVariable(name: string) {
    onChange({ ...value, body: `${value.body ?? ''}{{${name}}}` });
  }

  return (
    <div className="grid gap-4">
      <div className="grid gap-1.5">
        <span className="text-[13px] font-medium" id={`${idPrefix}-source-label`}>
          Message
        </span>
        <SegmentedControl
          aria-label="Where the message comes from"
          value={value.source}
          options={SOURCES}
          onValueChange={(source) => !readOnly && onChange({ ...value, source })}
          className="w-full [&>*]:flex-1 [&>*]:justify-center"
        />
      </div>
      {value.source === 'text' && (
        <>
          {channel === 'email' && (
            <Field label="Subject" htmlFor={`${idPrefix}-subject`}>
              <Input
                id={`${idPrefix}-subject`}
                value={value.subject ?? ''}
                readOnly={readOnly}
                placeholder="Quick question, {{first_name}}"
                onChange={(e) => onChange({ ...value, subject: e.target.value }, 'subject')}
              />
            </Field>
          )}
          <Field label={channel === 'linkedin' ? 'Note for the task' : 'Body'} htmlFor={`${idPrefix}-body`}>
            <Textarea
              id={`${idPrefix}-body`}
              rows={6}
              value={value.body ?? ''}
              readOnly={readOnly}
              placeholder="Hi {{first_name}}, …"
              onChange={(e) => onChange({ ...value, body: e.target.value }, 'body')}
            />
          </Field>
          {!readOnly && (
            <div className="flex flex-wrap gap-1" aria-label="Insert a variable">
              {VARIABLES.map((name) => (
                <button
                  key={name}
                  type="button"
                  onClick={() => insertVariable(name)}
                  className="focus-ring rounded-md border border-border px-1.5 py-0.5 font-mono text-[11px] text-muted-foreground hover:bg-hover hover:text-foreground"
                >
                  {`{{${name}}}`}
                </button>
              ))}
            </div>
          )}
        </>
      )}
      {usesTemplate && (
        <Field
          label={whatsapp ? 'WhatsApp template' : 'Template'}
          htmlFor={`${idPrefix}-template`}
          hint={
            options.length || templates.isPending || whatsappTemplates.isPending
              ? whatsapp
                ? 'Only approved templates can be sent.'
                : undefined
              : `No ${whatsapp ? 'WhatsApp ' : ''}templates yet — create one in Settings.`
          }
        >
          <OptionSelect
            id={`${idPrefix}-template`}
            value={value.template_id ?? ''}
            options={options}
            disabled={readOnly}
            placeholder="Choose a template"
            onChange={(template_id) => onChange({ ...value, template_id, variables: {} })}
          />
        </Field>
      )}
      {usesTemplate && chosenWhatsapp && chosenWhatsapp.variables.length > 0 && (
        <fieldset className="grid gap-2">
          <legend className="mb-1 text-[13px] font-medium">Template variables</legend>
          {chosenWhatsapp.variables.map((name, i) => (
            <Field key={name} label={`{{${i + 1}}} ${name}`} htmlFor={`${idPrefix}-var-${i}`}>
              <Input
                id={`${idPrefix}-var-${i}`}
                value={value.variables?.[name] ?? ''}
                readOnly={readOnly}
                placeholder="{{first_name}}"
                onChange={(e) => onChange({ ...value, variables: { ...value.variables, [name]: e.target.value } }, `var-${name}`)}
              />
            </Field>
          ))}
        </fieldset>
      )}
      {value.source === 'previous_draft' && (
        <p className="rounded-lg bg-muted px-3 py-2 text-xs leading-5 text-muted-foreground">
          Sends the draft written by the nearest <strong className="font-medium text-foreground">AI write</strong> step before this one.
        </p>
      )}
    </div>
  );
}
