import { MessageCircle } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '@/components/ui/button';
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover';
import { Spinner } from '@/components/ui/spinner';
import { useWhatsappTemplates } from '@/modules/channels/hooks/useWhatsappTemplates';
import type { WhatsappTemplate } from '@/modules/channels/types/whatsappTemplate';
import { TemplateOptionList } from './TemplateOptionList';

/** Pick one of the workspace's approved WhatsApp templates. */
export function WhatsappTemplateMenu({ onPick, disabled, label = 'Approved template' }: { onPick: (t: WhatsappTemplate) => void; disabled?: boolean; label?: string }) {
  const [open, setOpen] = useState(false);
  const templates = useWhatsappTemplates(open);
  const approved = templates.data?.filter((t) => t.status === 'approved') ?? [];
  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <Button size="sm" variant="secondary" disabled={disabled} data-testid="whatsapp-template-menu">
          <MessageCircle aria-hidden />
          {label}
        </Button>
      </PopoverTrigger>
      <PopoverContent className="w-80 p-1" aria-label="Approved WhatsApp templates" side="top" align="start">
        {templates.isPending ? (
          <div className="flex justify-center p-4">
            <Spinner label="Loading templates" />
          </div>
        ) : templates.isError ? (
          <p className="p-3 text-[13px] text-muted-foreground">Couldn't load the templates. Try again in a moment.</p>
        ) : approved.length === 0 ? (
          <p className="p-3 text-[13px] text-muted-foreground">
            No approved templates yet.{' '}
            <Link to="/settings/whatsapp" className="text-primary-text underline-offset-4 hover:underline">
              Manage WhatsApp templates
            </Link>
          </p>
        ) : (
          <TemplateOptionList
            items={approved}
            label="Approved WhatsApp templates"
            monospaceNames
            onPick={(t) => {
              onPick(t);
              setOpen(false);
            }}
          />
        )}
      </PopoverContent>
    </Popover>
  );
}
