import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { FormBanner } from '@/components/FormBanner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field, fieldDescribedBy } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { queryKeys } from '@/lib/queryKeys';
import { useFormErrors } from '@/lib/useFormErrors';
import { createWhatsappTemplate } from '../api/createWhatsappTemplate';
import { placeholdersOf } from '../lib/whatsappPlaceholders';

const NAME_RULE = /^[a-z0-9_]+$/;

function CreateForm({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [language, setLanguage] = useState('en_US');
  const [body, setBody] = useState('');
  const [variables, setVariables] = useState<Record<string, string>>({});
  const { errors, setErrors, banner, setBanner, fail } = useFormErrors<'name' | 'language' | 'body'>();
  const placeholders = placeholdersOf(body);

  const create = useMutation({
    mutationFn: createWhatsappTemplate,
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.whatsappTemplates });
      toast.success(`${created.name} saved as a draft`);
      onDone();
    },
    onError: (err) => fail(err, "Couldn't create the template."),
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBanner(null);
    const problems: Partial<Record<'name' | 'body', string>> = {};
    if (!NAME_RULE.test(name.trim())) problems.name = 'Use lower-case letters, digits and underscores, e.g. lead_followup_en_us.';
    if (!body.trim()) problems.body = 'Write the message, with {{1}}, {{2}} … where the details go.';
    setErrors(problems);
    if (Object.keys(problems).length) return;
    create.mutate({
      name: name.trim(),
      language: language.trim(),
      body,
      variables: placeholders.map((n) => variables[n]?.trim() || `value ${n}`),
    });
  }

  const nameHint = 'Lower-case letters, digits and underscores, as WhatsApp requires.';
  const bodyHint = 'Numbered placeholders {{1}}, {{2}} … are filled in per lead when sending.';
  return (
    <form onSubmit={onSubmit} noValidate className="flex min-h-0 flex-col" aria-label="New WhatsApp template">
      <DialogHeader>
        <DialogTitle>New WhatsApp template</DialogTitle>
        <DialogDescription>It starts as a draft. Create the same template in the Twilio console, then submit it here and record WhatsApp’s decision.</DialogDescription>
      </DialogHeader>
      <DialogBody className="grid gap-4">
        {banner && <FormBanner>{banner}</FormBanner>}
        <div className="grid gap-4 sm:grid-cols-[1fr_140px]">
          <Field label="Name" htmlFor="wa-name" error={errors.name} hint={nameHint}>
            <Input
              id="wa-name"
              autoFocus
              className="font-mono"
              placeholder="lead_followup_en_us"
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={!!errors.name || undefined}
              aria-describedby={fieldDescribedBy('wa-name', errors.name, nameHint)}
            />
          </Field>
          <Field label="Language" htmlFor="wa-language" error={errors.language}>
            <Input
              id="wa-language"
              className="font-mono"
              value={language}
              onChange={(e) => setLanguage(e.target.value)}
              aria-invalid={!!errors.language || undefined}
              aria-describedby={fieldDescribedBy('wa-language', errors.language)}
            />
          </Field>
        </div>
        <Field label="Message" htmlFor="wa-body" error={errors.body} hint={bodyHint}>
          <Textarea
            id="wa-body"
            rows={4}
            placeholder="Hi {{1}}, thanks for your interest in {{2}}. Would a quick call this week help?"
            value={body}
            onChange={(e) => setBody(e.target.value)}
            aria-invalid={!!errors.body || undefined}
            aria-describedby={fieldDescribedBy('wa-body', errors.body, bodyHint)}
          />
        </Field>
        {placeholders.length > 0 && (
          <fieldset className="grid gap-2">
            <legend className="mb-1.5 text-[13px] font-medium">What each placeholder stands for</legend>
            {placeholders.map((n) => (
              <div key={n} className="grid grid-cols-[56px_1fr] items-center gap-2">
                <label htmlFor={`wa-var-${n}`} className="font-mono text-xs text-muted-foreground">
                  {`{{${n}}}`}
                </label>
                <Input id={`wa-var-${n}`} placeholder={n === '1' ? 'first name' : 'e.g. product'} value={variables[n] ?? ''} onChange={(e) => setVariables((v) => ({ ...v, [n]: e.target.value }))} />
              </div>
            ))}
          </fieldset>
        )}
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" loading={create.isPending}>
          Save draft
        </Button>
      </DialogFooter>
    </form>
  );
}

export function CreateWhatsappTemplateDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-xl">{open && <CreateForm onDone={() => onOpenChange(false)} />}</DialogContent>
    </Dialog>
  );
}
