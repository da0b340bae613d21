import { Dialog, DialogBody, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { KbdShortcut } from '@/components/ui/kbd';
import { INBOX_SHORTCUTS } from '../lib/inboxShortcuts';

export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-sm">
        <DialogHeader>
          <DialogTitle>Inbox shortcuts</DialogTitle>
          <DialogDescription>They work anywhere in the inbox except while you're typing.</DialogDescription>
        </DialogHeader>
        <DialogBody className="pb-5">
          <dl className="grid gap-2">
            {INBOX_SHORTCUTS.map((s) => (
              <div key={s.action} className="flex items-center justify-between gap-4 text-[13px]">
                <dt>{s.label}</dt>
                <dd>
                  <KbdShortcut keys={s.keys} />
                </dd>
              </div>
            ))}
            <div className="flex items-center justify-between gap-4 text-[13px]">
              <dt>Send the reply</dt>
              <dd>
                <KbdShortcut keys={['↵']} />
              </dd>
            </div>
          </dl>
        </DialogBody>
      </DialogContent>
    </Dialog>
  );
}
