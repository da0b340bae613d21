import { Dialog, DialogBody, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { KbdShortcut } from '@/components/ui/kbd';
import { BUILDER_SHORTCUTS } from '../lib/builderShortcuts';

export function BuilderShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-sm">
        <DialogHeader>
          <DialogTitle>Builder shortcuts</DialogTitle>
          <DialogDescription>They work on the canvas, not while you're typing in a field.</DialogDescription>
        </DialogHeader>
        <DialogBody className="pb-5">
          <dl className="grid gap-2">
            {BUILDER_SHORTCUTS.map((s) => (
              <div key={s.action} className="flex items-center justify-between gap-4 text-[13px]">
                <dt>{s.label}</dt>
                <dd>
                  <KbdShortcut keys={s.keys} />
                </dd>
              </div>
            ))}
            <div className="flex items-center justify-between gap-4 text-[13px]">
              <dt>Add the focused palette step</dt>
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
