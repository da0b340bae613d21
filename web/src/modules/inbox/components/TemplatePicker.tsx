import { FileText } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover';
import { Spinner } from '@/components/ui/spinner';
import { Tooltip } from '@/components/ui/tooltip';
import { useTemplates } from '../hooks/useTemplates';
import type { Template } from '../types/conversation';
import { TemplateOptionList } from './TemplateOptionList';

/** Pick a saved template for the current channel; WhatsApp templates show their approval state. */
export function TemplatePicker({ channel, onPick, disabled }: { channel: string; onPick: (t: Template) => void; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const templates = useTemplates(channel, open);
  return (
    <Popover open={open} onOpenChange={setOpen}>
      <Tooltip content="Insert a template">
        <PopoverTrigger asChild>
          <Button variant="ghost" size="icon-sm" aria-label="Insert a template" disabled={disabled}>
            <FileText aria-hidden />
          </Button>
        </PopoverTrigger>
      </Tooltip>
      <PopoverContent className="w-80 p-1" aria-label="Templates" side="top">
        {templates.isPending ? (
          <div className="flex justify-center p-4">
            <Spinner label="Loading templates" />
          </div>
        ) : templates.isError ? (
          <p className="p-3 text-[13px] text-muted-foreground">Couldn't load templates. Try again in a moment.</p>
        ) : !templates.data.length ? (
          <p className="p-3 text-[13px] text-muted-foreground">No templates for this channel yet.</p>
        ) : (
          <TemplateOptionList
            items={templates.data}
            label="Templates"
            badge={(t) => t.status && t.status !== 'approved' && <span className="text-xs font-normal text-warning">{t.status}</span>}
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
