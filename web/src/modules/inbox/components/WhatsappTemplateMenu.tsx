import { MessageCircle } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '@/components/ui/button';
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover';
import { Spinner } from '@/components/ui/spinner';
import { useWhatsappTemplates } from '@/modules/channels/hooks/useWhatsappTemplates';
import type { WhatsappTemplate } from '@/modules/channels/types/whatsappTemplate';

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
          <ul className="scrollbar-thin grid max-h-72 gap-0.5 overflow-y-auto" role="listbox" aria-label="Approved WhatsApp templates">
            {approved.map((t) => (
              <li key={t.id} role="option" aria-selected={false}>
                <button
                  type="button"
                  className="focus-ring grid w-full gap-0.5 rounded-md px-2 py-1.5 text-left hover:bg-hover"
                  onClick={() => {
                    onPick(t);
                    setOpen(false);
                  }}
                >
                  <span className="truncate font-mono text-[13px] font-medium">{t.name}</span>
                  <span className="line-clamp-2 text-xs text-muted-foreground">{t.body}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </PopoverContent>
    </Popover>
  );
}
